// The legless climber: head, chest and the climbing arms (8 actions: 6 motors and 2 grasps).
#include "bodies/climbing_chimpanzee.h"

namespace boxwalk {

BodySpec make_climbing_chest_profile_chimpanzee(const BodyOptions&) {
  return build_climbing_chimpanzee("climbing_chest_profile_chimpanzee", false);
}

}  // namespace boxwalk
