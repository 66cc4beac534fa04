#pragma once
#include <cstdint>

namespace boxwalk {

struct Rgb {
  uint8_t r, g, b;
};

}  // namespace boxwalk
