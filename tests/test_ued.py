"""UED as dcd runs it: PLR / PLR-perp / ACCEL / DR rules, PPO's level scores, the rollout-synchronous loop, dcd's
holdout evaluation, and property tests for bugs other code bases shipped (dcd #11, minimax #6 and #7)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
import torch

from boxwalk import teachers
from boxwalk.envs.families.obstacle_course import task_space as obstacle_space
from boxwalk.experiments.config import TrainConfig
from boxwalk.experiments.level_replay import LevelMismatch
from boxwalk.experiments.train import Trainer
from boxwalk.learners.ppo import PPO, LevelScores, PPOConfig
from boxwalk.tasks import TaskSpace

SPACE = TaskSpace(["a", "b"], [0, 0], [10, 10])


def scored(value: float) -> dict[str, float]:
    return {"positive_value_loss": value, "l1_value_loss": value, "mean_value": 0.0, "scaled_return": value}


def filled_plr(scores, **kwargs) -> teachers.PLR:
    plr = teachers.make("plr", SPACE, seed=0, buffer_size=len(scores), staleness_coef=0.0, **kwargs)
    tasks, seeds = plr.new_levels(len(scores))
    for task, seed, score in zip(tasks, seeds, scores):
        plr.update_level(task, seed, scored(score), 0.0)
    return plr


# ---- the replay distribution (minimax #7: the temperature is an exponent; no division by zero) ------------------

def test_rank_weights_take_the_temperature_as_an_exponent():
    plr = filled_plr([1.0, 3.0, 2.0], temperature=0.5)
    h = np.array([1 / 3, 1.0, 1 / 2]) ** 2  # ranks 3, 1, 2; exponent 1 / 0.5
    np.testing.assert_allclose(plr.replay_weights(), h / h.sum())


@pytest.mark.parametrize("scores", [[0.0] * 5, [2.5] * 5])
def test_equal_or_zero_scores_give_a_proper_distribution(scores):
    for coef in (0.0, 0.5):
        plr = filled_plr(scores, temperature=0.1)
        plr.staleness_coef = coef
        weights = plr.replay_weights()
        assert np.all(np.isfinite(weights)) and np.isclose(weights.sum(), 1.0) and (weights > 0).all()


def test_staleness_counts_replays_since_a_level_was_last_drawn():
    plr = filled_plr([1.0, 1.0, 1.0])
    # admitted levels start with the new levels proposed since their own proposal
    assert plr.buf_staleness[:3].tolist() == [2.0, 1.0, 0.0]
    plr.staleness_coef = 1.0  # pure staleness: P proportional to staleness
    for _ in range(20):
        before = plr.buf_staleness[:3].copy()
        j = plr._find(*plr.sample_replay_level())
        assert before[j] > 0  # a level drawn last time (staleness 0) has probability 0
        expected = before + 1
        expected[j] = 0
        np.testing.assert_array_equal(plr.buf_staleness[:3], expected)
    np.testing.assert_allclose(plr.replay_weights(), plr.buf_staleness[:3] / plr.buf_staleness[:3].sum())


def test_a_full_buffer_admits_a_new_level_only_over_the_least_supported_member():
    plr = filled_plr([1.0, 5.0, 3.0])
    weakest = int(np.argmin(plr.replay_weights()))
    (task,), (seed,) = plr.new_levels(1)
    plr.update_level(task, seed, scored(0.5), 0.0)  # below the weakest's score: rejected
    assert plr._find(task, seed) == -1 and plr.size == 3
    (task,), (seed,) = plr.new_levels(1)
    plr.update_level(task, seed, scored(4.0), 0.0)
    assert plr._find(task, seed) == weakest


def test_a_replayed_level_score_is_updated_in_place():
    plr = filled_plr([1.0, 2.0])
    task, seed = plr.buf_tasks[0].copy(), int(plr.buf_seeds[0])
    plr.update_level(task, seed, scored(7.0), 0.0)
    assert plr.buf_scores[0] == 7.0 and plr.size == 2


def test_max_mc_uses_the_best_return_the_level_has_seen():
    plr = teachers.make("plr", SPACE, seed=0, buffer_size=4, score_function="max_mc")
    (task,), (seed,) = plr.new_levels(1)
    plr.update_level(task, seed, {**scored(0.0), "scaled_return": 10.0, "mean_value": 4.0}, 0.0)
    plr.update_level(task, seed, {**scored(0.0), "scaled_return": 2.0, "mean_value": 3.0}, 0.0)
    assert plr.buf_scores[0] == 10.0 - 3.0


# ---- ACCEL (dcd #11: the levels edited must be the ones chosen, not buffer slot 0) ------------------------------

def test_accel_edits_the_chosen_parents():
    accel = teachers.make("accel", obstacle_space(), seed=3)
    mean_returns = np.array([50, 40, 30, -20, 60, 10, 70, 80, 90, -5, 100, 110, -50, 120, 130, 140], dtype=float)
    value_l1 = np.zeros(16)
    parents = accel.choose_parents(mean_returns, value_l1)
    assert sorted(set(parents.tolist())) == [3, 5, 9, 12] and np.bincount(parents, minlength=16)[[3, 5, 9, 12]].tolist() == [4] * 4
    tasks = np.array([np.full(8, float(k % 5)) for k in range(16)])
    tasks[:, 7] = 1 + np.arange(16) % 9
    children, seeds = accel.edit(tasks[parents])
    steps = accel.mutation_step
    for child, parent in zip(children, tasks[parents]):
        moved = np.abs(child - parent) / steps
        assert moved.sum() <= accel.num_edits + 1e-9, (child, parent)  # at most num_edits steps from its own parent
    assert len(set(seeds.tolist())) == 16 and all(0 <= s < 2**63 for s in seeds.tolist())
    assert not np.allclose(children, tasks[0])  # not everyone an edit of slot 0


def test_accel_new_levels_come_from_dcds_easy_box():
    accel = teachers.make("accel", obstacle_space(), seed=0)
    tasks, _ = accel.new_levels(200)
    assert (tasks >= accel.easy_low).all() and (tasks <= accel.easy_high).all()
    assert tasks[:, 0].max() > 0.3 and np.all(tasks[:, 2] == 0.8)


# ---- PPO's level scores -----------------------------------------------------------------------------------------

def test_level_scores_follow_dcds_definitions_and_skip_cut_episodes():
    adv = np.array([[1.0, -1.0], [-2.0, 2.0], [3.0, 0.5], [4.0, 1.0]], np.float32)
    values = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]], np.float32)
    rewards = np.ones((4, 2), np.float32)
    done = np.array([[0, 0], [1, 0], [0, 1], [0, 0]], np.float32)
    scores = LevelScores.from_rollout(adv, values, rewards, done)
    assert scores.env.tolist() == [0, 1] and scores.start.tolist() == [0, 0] and scores.end.tolist() == [1, 2]
    np.testing.assert_allclose(scores.positive_value_loss, [0.5, 2.5 / 3])
    np.testing.assert_allclose(scores.l1_value_loss, [1.5, 3.5 / 3])
    np.testing.assert_allclose(scores.mean_value, [2.0, 4.0])
    np.testing.assert_allclose(scores.scaled_return, [2.0, 3.0])
    np.testing.assert_allclose(scores.env_value_l1, [2.5, 1.125])


def test_ppo_without_gradient_scores_and_leaves_the_policy_alone():
    cfg = PPOConfig(num_envs=2, n_steps=8, minibatch_size=8, n_epochs=1)
    ppo = PPO(3, 1, cfg, seed=0)
    ppo.score_levels, ppo.gradient_enabled = True, False
    before = [p.detach().clone() for p in ppo.net.parameters()]
    rng = np.random.default_rng(0)
    obs = rng.normal(size=(2, 3)).astype(np.float32)
    for t in range(8):
        actions = ppo.act(obs)
        nxt = rng.normal(size=(2, 3)).astype(np.float32)
        out = ppo.observe(obs, actions, rng.normal(size=2), nxt, np.array([t == 3, False]), np.zeros(2, bool))
        obs = nxt
    assert out == {} and ppo.updates == 0 and ppo.last_scores.env.tolist() == [0]
    assert all(torch.equal(a, b) for a, b in zip(before, ppo.net.parameters()))


# ---- the loop ----------------------------------------------------------------------------------------------------

def small_run(tmp_path, teacher: str, **overrides) -> Trainer:
    settings = dict(env="obstacle-course", teacher=teacher, learner="ppo", learner_preset="dcd", seed=1,
                    steps=10 * 3 * 128, learner_options={"num_envs": 3, "n_steps": 128, "minibatch_size": 128},
                    eval_every=10**6, eval_envs=4, checkpoint_every=10**6, log_every=10**6,
                    out=str(tmp_path / teacher), tensorboard=False, holdout_episodes=0,
                    teacher_options={"buffer_size": 6})
    cfg = TrainConfig(**{**settings, **overrides})
    trainer = Trainer(cfg, progress=False, report=False)
    return trainer


def issued_levels(teacher, monkeypatch) -> set:
    """Wraps the teacher's class so that every level it hands out is recorded (on the class: the instance's state
    must stay picklable for checkpoints)."""
    issued: set = set()
    for method in ("new_levels", "edit"):
        if hasattr(teacher, method):
            original = getattr(type(teacher), method)

            def wrapped(self, *args, _original=original, **kwargs):
                tasks, seeds = _original(self, *args, **kwargs)
                issued.update((tuple(t), int(s)) for t, s in zip(tasks, seeds))
                return tasks, seeds
            monkeypatch.setattr(type(teacher), method, wrapped)
    return issued


@pytest.mark.parametrize("teacher", ["plr", "accel", "dr"])
def test_every_episode_plays_a_level_the_teacher_issued(tmp_path, teacher, monkeypatch):
    trainer = small_run(tmp_path, teacher)
    issued = issued_levels(trainer.teacher, monkeypatch)
    trainer.run()
    episodes = [json.loads(line) for line in (tmp_path / teacher / "episodes.jsonl").read_text().splitlines()]
    assert len(episodes) > 10
    assert all((tuple(e["task"]), e["level_seed"]) in issued for e in episodes)
    rollouts = trainer.steps // (3 * 128)
    if teacher == "dr":
        assert trainer.learner.updates == rollouts and trainer.teacher.replays == 0
    else:  # robust: gradient steps only on replay rollouts
        assert trainer.teacher.replays > 0 and 0 < trainer.learner.updates < rollouts


def test_an_env_that_falls_back_to_its_own_levels_is_caught(tmp_path):
    trainer = small_run(tmp_path, "plr")
    trainer.config.validate()
    original = trainer.config.make_env

    def make_env(n, **kwargs):
        env = original(n, **kwargs)
        queue = env.set_next_tasks
        calls = {"n": 0}

        def forgetful(indices, tasks, seeds=None):
            calls["n"] += 1
            queue(indices, tasks, seeds=None if calls["n"] > 2 else seeds)  # minimax #6: seeds silently dropped
        env.set_next_tasks = forgetful
        return env
    trainer.config.make_env = make_env
    with pytest.raises(LevelMismatch, match="not the teacher's"):
        trainer.run()


def test_level_replay_runs_are_identical_for_any_thread_count(tmp_path):
    def episodes(threads: int) -> str:
        trainer = small_run(tmp_path / str(threads), "accel", num_threads=threads)
        trainer.run()
        return (tmp_path / str(threads) / "accel" / "episodes.jsonl").read_text()

    assert episodes(1) == episodes(2)


def test_level_replay_teachers_need_ppo():
    with pytest.raises(ValueError, match="needs --learner ppo"):
        TrainConfig(env="obstacle-course", teacher="accel", learner="sac").validate()


def test_a_short_cli_run_reports_dcds_holdout_suite(tmp_path):
    out = tmp_path / "run"
    cmd = [sys.executable, "-m", "boxwalk.cli", "train", "--env", "obstacle-course", "--teacher", "accel",
           "--preset", "dcd", "--steps", "1024", "--learner-option", "num_envs=2", "--learner-option", "n_steps=256",
           "--learner-option", "minibatch_size=256", "--eval-every", "512", "--eval-envs", "4",
           "--holdout-episodes", "2", "--no-tensorboard", "--out", str(out)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    rows = [json.loads(line) for line in (out / "eval.jsonl").read_text().splitlines()]
    holdout = rows[-1]["holdout"]
    assert set(holdout) == {"BipedalWalker-v3", "BipedalWalkerHardcore-v3", "Med-Stairs", "Med-PitGap",
                            "Med-StumpHeight", "Med-Roughness", "mean"}
    assert all(set(v) == {"mean_return", "solved"} and 0 <= v["solved"] <= 1 for v in holdout.values())
    assert (out / "report" / "holdout.png").is_file()


def test_a_resumed_level_replay_run_equals_an_uninterrupted_one(tmp_path):
    def run(out, segments=None, resume=False):
        if resume:
            config = TrainConfig.load(out / "accel" / "config.json")
            trainer = Trainer(config, resume=True, progress=False, report=False)
        else:
            trainer = small_run(out, "accel", checkpoint_every=2 * 3 * 128)
        trainer.run(max_segments=segments)
        return (out / "accel" / "episodes.jsonl").read_text()

    whole = run(tmp_path / "whole")
    run(tmp_path / "cut", segments=2)
    assert run(tmp_path / "cut", resume=True) == whole
