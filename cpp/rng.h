// A numpy-compatible random stream: numpy's PCG64 bit generator, seeded the way
// np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed))) seeds it, and the exact algorithms behind
// Generator.random(), .uniform(low, high) and .integers(low, high) (int64, high exclusive).
//
// Given the same state, every draw equals numpy's to the last bit, so terrains replay Gymnasium's for a seed.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

namespace boxwalk {

using uint128 = unsigned __int128;

// numpy.random.SeedSequence(entropy).generate_state(n_words, uint64) for entropy given as little-endian 32-bit words
// (no spawn key, pool size 4).
std::vector<uint64_t> seed_sequence_state(const std::vector<uint32_t>& entropy, std::size_t n_words);

// The 32-bit little-endian words of a non-negative integer, as SeedSequence reads it (0 -> {0}).
std::vector<uint32_t> entropy_words(uint64_t seed);

// Everything numpy's PCG64.state dict holds: {"state": {"state", "inc"}, "has_uint32", "uinteger"}.
struct Pcg64State {
  uint128 state = 0;
  uint128 inc = 1;
  bool has_uint32 = false;
  uint32_t uinteger = 0;
};

class Pcg64 {
 public:
  Pcg64() = default;
  explicit Pcg64(const Pcg64State& s) : s_(s) {}
  // The state numpy reaches for PCG64(SeedSequence(seed)).
  static Pcg64 from_seed(uint64_t seed);
  static Pcg64 from_seed_words(const std::vector<uint32_t>& entropy);

  const Pcg64State& state() const { return s_; }

  uint64_t next_uint64();
  // Returns the buffered upper half of the previous 64-bit output if there is one (numpy's has_uint32/uinteger).
  uint32_t next_uint32();
  // Generator.random(): 53 random bits in [0, 1).
  double random() { return static_cast<double>(next_uint64() >> 11) * (1.0 / 9007199254740992.0); }
  // Generator.uniform(low, high): low + (high - low) * random(); always consumes one 64-bit output.
  double uniform(double low, double high) {
    const double range = high - low;
    return low + range * random();
  }
  // Generator.integers(low, high) with int64 dtype (high exclusive): buffered 32-bit Lemire rejection for ranges
  // below 2^32; a one-value range consumes nothing.
  int64_t integers(int64_t low, int64_t high);
  // N(mean, std) by the polar method RandomState uses (two uniforms in (-1, 1) until inside the unit disc), without
  // RandomState's cached second value, so a stream's state is only the bit generator's.
  double normal(double mean, double std);

 private:
  Pcg64State s_;
};

}  // namespace boxwalk
