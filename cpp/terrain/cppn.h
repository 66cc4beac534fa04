// TeachMyAgent's Parkour terrain CPPN: a bias-free MLP 4 -> 64 tanh -> 64 softplus -> 64 tanh -> 64 softplus -> 2,
// evaluated in float32 on the 200 rows [i/199, v1, v2, v3]. Column 0 is the ground, column 1 the ceiling.
#pragma once
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

// ground[k], ceiling[k] for k < kPoints: the CPPN outputs for input vector v, divided by `scale`.
void cppn_curves(const CppnWeights& weights, const double v[3], double scale, double* ground, double* ceiling);

}  // namespace boxwalk
