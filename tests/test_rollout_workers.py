"""PPO on Ray rollout workers (`boxwalk train --workers N`): learns like the in-process loop, every episode plays a
task the teacher chose, deterministic for a seed and worker count, resumable. Skips cleanly without Ray."""

from __future__ import annotations

import numpy as np
import pytest

from boxwalk.cli import main as cli_main
from boxwalk.distributed.rollout import RolloutPool
from boxwalk.experiments import TrainConfig, Trainer
from boxwalk.experiments.logs import read_jsonl

from conftest import ppo_bipedal_walker_run

TINY = {"num_envs": 4, "n_steps": 256, "n_epochs": 2, "minibatch_size": 256}


class RecordingTeacher:
    """Wraps a teacher and remembers every task it handed out."""

    def __init__(self, inner):
        self.inner, self.drawn = inner, []

    def sample(self, k):
        tasks = self.inner.sample(k)
        self.drawn.extend(map(tuple, np.asarray(tasks)))
        return tasks

    def __getattr__(self, name):
        return getattr(self.inner, name)


def tiny(out, test_set, **kwargs) -> TrainConfig:
    base = dict(env="stump-tracks", teacher="alp-gmm", steps=3072, seed=4, out=str(out), workers=2,
                learner_options=dict(TINY), test_set=test_set, eval_every=1024, checkpoint_every=1024,
                log_every=1024, tensorboard=False, teacher_options={"fit_rate": 8})
    return TrainConfig(**{**base, **kwargs})


def comparable_logs(run) -> dict:
    drop = {"time", "steps_per_s", "eval_seconds"}
    return {name: [{k: v for k, v in row.items() if k not in drop} for row in read_jsonl(run / f"{name}.jsonl")]
            for name in ("train", "eval", "episodes")}


@pytest.fixture
def test_set(tmp_path):
    path = tmp_path / "tasks.npy"
    np.save(path, np.array([[0.0, 6.0], [2.5, 1.0]]))
    return str(path)


def test_ppo_on_two_workers_learns_like_ppo_in_process(tmp_path, local_ray, ppo_in_process):
    local, _ = ppo_in_process
    remote, steps_per_s = ppo_bipedal_walker_run(tmp_path / "run", workers=2)
    assert steps_per_s > 0  # the combined rate, in train.jsonl and the summary
    thirds = lambda r: [part.mean() for part in np.array_split(r, 3)]
    local_curve, remote_curve = thirds(local), thirds(remote)
    assert remote_curve[0] < -90 and remote_curve[2] > remote_curve[0] + 30, remote_curve
    assert abs(remote_curve[2] - local_curve[2]) < 40, (local_curve, remote_curve)


def test_every_episode_plays_a_task_the_teacher_chose(tmp_path, local_ray, test_set, monkeypatch):
    calls = []
    collect = RolloutPool.collect
    monkeypatch.setattr(RolloutPool, "collect", lambda self, *a: calls.append(1) or collect(self, *a))
    trainer = Trainer(tiny(tmp_path / "run", test_set), progress=False, report=False)
    trainer.teacher = RecordingTeacher(trainer.teacher)
    summary = trainer.run()
    episodes = read_jsonl(tmp_path / "run" / "episodes.jsonl")
    assert summary.steps == 3072 and len(episodes) == summary.episodes > 8 * 2  # more than the queues held
    drawn = set(trainer.teacher.drawn)
    assert all(tuple(e["task"]) in drawn for e in episodes)
    steps = np.array([e["steps"] for e in episodes])
    assert (steps > 0).all() and (steps <= 3072).all() and (steps % 4 == 0).all() and len(calls) == 3


def test_workers_are_deterministic_and_resume_identically(tmp_path, local_ray, test_set):
    Trainer(tiny(tmp_path / "a", test_set), progress=False, report=False).run()
    Trainer(tiny(tmp_path / "b", test_set), progress=False, report=False).run(max_segments=1)
    Trainer(tiny(tmp_path / "b", test_set), resume=True, progress=False, report=False).run()
    assert comparable_logs(tmp_path / "a") == comparable_logs(tmp_path / "b")


def test_workers_bad_input(tmp_path, test_set, capsys, monkeypatch):
    with pytest.raises(ValueError, match="ppo learner only"):
        tiny(tmp_path / "r", test_set, learner="sac", learner_options={}).validate()
    with pytest.raises(ValueError, match="cannot exceed the learner's num_envs"):
        tiny(tmp_path / "r", test_set, workers=5).validate()
    with pytest.raises(ValueError, match="non-negative integer"):
        tiny(tmp_path / "r", test_set, workers=-1).validate()
    monkeypatch.setitem(__import__("sys").modules, "ray", None)
    assert cli_main(["train", "--workers", "2", "--out", str(tmp_path / "r"), "--steps", "512"]) == 2
    assert "pip install" in capsys.readouterr().err and not (tmp_path / "r").exists()


def test_a_worker_stops_when_an_env_has_no_task_left_and_continues_when_given_one(test_set, tmp_path):
    from boxwalk.distributed.rollout import RolloutWorker
    from boxwalk.learners import PPO

    config = tiny(tmp_path / "r", test_set)
    # in process: the actor's own class
    worker = RolloutWorker(config.env_kwargs(num_threads=1), config.learner_config(), first_env=2, num_envs=2)
    learner = PPO(*worker.dims(), config.learner_config(), seed=0)
    tasks = np.array([[0.5, 1.0], [1.5, 2.0]])
    worker.start_segment(env_seed=7, noise_seed=1, first_tasks=tasks, next_tasks=tasks[::-1], queues=[[], []])
    piece = worker.sample(learner.acting_state(), 256, {})
    ended = piece.episodes
    assert piece.rollout.steps < 256 and len(ended.returns) >= 1  # stopped at the first env with no next task
    assert ended.step.max() == piece.rollout.steps - 1 and set(ended.env) <= {2, 3}
    assert np.allclose(ended.task, tasks[ended.env - 2])  # the first episodes played first_tasks
    assert -1 in piece.queued
    with pytest.raises(ValueError, match="no task for their next episode"):
        worker.sample(None, 256, {})
    dry = [i for i, q in enumerate(piece.queued) if q < 0]
    more = worker.sample(None, 256 - piece.rollout.steps, {i: np.array([[2.5, 5.0]] * 3) for i in dry})
    assert more.rollout.raw_obs.shape[1:] == (2, learner.obs_dim)
    assert not np.shares_memory(more.rollout.raw_obs, piece.rollout.raw_obs)
