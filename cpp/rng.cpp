#include "rng.h"

#include <cmath>
#include <stdexcept>

namespace boxwalk {
namespace {

constexpr uint32_t kInitA = 0x43b0d7e5u;
constexpr uint32_t kMultA = 0x931e8875u;
constexpr uint32_t kInitB = 0x8b51f9ddu;
constexpr uint32_t kMultB = 0x58f38dedu;
constexpr uint32_t kMixMultL = 0xca01f9ddu;
constexpr uint32_t kMixMultR = 0x4973f715u;
constexpr int kXShift = 16;
constexpr std::size_t kPoolSize = 4;

constexpr uint128 kPcgMultiplier =
    (static_cast<uint128>(0x2360ED051FC65DA4ULL) << 64) | static_cast<uint128>(0x4385DF649FCCF645ULL);

uint32_t mix(uint32_t x, uint32_t y) {
  uint32_t r = kMixMultL * x - kMixMultR * y;
  r ^= r >> kXShift;
  return r;
}

}  // namespace

std::vector<uint64_t> seed_sequence_state(const std::vector<uint32_t>& entropy, std::size_t n_words) {
  uint32_t hash_const = kInitA;
  auto hashmix = [&hash_const](uint32_t value) {
    value ^= hash_const;
    hash_const *= kMultA;
    value *= hash_const;
    value ^= value >> kXShift;
    return value;
  };
  std::array<uint32_t, kPoolSize> pool{};
  for (std::size_t i = 0; i < kPoolSize; ++i) pool[i] = hashmix(i < entropy.size() ? entropy[i] : 0u);
  for (std::size_t src = 0; src < kPoolSize; ++src)
    for (std::size_t dst = 0; dst < kPoolSize; ++dst)
      if (src != dst) pool[dst] = mix(pool[dst], hashmix(pool[src]));
  for (std::size_t k = kPoolSize; k < entropy.size(); ++k)
    for (std::size_t dst = 0; dst < kPoolSize; ++dst) pool[dst] = mix(pool[dst], hashmix(entropy[k]));

  std::vector<uint64_t> out(n_words);
  uint32_t gen_const = kInitB;
  for (std::size_t i = 0; i < 2 * n_words; ++i) {
    uint32_t v = pool[i % kPoolSize];
    v ^= gen_const;
    gen_const *= kMultB;
    v *= gen_const;
    v ^= v >> kXShift;
    if (i % 2 == 0) out[i / 2] = v;
    else out[i / 2] |= static_cast<uint64_t>(v) << 32;
  }
  return out;
}

std::vector<uint32_t> entropy_words(uint64_t seed) {
  std::vector<uint32_t> words;
  do {
    words.push_back(static_cast<uint32_t>(seed & 0xffffffffu));
    seed >>= 32;
  } while (seed != 0);
  return words;
}

Pcg64 Pcg64::from_seed(uint64_t seed) { return from_seed_words(entropy_words(seed)); }

Pcg64 Pcg64::from_seed_words(const std::vector<uint32_t>& entropy) {
  const std::vector<uint64_t> w = seed_sequence_state(entropy, 4);
  const uint128 initstate = (static_cast<uint128>(w[0]) << 64) | w[1];
  const uint128 initseq = (static_cast<uint128>(w[2]) << 64) | w[3];
  Pcg64State s;
  s.inc = (initseq << 1) | 1u;
  s.state = 0;
  s.state = s.state * kPcgMultiplier + s.inc;
  s.state += initstate;
  s.state = s.state * kPcgMultiplier + s.inc;
  return Pcg64(s);
}

uint64_t Pcg64::next_uint64() {
  s_.state = s_.state * kPcgMultiplier + s_.inc;
  const uint64_t hi = static_cast<uint64_t>(s_.state >> 64);
  const uint64_t lo = static_cast<uint64_t>(s_.state);
  const uint64_t x = hi ^ lo;
  const unsigned rot = static_cast<unsigned>(hi >> 58);
  return (x >> rot) | (x << ((64u - rot) & 63u));
}

uint32_t Pcg64::next_uint32() {
  if (s_.has_uint32) {
    s_.has_uint32 = false;
    return s_.uinteger;
  }
  const uint64_t next = next_uint64();
  s_.has_uint32 = true;
  s_.uinteger = static_cast<uint32_t>(next >> 32);
  return static_cast<uint32_t>(next & 0xffffffffu);
}

int64_t Pcg64::integers(int64_t low, int64_t high) {
  if (high <= low) throw std::invalid_argument("integers: high <= low");
  const uint64_t range = static_cast<uint64_t>(high - low) - 1;  // numpy's `rng` (inclusive span)
  if (range == 0) return low;
  if (range > 0xffffffffULL - 1) throw std::invalid_argument("integers: ranges of 2^32 and more are not implemented");
  const uint32_t rng_excl = static_cast<uint32_t>(range) + 1;
  uint64_t m = static_cast<uint64_t>(next_uint32()) * rng_excl;
  uint32_t leftover = static_cast<uint32_t>(m);
  if (leftover < rng_excl) {
    const uint32_t threshold = static_cast<uint32_t>(0xffffffffu - static_cast<uint32_t>(range)) % rng_excl;
    while (leftover < threshold) {
      m = static_cast<uint64_t>(next_uint32()) * rng_excl;
      leftover = static_cast<uint32_t>(m);
    }
  }
  return low + static_cast<int64_t>(m >> 32);
}

double Pcg64::normal(double mean, double std) {
  double x1, x2, r2;
  do {
    x1 = 2.0 * random() - 1.0;
    x2 = 2.0 * random() - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 == 0.0);
  const double f = std::sqrt(-2.0 * std::log(r2) / r2);
  return mean + std * (f * x2);
}

}  // namespace boxwalk
