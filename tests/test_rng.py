"""The C++ stream must reproduce numpy's Generator(PCG64(SeedSequence(s))) draw for draw."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boxwalk import _core

TERRAIN_STEP = 14 / 30.0
N = 5000


def numpy_gen(seed: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))


def state_tuple(gen: np.random.Generator) -> tuple[int, ...]:
    st_ = gen.bit_generator.state
    m = (1 << 64) - 1
    s, inc = st_["state"]["state"], st_["state"]["inc"]
    return (s >> 64, s & m, inc >> 64, inc & m, st_["has_uint32"], st_["uinteger"])


@pytest.mark.parametrize("seed", [0, 1, 42, 2**32 - 1, 2**32, 2**63 + 12345, 2**64 - 1])
def test_seeding_matches_numpy(seed):
    assert _core._testing.Pcg64.from_seed(seed).state == state_tuple(numpy_gen(seed))


def test_seed_sequence_check_value():
    expected = [0xDB2CD7E7B0F478BE, 0xABF4641A2C71BA49, 0x20C6ED6D9D7B8D41, 0x2C4099DE223C39D4]
    assert _core._testing.seed_sequence_state([0], 4) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=9), st.integers(1, 8))
def test_seed_sequence_any_entropy(words, n_words):
    entropy = sum(w << (32 * i) for i, w in enumerate(words))
    if words[-1] == 0 and len(words) > 1:
        return  # numpy drops leading zero words of an int; lists with a zero top word are another input
    expected = np.random.SeedSequence(entropy).generate_state(n_words, np.uint64).tolist()
    assert _core._testing.seed_sequence_state(words, n_words) == expected


@pytest.mark.parametrize("seed", [0, 7, 123456789])
@pytest.mark.parametrize(
    "low,high",
    [(-1, 1), (0, 200), (0, 5 * TERRAIN_STEP), (-5, 5), (0, 0), (2.5, 2.5), (-1e300, 1e300)],
)
def test_uniform(seed, low, high):
    ours = _core._testing.Pcg64.from_seed(seed)
    ref = numpy_gen(seed)
    np.testing.assert_array_equal(ours.uniform(low, high, N), ref.uniform(low, high, N))
    assert ours.state == state_tuple(ref)


@pytest.mark.parametrize("seed", [0, 3, 99])
def test_random(seed):
    ours, ref = _core._testing.Pcg64.from_seed(seed), numpy_gen(seed)
    np.testing.assert_array_equal(ours.random(N), ref.random(N))
    assert ours.state == state_tuple(ref)


@pytest.mark.parametrize("seed", [0, 5, 2024])
@pytest.mark.parametrize("low,high", [(3, 5), (1, 3), (4, 5), (5, 10), (1, 4), (0, 7), (-3, 1000), (0, 2**31 + 17)])
def test_integers(seed, low, high):
    ours, ref = _core._testing.Pcg64.from_seed(seed), numpy_gen(seed)
    got = ours.integers(low, high, N)
    np.testing.assert_array_equal(got, ref.integers(low, high, N))
    assert ours.state == state_tuple(ref)  # includes the buffered upper half
    assert got.min() >= low and got.max() < high


def test_one_value_range_consumes_nothing():
    ours, ref = _core._testing.Pcg64.from_seed(11), numpy_gen(11)
    before = ours.state
    assert ours.integers(4, 5, 10).tolist() == [4] * 10
    assert ours.state == before
    ref.integers(4, 5)
    assert state_tuple(ref) == before


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32), st.lists(st.sampled_from(["u", "r", "i35", "i13", "i45", "i510", "i14"]), max_size=300))
def test_interleaved_calls_share_the_uint32_buffer(seed, calls):
    """Terrain generation interleaves uniform, random and integers; the 32-bit buffer must survive between them."""
    ours, ref = _core._testing.Pcg64.from_seed(seed), numpy_gen(seed)
    bounds = {"i35": (3, 5), "i13": (1, 3), "i45": (4, 5), "i510": (5, 10), "i14": (1, 4)}
    for c in calls:
        if c == "u":
            assert ours.uniform(-1, 1, 1)[0] == ref.uniform(-1, 1)
        elif c == "r":
            assert ours.random(1)[0] == ref.random()
        else:
            lo, hi = bounds[c]
            assert ours.integers(lo, hi, 1)[0] == ref.integers(lo, hi)
    assert ours.state == state_tuple(ref)


def test_state_round_trip_continues_numpy_stream():
    ref = numpy_gen(5)
    ref.integers(3, 5)  # leaves a buffered upper half
    ours = _core._testing.Pcg64(state_tuple(ref))
    np.testing.assert_array_equal(ours.integers(0, 9, 100), ref.integers(0, 9, 100))


def test_bad_integer_ranges_raise():
    r = _core._testing.Pcg64.from_seed(0)
    with pytest.raises(ValueError, match="high must be greater"):
        r.integers(5, 5, 1)
    with pytest.raises(ValueError, match="2\\^32"):
        r.integers(0, 2**40, 1)
