"""Safety of what users hand to boxwalk: checkpoints load without running code, array files are read without pickle
and their errors name the file and the expected shape, and an exception inside a pool thread reaches the caller as
the same Python exception and leaves the envs usable."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import numpy as np
import pytest
import torch

import boxwalk
from boxwalk import learners, teachers
from boxwalk.envs.families.cppn import default_cppn_arrays
from boxwalk.experiments.checkpoint import CHECKPOINT_VERSION, UnsafeCheckpoint, load_checkpoint, save_checkpoint
from boxwalk.experiments.config import TrainConfig
from boxwalk.tasks import TaskSpace


class Payload:
    """What a malicious checkpoint carries: unpickling it touches a file."""

    def __init__(self, marker: pathlib.Path):
        self.marker = marker

    def __reduce__(self):
        return pathlib.Path.touch, (self.marker,)


def evil_checkpoint(tmp_path) -> tuple[pathlib.Path, pathlib.Path]:
    marker = tmp_path / "pwned"
    path = tmp_path / "checkpoint.pt"
    torch.save({"version": CHECKPOINT_VERSION, "config": {}, "learner": Payload(marker)}, path)
    return path, marker


def test_a_checkpoint_that_would_run_code_is_refused_unread(tmp_path):
    path, marker = evil_checkpoint(tmp_path)
    with pytest.raises(UnsafeCheckpoint, match="refused without running it"):
        load_checkpoint(path)
    assert not marker.exists()


@pytest.mark.parametrize("command", [["eval"], ["render", "--out", "x.gif", "--policy"]])
def test_the_cli_refuses_it_with_one_line_and_exit_2(tmp_path, command):
    path, marker = evil_checkpoint(tmp_path)
    done = subprocess.run([sys.executable, "-m", "boxwalk.cli", *command, str(path)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "refused without running it" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not marker.exists()


SPACE = TaskSpace(["a", "b"], [0, 0], [10, 10])


@pytest.mark.parametrize("name", teachers.names())
def test_every_teachers_state_survives_a_safe_checkpoint(tmp_path, name):
    # 640 episodes: past the 500 after which ALP-GMM indexes its history with a KD-tree (checkpoints failed there).
    rng = np.random.default_rng(0)
    teacher = teachers.make(name, SPACE, seed=0, expert_knowledge="low")
    for _ in range(20):
        tasks = teacher.sample(32)
        teacher.update(tasks, rng.uniform(-100, 300, 32))
    save_checkpoint({"teacher": teacher.state_dict()}, tmp_path)
    restored = teachers.make(name, SPACE, seed=1, expert_knowledge="low")
    restored.load_state_dict(load_checkpoint(tmp_path)["teacher"])
    for _ in range(6):
        tasks = teacher.sample(32)
        np.testing.assert_array_equal(restored.sample(32), tasks)
        returns = rng.uniform(-100, 300, 32)
        teacher.update(tasks, returns)
        restored.update(tasks, returns)


@pytest.mark.parametrize("name", learners.names())
def test_learner_state_survives_a_safe_checkpoint(tmp_path, name):
    learner = learners.make(name, obs_dim=5, act_dim=2, seed=0)
    save_checkpoint({"learner": learner.state_dict(), "rng": torch.get_rng_state()}, tmp_path)
    other = learners.make(name, obs_dim=5, act_dim=2, seed=3)
    other.load_state_dict(load_checkpoint(tmp_path)["learner"])
    obs = np.random.default_rng(0).normal(size=(4, 5)).astype(np.float32)
    np.testing.assert_array_equal(other.policy(obs), learner.policy(obs))


def test_a_truncated_checkpoint_is_a_value_error(tmp_path):
    save_checkpoint({"learner": {}}, tmp_path)
    data = (tmp_path / "checkpoint.pt").read_bytes()
    (tmp_path / "checkpoint.pt").write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="checkpoint"):
        load_checkpoint(tmp_path)


# ---- array files ---------------------------------------------------------------------------------------------------

def test_test_set_files_are_read_without_pickle_and_checked(tmp_path):
    pickled = tmp_path / "objects.npy"
    np.save(pickled, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    config = TrainConfig(env="stump-tracks", test_set=str(pickled))
    with pytest.raises(ValueError, match=r"test set .*objects\.npy: not a \.npy array of numbers"):
        config.validate()
    wrong = tmp_path / "wrong.npy"
    np.save(wrong, np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"wrong\.npy: expected a numeric array of shape \(n, 2\).*got float64 \(5, 3\)"):
        TrainConfig(env="stump-tracks", test_set=str(wrong)).validate()


def test_cppn_weight_files_are_checked_by_name_and_shape(tmp_path):
    arrays = dict(default_cppn_arrays())
    arrays["w2"] = arrays["w2"][:10]
    path = tmp_path / "cppn.npz"
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match=r"cppn\.npz: w2 must be a numeric array of shape \(64, 64\)"):
        boxwalk.WalkerEnv("parkour", cppn_weights=str(path))
    pickled = tmp_path / "objects.npz"
    np.savez(pickled, **{**default_cppn_arrays(), "w0": np.array([object()], dtype=object)})
    with pytest.raises(ValueError, match=r"objects\.npz: not a \.npz of plain arrays"):
        boxwalk.WalkerEnv("parkour", cppn_weights=str(pickled))


# ---- exceptions inside pool threads ---------------------------------------------------------------------------------

@pytest.mark.parametrize("threads", [1, 2, 3])
def test_a_box2d_assertion_in_one_pool_thread_reaches_the_caller_and_the_pool_recovers(threads):
    env = boxwalk.WalkerVectorEnv(64, family="stump_tracks", num_threads=threads)
    env.reset(seed=7)
    zeros = np.zeros((64, 4), np.float32)
    env.step(zeros)
    env._core._trip_box2d_assert(5)
    with pytest.raises(boxwalk.Box2DAssertionError, match="Box2D assertion failed"):
        env.step(zeros)
    with pytest.raises(RuntimeError, match="call reset"):
        env.step(zeros)  # env 5's world is in an unknown state until the next reset
    obs, _ = env.reset(seed=7)
    fresh = boxwalk.WalkerVectorEnv(64, family="stump_tracks", num_threads=threads)
    want, _ = fresh.reset(seed=7)
    np.testing.assert_array_equal(obs, want)
    for _ in range(20):
        got, want = env.step(zeros)[0], fresh.step(zeros)[0]
        np.testing.assert_array_equal(got, want)
