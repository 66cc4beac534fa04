// Included by the build-time patched Box2D/Common/b2Settings.h in place of pybox2d's Python-API assertion.
// A failed b2Assert throws a plain C++ exception: safe on a thread without the GIL, and translated into a Python
// exception (boxwalk.Box2DAssertionError) by the bindings.
#pragma once
#include <stdexcept>

namespace boxwalk {

class Box2DAssertion : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Out of line and cold: the checks sit in Box2D's hot loops, only the comparison should stay there.
[[noreturn]] __attribute__((cold, noinline)) void box2d_assertion_failed(const char* condition, const char* file,
                                                                         int line);

}  // namespace boxwalk

#define b2Assert(A)                                                                        \
  do {                                                                                     \
    if (__builtin_expect(!(A), 0)) ::boxwalk::box2d_assertion_failed(#A, __FILE__, __LINE__); \
  } while (0)
