#include "terrain/cppn.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

// The forward pass is written once (forward_pass below) and compiled three times, for SSE2 (every x86-64), AVX2 and
// AVX-512F, picked at run time. The three give the same bits: every lane does the same IEEE operations in the same
// order (no FMA: -ffp-contract=off, and mul/add are separate statements), only more lanes at once. The activations
// use no libm: tanh and softplus are computed in double from +, -, *, / alone, so the terrain does not depend on the
// machine's libm version either.
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define BOXWALK_CPPN_DISPATCH 1
#define BOXWALK_INLINE inline __attribute__((always_inline))
#else
#define BOXWALK_CPPN_DISPATCH 0
#define BOXWALK_INLINE inline
#endif

namespace boxwalk {
namespace {

constexpr int P = CppnWeights::kPoints, H = CppnWeights::kHidden, IN = CppnWeights::kInputs,
              OUT = CppnWeights::kOutputs;

// Native vectors of each instruction set (4, 8 and 16 floats); load/store move one from/to a plain float array.
typedef float Floats4 __attribute__((vector_size(16)));
typedef float Floats8 __attribute__((vector_size(32)));
typedef float Floats16 __attribute__((vector_size(64)));

template <typename V>
BOXWALK_INLINE void load(V& v, const float* p) {
  std::memcpy(&v, p, sizeof v);
}

template <typename V>
BOXWALK_INLINE void store(float* p, const V& v) {
  std::memcpy(p, &v, sizeof v);
}

// out[r][j] = sum_k in[r][k] * w[k][j], each sum started at 0 and taken over k in ascending order (the naive loop's
// order), as float32 operations. A block of R rows x VC vectors of columns keeps its sums in registers across k, and
// each weight vector loaded serves R rows; V, R and VC are chosen per instruction set to fit its registers.
template <typename V, int R, int VC, int NIN, int NOUT>
BOXWALK_INLINE void matmul(const float* in, const float* w, float* out) {
  constexpr int L = static_cast<int>(sizeof(V) / sizeof(float)), C = VC * L;
  static_assert(P % R == 0 && NOUT % C == 0, "the blocks tile the matrix");
  for (int r0 = 0; r0 < P; r0 += R) {
    for (int c0 = 0; c0 < NOUT; c0 += C) {
      V acc[R][VC] = {};
      for (int k = 0; k < NIN; ++k) {
        V wk[VC];
        for (int v = 0; v < VC; ++v) load(wk[v], w + k * NOUT + c0 + v * L);
        for (int r = 0; r < R; ++r) {
          const float a = in[(r0 + r) * NIN + k];
          for (int v = 0; v < VC; ++v) acc[r][v] += a * wk[v];
        }
      }
      for (int r = 0; r < R; ++r)
        for (int v = 0; v < VC; ++v) store(out + (r0 + r) * NOUT + c0 + v * L, acc[r][v]);
    }
  }
}

// The same sums for the 2 output columns of the last layer.
BOXWALK_INLINE void matmul_narrow(const float* in, const float* w, float* out) {
  for (int r = 0; r < P; ++r) {
    float g = 0.0f, c = 0.0f;
    for (int k = 0; k < H; ++k) {
      g += in[r * H + k] * w[k * OUT];
      c += in[r * H + k] * w[k * OUT + 1];
    }
    out[r * OUT] = g;
    out[r * OUT + 1] = c;
  }
}

// exp(y) = 2^k * (1 + expm1_reduced(r)), y = k ln2 + r, |r| <= ln2 / 2, for y in [-745, 709] (callers clamp further).
constexpr double kInvLn2 = 1.4426950408889634;
constexpr double kLn2Hi = 0x1.62e42fee00000p-1;  // 32 significant bits: k * kLn2Hi is exact for |k| < 2^21
constexpr double kLn2Lo = 0x1.a39ef35793c76p-33;
constexpr double kRoundShift = 0x1.8p52;  // y / ln2 + this has the nearest integer k in its low mantissa bits

struct Reduced {
  double r;      // y - k ln2
  double scale;  // 2^k
};

BOXWALK_INLINE Reduced reduce(double y) {
  const double t = y * kInvLn2 + kRoundShift;
  const double k = t - kRoundShift;
  uint64_t bits;
  std::memcpy(&bits, &t, sizeof bits);
  // bits(t) = bits(kRoundShift) + k, and bits(kRoundShift) << 52 vanishes: the exponent field of 2^k is (k + 1023).
  const uint64_t scale_bits = (bits + 1023) << 52;
  Reduced out;
  std::memcpy(&out.scale, &scale_bits, sizeof out.scale);
  out.r = (y - k * kLn2Hi) - k * kLn2Lo;
  return out;
}

// expm1(r) for |r| <= 0.347: Taylor to r^13 (the first term left out is below 2e-17 relative).
BOXWALK_INLINE double expm1_reduced(double r) {
  double p = 1.0 / 6227020800.0;  // 1/13!
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  return p * r;
}

// log1p(z) for z in [0, 1] as 2 atanh(s) (+ ln 2), |s| <= 3 - 2 sqrt(2) < 0.1716: s = z / (2 + z) up to z = sqrt(2) - 1,
// above it log1p(z) = ln 2 + log((1 + z) / 2) with s = (z - 1) / (3 + z). 2 atanh(s) = 2s sum_n s^2n / (2n + 1) to
// n = 10 (the first term left out is below 3e-17 relative).
BOXWALK_INLINE double log1p_unit(double z) {
  constexpr double kSqrt2Minus1 = 0.41421356237309503;
  constexpr double kLn2 = 0.6931471805599453;
  const bool upper = z > kSqrt2Minus1;
  const double s = (upper ? z - 1.0 : z) / (upper ? 3.0 + z : 2.0 + z);  // one division for both branches
  const double s2 = s * s;
  double sum = 1.0 / 21.0;
#pragma GCC unroll 10
  for (int n = 9; n >= 0; --n) sum = sum * s2 + 1.0 / (2 * n + 1);
  return (upper ? kLn2 : 0.0) + 2.0 * s * sum;
}

// Each activation is three steps: the argument reduction, exp(y) - 1 or exp(y) from the reduced argument, and the
// rest. One element at a time is the plain composition (activation_one); a layer goes through them in passes
// (activation_layer), the same operations on the same values in another order of elements.

// tanh of a float, to within 1e-15 relative before the one rounding to float (so the correctly rounded float except
// where tanh(x) lies within that distance of a rounding boundary). tanh(|x|) = e / (e + 2), e = expm1(2|x|); beyond
// |x| = 20 every float rounds to 1.
struct Tanh {
  static BOXWALK_INLINE Reduced reduction(float x) {
    const double ax = std::fabs(static_cast<double>(x));
    return reduce(2.0 * (ax < 20.0 ? ax : 20.0));
  }
  // k >= 0; both terms exact up to k = 53, one rounding (beyond, the result rounds to 1 whatever the error)
  static BOXWALK_INLINE double exponential(double r, double scale) {
    return scale * expm1_reduced(r) + (scale - 1.0);
  }
  static BOXWALK_INLINE float finish(float x, double em1) {
    return std::copysign(static_cast<float>(em1 / (em1 + 2.0)), x);
  }
};

// softplus(x) = max(x, 0) + log1p(exp(-|x|)), same accuracy as Tanh; beyond |x| = 200, exp(-|x|) rounds to a float 0
// either way.
struct Softplus {
  static BOXWALK_INLINE Reduced reduction(float x) {
    const double ax = std::fabs(static_cast<double>(x));
    return reduce(-(ax < 200.0 ? ax : 200.0));
  }
  static BOXWALK_INLINE double exponential(double r, double scale) { return scale * (1.0 + expm1_reduced(r)); }
  static BOXWALK_INLINE float finish(float x, double z) {
    const double xd = static_cast<double>(x);
    return static_cast<float>((xd > 0.0 ? xd : 0.0) + log1p_unit(z));
  }
};

template <typename Activation>
BOXWALK_INLINE float activation_one(float x) {
  const Reduced e = Activation::reduction(x);
  return Activation::finish(x, Activation::exponential(e.r, e.scale));
}

// Per element the composition is one dependency chain of ~200 cycles, too long for the out-of-order window to
// overlap enough vectors of elements; three passes over a chunk of the layer give it independent work (forward
// pass measured ~15 % faster on AVX-512, ~20 % on AVX2). n must be a multiple of kChunk.
constexpr int kChunk = 64;
static_assert(P * H % kChunk == 0, "the chunks tile a layer");

template <typename Activation>
BOXWALK_INLINE void activation_layer(float* v, int n) {
  double r[kChunk], scale[kChunk], exps[kChunk];
  for (int c = 0; c < n; c += kChunk) {
    float* chunk = v + c;
    for (int i = 0; i < kChunk; ++i) {
      const Reduced e = Activation::reduction(chunk[i]);
      r[i] = e.r;
      scale[i] = e.scale;
    }
    for (int i = 0; i < kChunk; ++i) exps[i] = Activation::exponential(r[i], scale[i]);
    for (int i = 0; i < kChunk; ++i) chunk[i] = Activation::finish(chunk[i], exps[i]);
  }
}

template <typename V, int R, int VC>
BOXWALK_INLINE void forward_pass(const CppnWeights& weights, const float* x, float* a, float* b, float* out) {
  matmul<V, R, VC, IN, H>(x, weights.w0.data(), a);
  activation_layer<Tanh>(a, P * H);
  matmul<V, R, VC, H, H>(a, weights.w1.data(), b);
  activation_layer<Softplus>(b, P * H);
  matmul<V, R, VC, H, H>(b, weights.w2.data(), a);
  activation_layer<Tanh>(a, P * H);
  matmul<V, R, VC, H, H>(a, weights.w3.data(), b);
  activation_layer<Softplus>(b, P * H);
  matmul_narrow(b, weights.w4.data(), out);
}

using ForwardFn = void (*)(const CppnWeights&, const float*, float*, float*, float*);

// Registers: SSE2 and AVX2 have 16 (4 x 2 sums + 2 weights + 1), AVX-512 32 (4 x 4 sums + 4 weights + 1).
void forward_baseline(const CppnWeights& w, const float* x, float* a, float* b, float* out) {
  forward_pass<Floats4, 4, 2>(w, x, a, b, out);
}

#if BOXWALK_CPPN_DISPATCH
__attribute__((target("avx2"))) void forward_avx2(const CppnWeights& w, const float* x, float* a, float* b,
                                                  float* out) {
  forward_pass<Floats8, 4, 2>(w, x, a, b, out);
}

__attribute__((target("avx512f"))) void forward_avx512(const CppnWeights& w, const float* x, float* a, float* b,
                                                       float* out) {
  forward_pass<Floats16, 4, 4>(w, x, a, b, out);
}
#endif

ForwardFn forward_for(CppnIsa isa) {
  switch (isa) {
    case CppnIsa::kBaseline:
      return forward_baseline;
#if BOXWALK_CPPN_DISPATCH
    case CppnIsa::kAvx2:
      return forward_avx2;
    case CppnIsa::kAvx512:
      return forward_avx512;
#endif
    default:
      throw std::invalid_argument("this build has no CPPN kernel for that instruction set");
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

bool cppn_isa_supported(CppnIsa isa) {
#if BOXWALK_CPPN_DISPATCH
  switch (isa) {
    case CppnIsa::kBaseline:
      return true;
    case CppnIsa::kAvx2:
      return __builtin_cpu_supports("avx2");
    case CppnIsa::kAvx512:
      return __builtin_cpu_supports("avx512f");
  }
  return false;
#else
  return isa == CppnIsa::kBaseline;
#endif
}

CppnIsa cppn_best_isa() {
  static const CppnIsa best = cppn_isa_supported(CppnIsa::kAvx512) ? CppnIsa::kAvx512
                              : cppn_isa_supported(CppnIsa::kAvx2)  ? CppnIsa::kAvx2
                                                                    : CppnIsa::kBaseline;
  return best;
}

void CppnWeights::validate() const {
  check(w0, kInputs, kHidden, "w0");
  check(w1, kHidden, kHidden, "w1");
  check(w2, kHidden, kHidden, "w2");
  check(w3, kHidden, kHidden, "w3");
  check(w4, kHidden, kOutputs, "w4");
}

void cppn_curves(const CppnWeights& weights, const double v[3], double scale, double* ground, double* ceiling,
                 CppnIsa isa) {
  if (!cppn_isa_supported(isa)) throw std::invalid_argument("this CPU lacks the instruction set asked for");
  thread_local std::vector<float> x, a, b;
  x.resize(P * IN);
  a.resize(P * H);
  b.resize(P * H);
  for (int i = 0; i < P; ++i) {
    x[i * IN + 0] = static_cast<float>(static_cast<double>(i) / (P - 1));
    for (int d = 0; d < 3; ++d) x[i * IN + 1 + d] = static_cast<float>(v[d]);
  }
  float out[P * OUT];
  forward_for(isa)(weights, x.data(), a.data(), b.data(), out);
  for (int i = 0; i < P; ++i) {
    ground[i] = static_cast<double>(out[2 * i]) / scale;
    ceiling[i] = static_cast<double>(out[2 * i + 1]) / scale;
  }
}

void cppn_curves(const CppnWeights& weights, const double v[3], double scale, double* ground, double* ceiling) {
  cppn_curves(weights, v, scale, ground, ceiling, cppn_best_isa());
}

void cppn_activations(CppnActivation which, const float* in, float* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    out[i] = which == CppnActivation::kTanh ? activation_one<Tanh>(in[i]) : activation_one<Softplus>(in[i]);
}

}  // namespace boxwalk
