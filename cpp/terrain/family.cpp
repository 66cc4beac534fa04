#include "terrain/family.h"

#include <stdexcept>

#include "bodies/registry.h"

namespace boxwalk {

// One line per family (each defined in its own file).
TerrainFamily classic_family();
TerrainFamily stump_tracks_family();
TerrainFamily hexagon_tracks_family();
TerrainFamily obstacle_course_family();
TerrainFamily heightfield_family();
TerrainFamily parkour_family();
TerrainFamily gaps_family();

const std::vector<TerrainFamily>& terrain_families() {
  static const std::vector<TerrainFamily> families = {
      classic_family(),     stump_tracks_family(), hexagon_tracks_family(), obstacle_course_family(),
      heightfield_family(), parkour_family(),      gaps_family(),
  };
  return families;
}

namespace {

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "'" : ", '") + name + "'";
  return "[" + out + "]";
}

bool takes(BodyRule rule, const BodyEntry& entry) {
  switch (rule) {
    case BodyRule::kGymnasiumWalker:
      return std::string(entry.name) == "old_classic_bipedal";
    case BodyRule::kWalkers:
      return entry.kind == BodyKind::kWalker;
    case BodyRule::kAny:
      return true;
  }
  return false;
}

}  // namespace

const TerrainFamily& terrain_family(const std::string& name) {
  std::vector<std::string> names;
  for (const TerrainFamily& f : terrain_families()) {
    if (f.name == name) return f;
    names.push_back(f.name);
  }
  throw std::invalid_argument("unknown terrain family '" + name + "'; valid: " + quoted_list(names));
}

void check_context(const TerrainFamily& family, const TerrainContext& context) {
  auto takers = [](bool TerrainFamily::*field) {
    std::string out;
    for (const TerrainFamily& f : terrain_families())
      if (f.*field) out += (out.empty() ? "" : "/") + f.name;
    return out;
  };
  if (context.hardcore && !family.takes_hardcore)
    throw std::invalid_argument("hardcore= is only for the " + takers(&TerrainFamily::takes_hardcore) + " family");
  if (family.needs_cppn) {
    if (!context.cppn) throw std::invalid_argument("the " + family.name + " family needs CPPN weights");
    context.cppn->validate();
  }
}

std::vector<std::string> TerrainFamily::body_names() const {
  std::vector<std::string> names;
  for (const BodyEntry& entry : body_registry())
    if (takes(bodies, entry)) names.emplace_back(entry.name);
  return names;
}

void TerrainFamily::check_body(const std::string& body) const {
  const BodyEntry* entry = find_body(body);
  if (entry == nullptr)
    throw std::invalid_argument("unknown body '" + body + "'; valid: " + quoted_list(boxwalk::body_names()));
  if (!takes(bodies, *entry))
    throw std::invalid_argument("body '" + body + "' is not supported by family '" + name + "'; valid: " +
                                quoted_list(body_names()));
}

}  // namespace boxwalk
