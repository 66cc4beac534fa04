// TeachMyAgent's Parkour terrain CPPN: a bias-free MLP 4 -> 64 tanh -> 64 softplus -> 64 tanh -> 64 softplus -> 2,
// evaluated in float32 on the 200 rows [i/199, v1, v2, v3]. Column 0 is the ground, column 1 the ceiling. Every
// product and sum is a float32 operation in the naive loop order; tanh and softplus are correctly rounded floats (to
// within 1e-15 relative before rounding), so the terrain is the same on every x86-64 machine and libm.
#pragma once
#include <cstddef>
#include <vector>

namespace boxwalk {

struct CppnWeights {
  static constexpr int kInputs = 4;
  static constexpr int kHidden = 64;
  static constexpr int kOutputs = 2;
  static constexpr int kPoints = 200;
  // Row-major [in][out], applied to row vectors (x @ W).
  std::vector<float> w0, w1, w2, w3, w4;

  // Throws std::invalid_argument unless every matrix has its shape and only finite values.
  void validate() const;
};

// The instruction sets the forward pass is compiled for. All give the same bits; the best the CPU has is used.
enum class CppnIsa { kBaseline, kAvx2, kAvx512 };
bool cppn_isa_supported(CppnIsa isa);
CppnIsa cppn_best_isa();

// ground[k], ceiling[k] for k < kPoints: the CPPN outputs for input vector v, divided by `scale`.
void cppn_curves(const CppnWeights& weights, const double v[3], double scale, double* ground, double* ceiling);
// The same with a chosen instruction set (tests); std::invalid_argument if the CPU lacks it.
void cppn_curves(const CppnWeights& weights, const double v[3], double scale, double* ground, double* ceiling,
                 CppnIsa isa);

// The CPPN's elementwise tanh and softplus on n floats (tests compare them with a high-precision reference).
enum class CppnActivation { kTanh, kSoftplus };
void cppn_activations(CppnActivation which, const float* in, float* out, std::size_t n);

}  // namespace boxwalk
