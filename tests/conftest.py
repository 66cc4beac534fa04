from __future__ import annotations

import os

import numpy as np
import pytest

# render_mode="human" opens pygame windows on SDL's headless driver.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

CLASSIC_IDS = ["BipedalWalker-v3", "BipedalWalkerHardcore-v3"]


def gymnasium_box2d_available() -> bool:
    try:
        import Box2D  # noqa: F401
    except ImportError:
        return False
    return True


requires_reference = pytest.mark.skipif(
    not gymnasium_box2d_available(), reason="Gymnasium's box2d wheel (the reference) is not installed"
)


def random_actions(seed: int, n: int, dtype=np.float32) -> np.ndarray:
    """Actions from an RNG independent of the envs' own streams."""
    return np.random.default_rng(10_000 + seed).uniform(-1.0, 1.0, size=(n, 4)).astype(dtype)


def reference_data_dir():
    """../shared/reference_data beside the repository (or $BOXWALK_REFERENCE_DATA); None when absent."""
    import os
    from pathlib import Path

    env = os.environ.get("BOXWALK_REFERENCE_DATA")
    path = Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "reference_data"
    return path if path.is_dir() else None


requires_reference_data = pytest.mark.skipif(
    reference_data_dir() is None, reason="../shared/reference_data is not available"
)


@pytest.fixture(scope="session", autouse=True)
def sb3_logs_in_pytest_tmp(tmp_path_factory):
    """Stable-Baselines3 leaves an SB3-<time> folder in /tmp at every learn() unless SB3_LOGDIR names another: point
    it into pytest's temporary folder for the whole session (subprocesses such as rl-zoo3's train inherit it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SB3_LOGDIR", str(tmp_path_factory.mktemp("sb3")))
        yield


@pytest.fixture(scope="session")
def local_ray():
    """A 2-CPU local Ray instance shared by the sweep and rollout-worker tests (skips when Ray is missing)."""
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    yield ray
    ray.shutdown()


def ppo_bipedal_walker_run(out, *, workers: int = 0, steps: int = 300_000):
    """PPO's default preset on BipedalWalker-v3 (seed 0): the returns of its training episodes, in order, and its
    steps/s. A random policy falls at about -110 per episode; PPO walks off that within 300k steps (~30 s)."""
    from boxwalk.experiments import TrainConfig, Trainer
    from boxwalk.experiments.logs import read_jsonl

    config = TrainConfig(env="bipedal-walker", teacher="none", steps=steps, seed=0, out=str(out), workers=workers,
                         eval_every=10**9, checkpoint_every=10**9, tensorboard=False)
    summary = Trainer(config, progress=False, report=False).run()
    return np.array([e["return"] for e in read_jsonl(out / "episodes.jsonl")]), summary.steps_per_second


@pytest.fixture(scope="session")
def ppo_in_process(tmp_path_factory):
    """The in-process run of :func:`ppo_bipedal_walker_run` (shared: the learning test and the rollout-worker
    comparison both need it)."""
    return ppo_bipedal_walker_run(tmp_path_factory.mktemp("ppo") / "run")
