// Included by the build-time patched Box2D/Common/b2Settings.h in place of pybox2d's Python-API assertion.
// A failed b2Assert throws a plain C++ exception: safe on a thread without the GIL, and translated into a Python
// exception (boxwalk.Box2DAssertionError) by the bindings.
#pragma once
#include <stdexcept>
#include <string>

namespace boxwalk {

class Box2DAssertion : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

[[noreturn]] inline void box2d_assertion_failed(const char* condition, const char* file, int line) {
  throw Box2DAssertion(std::string("Box2D assertion failed: ") + condition + " (" + file + ":" + std::to_string(line) + ")");
}

}  // namespace boxwalk

#define b2Assert(A)                                                  \
  do {                                                               \
    if (!(A)) ::boxwalk::box2d_assertion_failed(#A, __FILE__, __LINE__); \
  } while (0)
