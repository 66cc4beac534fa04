#include "bodies/registry.h"

namespace boxwalk {

BodySpec make_old_classic_bipedal(const BodyOptions&);
BodySpec make_classic_bipedal(const BodyOptions&);
BodySpec make_small_bipedal(const BodyOptions&);
BodySpec make_old_big_quadru(const BodyOptions&);
BodySpec make_big_quadru(const BodyOptions&);
BodySpec make_spider(const BodyOptions&);
BodySpec make_millipede(const BodyOptions&);
BodySpec make_wheel(const BodyOptions&);
BodySpec make_profile_chimpanzee(const BodyOptions&);
BodySpec make_amphibious_bipedal(const BodyOptions&);
BodySpec make_fish(const BodyOptions&);
BodySpec make_climbing_profile_chimpanzee(const BodyOptions&);
BodySpec make_climbing_chest_profile_chimpanzee(const BodyOptions&);

const std::vector<BodyEntry>& body_registry() {
  static const std::vector<BodyEntry> entries = {
      {"old_classic_bipedal", BodyKind::kWalker, make_old_classic_bipedal},
      {"classic_bipedal", BodyKind::kWalker, make_classic_bipedal},
      {"small_bipedal", BodyKind::kWalker, make_small_bipedal},
      {"old_big_quadru", BodyKind::kWalker, make_old_big_quadru},
      {"big_quadru", BodyKind::kWalker, make_big_quadru},
      {"spider", BodyKind::kWalker, make_spider},
      {"millipede", BodyKind::kWalker, make_millipede},
      {"wheel", BodyKind::kWalker, make_wheel},
      {"profile_chimpanzee", BodyKind::kWalker, make_profile_chimpanzee},
      {"amphibious_bipedal", BodyKind::kAmphibian, make_amphibious_bipedal},
      {"fish", BodyKind::kSwimmer, make_fish},
      {"climbing_profile_chimpanzee", BodyKind::kClimber, make_climbing_profile_chimpanzee},
      {"climbing_chest_profile_chimpanzee", BodyKind::kClimber, make_climbing_chest_profile_chimpanzee},
  };
  return entries;
}

const BodyEntry* find_body(const std::string& name) {
  for (const BodyEntry& entry : body_registry())
    if (name == entry.name) return &entry;
  return nullptr;
}

std::vector<std::string> body_names() {
  std::vector<std::string> names;
  for (const BodyEntry& entry : body_registry()) names.emplace_back(entry.name);
  return names;
}

}  // namespace boxwalk
