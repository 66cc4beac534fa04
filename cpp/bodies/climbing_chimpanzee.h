// The two climbing chimpanzees share everything but the legs.
#pragma once
#include "bodies/body_spec.h"

namespace boxwalk {

// Head and chest (critical unless on the ceiling), arms pointing up with a one-part hand and a grasp sensor welded
// at each hand tip; with `legs`, two legs whose lower parts are critical too.
BodySpec build_climbing_chimpanzee(const char* name, bool legs);

}  // namespace boxwalk
