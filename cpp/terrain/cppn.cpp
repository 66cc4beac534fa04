#include "terrain/cppn.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace boxwalk {
namespace {

// out[r][j] = sum_k in[r][k] * w[k][j]; each output sums over k in ascending order, so the result is the same
// whatever vector width the compiler uses across j.
void matmul(const float* in, int rows, int n_in, const float* w, int n_out, float* out) {
  for (int r = 0; r < rows; ++r) {
    float* o = out + r * n_out;
    for (int j = 0; j < n_out; ++j) o[j] = 0.0f;
    for (int k = 0; k < n_in; ++k) {
      const float a = in[r * n_in + k];
      const float* wk = w + k * n_out;
      for (int j = 0; j < n_out; ++j) o[j] += a * wk[j];
    }
  }
}

void apply_tanh(float* v, int n) {
  for (int i = 0; i < n; ++i) v[i] = std::tanh(v[i]);
}

void apply_softplus(float* v, int n) {
  for (int i = 0; i < n; ++i) {
    const float x = v[i];
    v[i] = (x > 0.0f ? x : 0.0f) + std::log1p(std::exp(-std::fabs(x)));
  }
}

void check(const std::vector<float>& w, std::size_t rows, std::size_t cols, const char* name) {
  if (w.size() != rows * cols)
    throw std::invalid_argument(std::string("CPPN weight ") + name + " must have shape (" + std::to_string(rows) +
                                ", " + std::to_string(cols) + ")");
  for (float v : w)
    if (!std::isfinite(v)) throw std::invalid_argument(std::string("CPPN weight ") + name + " has non-finite values");
}

}  // namespace

void CppnWeights::validate() const {
  check(w0, kInputs, kHidden, "w0");
  check(w1, kHidden, kHidden, "w1");
  check(w2, kHidden, kHidden, "w2");
  check(w3, kHidden, kHidden, "w3");
  check(w4, kHidden, kOutputs, "w4");
}

void cppn_curves(const CppnWeights& weights, const double v[3], double scale, double* ground, double* ceiling) {
  constexpr int P = CppnWeights::kPoints, H = CppnWeights::kHidden;
  thread_local std::vector<float> x, a, b;
  x.resize(P * CppnWeights::kInputs);
  a.resize(P * H);
  b.resize(P * H);
  for (int i = 0; i < P; ++i) {
    x[i * 4 + 0] = static_cast<float>(static_cast<double>(i) / (P - 1));
    for (int d = 0; d < 3; ++d) x[i * 4 + 1 + d] = static_cast<float>(v[d]);
  }
  matmul(x.data(), P, CppnWeights::kInputs, weights.w0.data(), H, a.data());
  apply_tanh(a.data(), P * H);
  matmul(a.data(), P, H, weights.w1.data(), H, b.data());
  apply_softplus(b.data(), P * H);
  matmul(b.data(), P, H, weights.w2.data(), H, a.data());
  apply_tanh(a.data(), P * H);
  matmul(a.data(), P, H, weights.w3.data(), H, b.data());
  apply_softplus(b.data(), P * H);
  float out[P * CppnWeights::kOutputs];
  matmul(b.data(), P, H, weights.w4.data(), CppnWeights::kOutputs, out);
  for (int i = 0; i < P; ++i) {
    ground[i] = static_cast<double>(out[2 * i]) / scale;
    ceiling[i] = static_cast<double>(out[2 * i + 1]) / scale;
  }
}

}  // namespace boxwalk
