// The bodies, under TeachMyAgent's names. A new body: one file defining its `BodySpec make_...(const
// BodyOptions&)`, and one line in registry.cpp.
#pragma once
#include <string>
#include <vector>

#include "bodies/body_spec.h"

namespace boxwalk {

using BodyFactory = BodySpec (*)(const BodyOptions&);

struct BodyEntry {
  const char* name;
  BodyKind kind;
  BodyFactory make;
};

const std::vector<BodyEntry>& body_registry();
// nullptr when unknown.
const BodyEntry* find_body(const std::string& name);
std::vector<std::string> body_names();

}  // namespace boxwalk
