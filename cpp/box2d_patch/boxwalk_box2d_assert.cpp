#include "boxwalk_box2d_assert.h"

#include <string>

namespace boxwalk {

void box2d_assertion_failed(const char* condition, const char* file, int line) {
  throw Box2DAssertion(std::string("Box2D assertion failed: ") + condition + " (" + file + ":" + std::to_string(line) +
                       ")");
}

}  // namespace boxwalk
