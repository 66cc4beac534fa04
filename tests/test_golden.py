"""Golden trajectory hashes: every (family, body) pair on fixed seeds and actions, hashed step by step. Any physics
change fails here loudly; a deliberate one regenerates the table in a commit that says what changed and why:

    python tests/test_golden.py        # rewrites tests/golden/trajectories.json

The hashes are per env and the same for 1, 2 or 3 threads and for any placement of the envs in a batch.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest

import boxwalk
from boxwalk.envs import families

TABLE = Path(__file__).parent / "golden" / "trajectories.json"
STEPS = 200
SEEDS = (101, 202, 303)


def pairs() -> list[tuple[str, str]]:
    out = [("classic", "normal"), ("classic", "hardcore")]
    for family in families.task_families():
        out += [(family, body) for body in boxwalk.body_names(family)]
    return out


def make(family: str, body: str, num_envs: int, threads: int):
    if family == "classic":
        return boxwalk.BipedalWalkerVectorEnv(num_envs, hardcore=body == "hardcore", num_threads=threads)
    return boxwalk.WalkerVectorEnv(num_envs, family=family, body=body, num_threads=threads)


def hashes(family: str, body: str, *, threads: int = 1, slots: list[int] | None = None) -> list[str]:
    """One hash per seed of SEEDS: the observations, rewards and flags of STEPS steps of fixed random actions (the
    env of seed k sits in batch slot slots[k]; other slots play other seeds)."""
    slots = slots or list(range(len(SEEDS)))
    n = max(slots) + 1
    env = make(family, body, n, threads)
    seeds = [9_999 + i for i in range(n)]
    for k, slot in enumerate(slots):
        seeds[slot] = SEEDS[k]
    obs, _ = env.reset(seed=seeds)
    digests = [hashlib.sha256(obs[slot].tobytes()) for slot in slots]
    act_dim = env.single_action_space.shape[0]
    streams = [np.random.default_rng(seed) for seed in seeds]
    for _ in range(STEPS):
        actions = np.stack([rng.uniform(-1, 1, act_dim) for rng in streams]).astype(np.float32)
        obs, rewards, terminated, truncated, _ = env.step(actions)
        for digest, slot in zip(digests, slots):
            digest.update(obs[slot].tobytes())
            digest.update(np.float64(rewards[slot]).tobytes())
            digest.update(bytes([bool(terminated[slot]), bool(truncated[slot])]))
    env.close()
    return [d.hexdigest()[:20] for d in digests]


def table() -> dict[str, list[str]]:
    return {f"{family}/{body}": hashes(family, body) for family, body in pairs()}


@pytest.fixture(scope="module")
def golden() -> dict[str, list[str]]:
    return json.loads(TABLE.read_text())


@pytest.mark.parametrize("family,body", pairs())
def test_trajectories_match_the_golden_table(golden, family, body):
    assert hashes(family, body) == golden[f"{family}/{body}"], (
        f"{family}/{body}: physics changed; if on purpose, regenerate with `python tests/test_golden.py` and say why")


def test_the_table_covers_every_pair(golden):
    assert sorted(golden) == sorted(f"{f}/{b}" for f, b in pairs())


@pytest.mark.parametrize("family,body", [("classic", "hardcore"), ("stump_tracks", "spider"), ("parkour", "fish"),
                                         ("parkour", "climbing_profile_chimpanzee"), ("obstacle_course", "wheel")])
def test_hashes_do_not_depend_on_threads_or_batch_layout(golden, family, body):
    want = golden[f"{family}/{body}"]
    assert hashes(family, body, threads=2) == want
    assert hashes(family, body, threads=3, slots=[4, 0, 2]) == want


if __name__ == "__main__":
    TABLE.write_text(json.dumps(table(), indent=1) + "\n")
    print(f"wrote {TABLE} ({len(pairs())} pairs)", file=sys.stderr)
