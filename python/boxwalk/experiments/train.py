"""The curriculum training loop: a teacher fills the vector env's next-task slots, a learner acts on every env,
finished episodes go back to the teacher, the test set is played every `eval_every` steps.

Checkpoints are episode boundaries. At every checkpoint (every `checkpoint_every` steps, rounded to whole PPO
rollouts) the run saves learner, teacher and log positions, then starts every env on a fresh episode with a seed
derived from (run seed, segment index). An uninterrupted run does exactly the same, so a run resumed from a
checkpoint continues bit-identically. The price: the episodes in flight at a checkpoint end there (a truncation
that learners bootstrap) and are not reported to the teacher.

Tasks are queued one episode ahead (the env resets in the step that ends an episode), so a task is drawn from
the teacher's state before the episode that just ended was reported: a lag of one episode per env.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from boxwalk.distributed import require_ray
from boxwalk.distributed.rollout import RolloutPool
from boxwalk.envs.episodes import Episodes, true_next_obs
from boxwalk.experiments.checkpoint import CHECKPOINT, build_learner, load_checkpoint, save_checkpoint
from boxwalk.experiments.concentration import curriculum_concentration
from boxwalk.experiments.config import TrainConfig
from boxwalk.experiments.evaluation import EVAL_SEED, Evaluator, mastered_percent
from boxwalk.experiments.holdout import HoldoutSuite
from boxwalk.experiments.level_replay import LevelRollout
from boxwalk.experiments.logs import RunLogs
from boxwalk.experiments.progress import progress_bar
from boxwalk.experiments.report import write_report

CONFIG = "config.json"
LOOP_STATE = ("steps", "segment", "episodes", "next_eval", "next_log", "train_time", "last_eval", "window", "metrics",
              "eval_window_tasks")


class RunExistsError(ValueError):
    """The output folder already holds a run (use resume, or another folder)."""


@dataclass
class Summary:
    run_dir: Path
    steps: int
    episodes: int
    mastered: float | None
    mean_test_return: float | None
    steps_per_second: float
    report: Path | None


def segment_seed(seed: int, segment: int) -> int:
    """The env seed of a run's segment (env i gets this + i)."""
    return int(np.random.SeedSequence([seed, segment]).generate_state(1, np.uint32)[0])


class Trainer:
    """Runs (or resumes) one training run into ``config.out``.

    Files: config.json, checkpoint.pt (latest), train.jsonl (learner metrics), eval.jsonl (test returns,
    % mastered, the concentration of the training tasks since the previous evaluation), episodes.jsonl (task,
    return, length of every training episode), report/ (plots, index.html).
    """

    def __init__(self, config: TrainConfig, *, resume: bool = False, progress: bool = True, report: bool = True):
        self.config = config.validate()
        self.run_dir = Path(config.out)
        self.resume = resume
        self.progress = progress
        self.report = report
        self.teacher = config.make_teacher()  # built here so that bad teacher options fail before any file exists
        n_steps = getattr(config.learner_config(), "n_steps", 0)
        if getattr(self.teacher, "replays_levels", False) and n_steps < config.env_choice.max_episode_steps:
            warnings.warn(f"teacher {config.teacher} starts every PPO rollout on fresh episodes: with n_steps={n_steps} "
                          f"< the {config.env_choice.max_episode_steps}-step episodes, longer episodes are cut "
                          "unscored (dcd's student: --preset dcd, 2048 steps)", stacklevel=2)
        if config.workers:
            require_ray()  # RayNotInstalled says how to install it
        checkpoint = self.run_dir / CHECKPOINT
        if resume and not checkpoint.is_file():
            raise FileNotFoundError(f"cannot resume: no checkpoint in {self.run_dir}")
        if not resume and (checkpoint.exists() or (self.run_dir / CONFIG).exists()):
            raise RunExistsError(f"{self.run_dir} already holds a run: resume it or choose another output folder")

    # ---- the loop --------------------------------------------------------------------------------------------------

    def run(self, *, max_segments: int | None = None) -> Summary:
        """Trains to ``config.total_steps`` (or stops after ``max_segments`` checkpoints, for tests)."""
        cfg = self.config
        self.total = cfg.total_steps
        torch_threads = torch.get_num_threads()
        update_threads = cfg.torch_threads or torch_threads
        state = load_checkpoint(self.run_dir) if self.resume else None
        lcfg = cfg.learner_config()
        if cfg.workers:
            env = RolloutPool(cfg.env_kwargs(num_threads=1), lcfg, cfg.seed, cfg.workers)
            obs_dim, act_dim = env.obs_dim, env.act_dim
        else:
            env = cfg.make_env(lcfg.num_envs)
            obs_dim, act_dim = env.single_observation_space.shape[0], env.single_action_space.shape[0]
        learner = build_learner(cfg, obs_dim, act_dim)
        if self.teacher is not None and cfg.background_fits:
            self.teacher.run_in_background(lcfg.num_envs)
        learner.update_threads = update_threads
        torch.set_num_threads(1)  # acting; see Learner.update_threads
        teacher = self.teacher
        evaluator = Evaluator(cfg, seed=EVAL_SEED)
        holdout = None
        if cfg.env_choice.family == "obstacle_course" and cfg.holdout_episodes:
            holdout = HoldoutSuite(cfg, episodes=cfg.holdout_episodes, seed=EVAL_SEED)
        self.holdout = holdout
        if state is None:
            self.run_dir.mkdir(parents=True, exist_ok=True)
            cfg.save(self.run_dir / CONFIG)
            logs = RunLogs(self.run_dir, tensorboard=cfg.tensorboard)
            self.steps, self.segment, self.episodes, self.next_eval, self.next_log = 0, 0, 0, 0, cfg.log_every
            self.train_time, self.last_eval = 0.0, None
            self.window: list[float] = []  # returns of the episodes since the last train log row
            self.eval_window_tasks: list[list[float]] = []  # tasks of the episodes since the last evaluation
            self.metrics: dict[str, float] = {}  # the learner's last update
        else:
            learner.load_state_dict(state["learner"])
            if teacher is not None:
                teacher.load_state_dict(state["teacher"])
            cfg.save(self.run_dir / CONFIG)  # --steps may have been extended
            logs = RunLogs(self.run_dir, offsets=state["log_offsets"], tensorboard=cfg.tensorboard)
            state.setdefault("eval_window_tasks", [])  # checkpoints written before it was kept
            for key in LOOP_STATE:
                setattr(self, key, state[key])
            torch.set_rng_state(state["torch_rng"])
        self.env, self.learner, self.teacher, self.evaluator, self.logs = env, learner, teacher, evaluator, logs
        bar = progress_bar(self.total, enabled=self.progress, initial=self.steps, unit="step", unit_scale=True,
                           dynamic_ncols=True, smoothing=0.05)
        try:
            segments = 0
            while self.steps < self.total and (max_segments is None or segments < max_segments):
                self._maybe_evaluate(bar)
                self._run_segment(bar)
                segments += 1
                if self.steps >= self.total and (self.last_eval is None or self.last_eval["steps"] != self.steps):
                    self._evaluate(bar)
                self._save_checkpoint()
        finally:
            torch.set_num_threads(torch_threads)
            bar.close()
            logs.close()
            env.close()
            evaluator.close()
            if holdout is not None:
                holdout.close()
        report = None
        if self.report and self.steps >= self.total:
            report = write_report(self.run_dir)
        last = self.last_eval or {}
        return Summary(self.run_dir, self.steps, self.episodes, last.get("mastered"), last.get("mean_return"),
                       self.steps / max(self.train_time, 1e-9), report)

    def _run_segment(self, bar) -> None:
        if getattr(self.teacher, "replays_levels", False):
            return self._run_segment_on_levels(bar)
        if self.config.workers:
            return self._run_segment_on_workers(bar)
        if self.config.overlap and self.learner.splits_batch and self.env.num_envs >= 2:
            return self._run_segment_overlapped(bar)
        cfg, env, learner = self.config, self.env, self.learner
        n = env.num_envs
        end = min(self.total, (self.segment + 1) * cfg.checkpoint_interval)
        self._queue_tasks()
        obs, _ = env.reset(seed=segment_seed(cfg.seed, self.segment))
        self._queue_tasks()
        learner.reset_episode_state()
        tick = time.perf_counter()
        while self.steps < end:
            actions = learner.act(obs)
            obs = self._observe(obs, actions, env.step(actions))
            tick = self._log_and_evaluate(bar, tick)
            bar.update(n)
        self.train_time += time.perf_counter() - tick
        self.segment += 1

    def _run_segment_overlapped(self, bar) -> None:
        """As `_run_segment`, with the batch in two halves: the engine steps one half (``send``) while the learner
        observes and acts on the other (``recv`` of exactly that half, so the order of everything the learner and
        the teacher see is fixed, and a run is deterministic for a seed). A row (one step of every env) completes
        when both halves have been observed; where an update is due at the end of the row, the first half waits
        for it before acting."""
        cfg, env, learner = self.config, self.env, self.learner
        n = env.num_envs
        half = n // 2
        parts = [slice(0, half), slice(half, n)]
        ids = [np.arange(p.start, p.stop) for p in parts]
        end = min(self.total, (self.segment + 1) * cfg.checkpoint_interval)
        self._queue_tasks()
        env.async_reset(seed=segment_seed(cfg.seed, self.segment))
        obs = [env.recv(i)[0] for i in ids]
        self._queue_tasks()
        learner.reset_episode_state()
        actions: list[np.ndarray | None] = [None, None]

        def act(k: int) -> None:
            actions[k] = learner.act(obs[k], parts[k])
            env.send(actions[k], ids[k])

        act(0)
        act(1)
        tick = time.perf_counter()
        while self.steps < end:
            last_row = self.steps + n >= end
            waiting = []
            for k, part in enumerate(parts):
                obs[k] = self._observe(obs[k], actions[k], env.recv(ids[k]), part)
                if last_row or learner.must_wait_before_acting():
                    waiting.append(k)
                else:
                    act(k)
            if not last_row:
                for k in waiting:
                    act(k)
            tick = self._log_and_evaluate(bar, tick)
            bar.update(n)
        self.train_time += time.perf_counter() - tick
        self.segment += 1

    def _run_segment_on_workers(self, bar) -> None:
        """As `_run_segment`, one whole PPO rollout at a time, sampled by the rollout workers (`self.env` is a
        `RolloutPool`; see boxwalk.distributed.rollout for how tasks and episodes travel)."""
        cfg, pool, learner, teacher = self.config, self.env, self.learner, self.teacher
        end = min(self.total, (self.segment + 1) * cfg.checkpoint_interval)
        draw = None if teacher is None else teacher.sample
        pool.start_segment(segment_seed(cfg.seed, self.segment), self.segment, draw)
        learner.reset_episode_state()
        tick = time.perf_counter()
        while self.steps < end:
            start = self.steps

            def report(episodes, start: int = start) -> None:
                self._record_episodes(episodes.task, episodes.returns, episodes.lengths, episodes.success,
                                      start + (episodes.step + 1) * pool.num_envs)

            rollout = pool.collect(learner.acting_state(), report, draw)
            self.metrics = learner.learn(rollout)
            self.steps += rollout.rewards.size
            tick = self._log_and_evaluate(bar, tick)
            bar.update(rollout.rewards.size)
        self.train_time += time.perf_counter() - tick
        self.segment += 1

    def _run_segment_on_levels(self, bar) -> None:
        """As `_run_segment`, for level-replay teachers (PLR, PLR-perp, ACCEL, DR), one PPO rollout at a time as dcd
        runs them: the teacher decides per rollout between replaying buffer levels and exploring new ones; PLR-perp
        and ACCEL make no gradient step on exploration; after a replay rollout ACCEL edits levels and plays the
        children once without gradient. Every env step counts towards the budget, scoring rollouts included."""
        cfg, teacher, learner = self.config, self.teacher, self.learner
        end = min(self.total, (self.segment + 1) * cfg.checkpoint_interval)
        learner.score_levels = True
        rollout = 0
        while self.steps < end:
            replay = teacher.replay_decision()
            if replay:
                tasks, seeds = map(np.array, zip(*[teacher.sample_replay_level() for _ in range(self.env.num_envs)]))
            else:
                tasks, seeds = teacher.new_levels(self.env.num_envs)
            played = self._play_levels(bar, tasks, seeds, replay, replay or teacher.gradient_on_new_levels, rollout)
            rollout += 1
            if replay and hasattr(teacher, "edit") and self.steps < self.total:
                parents = teacher.choose_parents(played.mean_returns(self.env.num_envs),
                                                 learner.last_scores.env_value_l1)
                children, child_seeds = teacher.edit(tasks[parents])
                self._play_levels(bar, children, child_seeds, False, False, rollout)
                rollout += 1
        learner.gradient_enabled = True
        self.segment += 1

    def _play_levels(self, bar, tasks: np.ndarray, seeds: np.ndarray, replay: bool, gradient: bool,
                     rollout: int) -> LevelRollout:
        """One PPO rollout with env i starting on level (tasks[i], seeds[i]); returns its bookkeeping."""
        env, learner = self.env, self.learner
        n = env.num_envs
        everyone = np.arange(n)
        played = LevelRollout(self.teacher, tasks, seeds, replay)
        env.set_next_tasks(everyone, tasks, seeds=seeds)
        obs, _ = env.reset(seed=segment_seed(self.config.seed, self.segment) + rollout * n)
        env.set_next_tasks(everyone, *played.next_levels(everyone))
        learner.reset_episode_state()
        learner.gradient_enabled = gradient
        tick = time.perf_counter()
        for t in range(learner.config.n_steps):
            actions = learner.act(obs)
            next_obs, rewards, terminated, truncated, info = env.step(actions)
            metrics = learner.observe(obs, actions, rewards, true_next_obs(next_obs, info), terminated, truncated)
            if metrics:
                self.metrics = metrics
            self.steps += n
            ended = Episodes.from_info(info, self.steps)
            played.record_ended(ended, t)
            if ended is not None:
                self._record_episodes(ended.task, ended.returns, ended.lengths, ended.success, ended.step,
                                      level_seeds=ended.level_seed, report_to_teacher=False)
            started = played.check_started(info, t)
            if len(started) and t + 1 < learner.config.n_steps:
                env.set_next_tasks(started, *played.next_levels(started))
            obs = next_obs
            tick = self._log_and_evaluate(bar, tick)
            bar.update(n)
        self.train_time += time.perf_counter() - tick
        played.credit(learner.last_scores)
        return played

    def _queue_tasks(self) -> None:
        """Queues a teacher task for the next episode of every env."""
        if self.teacher is not None:
            n = self.env.num_envs
            self.env.set_next_tasks(np.arange(n), self.teacher.sample(n))

    def _observe(self, obs: np.ndarray, actions: np.ndarray, result: tuple, part: slice | None = None) -> np.ndarray:
        """Hands one step of the envs in ``part`` (all by default) to the learner and finished episodes to the
        logs and the teacher; returns the next observations."""
        next_obs, rewards, terminated, truncated, info = result
        split = () if part is None else (part,)
        metrics = self.learner.observe(obs, actions, rewards, true_next_obs(next_obs, info), terminated, truncated,
                                       *split)
        if metrics:
            self.metrics = metrics
        self.steps += len(rewards)
        ended = Episodes.from_info(info, self.steps, env_offset=0 if part is None else part.start)
        if ended is not None:
            self._episodes_ended(ended)
        return next_obs

    def _log_and_evaluate(self, bar, tick: float) -> float:
        """Writes a train row / runs the test set when due; returns the restarted training clock."""
        if self.steps >= self.next_log:
            self.train_time += time.perf_counter() - tick
            tick = time.perf_counter()
            self._log(bar)
        if self.steps >= self.next_eval:
            self.train_time += time.perf_counter() - tick
            self._maybe_evaluate(bar)
            tick = time.perf_counter()
        return tick

    def _episodes_ended(self, ended: Episodes) -> None:
        self._record_episodes(ended.task, ended.returns, ended.lengths, ended.success, ended.step)
        if self.teacher is not None:
            self.env.set_next_tasks(ended.env, self.teacher.sample(len(ended.env)))

    def _record_episodes(self, tasks, returns, lengths, successes, steps, *, level_seeds=None,
                         report_to_teacher: bool = True) -> None:
        """Logs finished episodes (``steps``: the run's step count when each ended) and reports them to the
        teacher (level-replay teachers get scored episodes after each rollout instead)."""
        self.learner.episodes_finished(lengths)
        self.window.extend(returns.tolist())
        self.eval_window_tasks.extend(np.asarray(tasks).tolist())
        self.episodes += len(returns)
        for k, (step, task, ret, length, success) in enumerate(zip(steps, tasks, returns, lengths, successes)):
            row = {"steps": int(step), "task": task, "return": ret, "length": length, "success": bool(success)}
            if level_seeds is not None:
                row["level_seed"] = int(level_seeds[k])
            self.logs.write("episodes", row)
        if self.teacher is not None and report_to_teacher:
            self.teacher.update(tasks, returns, successes)

    def _log(self, bar) -> None:
        row = {"steps": self.steps, "time": self.train_time, "steps_per_s": self.steps / max(self.train_time, 1e-9),
               "episodes": self.episodes,
               "mean_return": float(np.mean(self.window)) if self.window else None, **self.metrics}
        self.logs.write("train", row)
        if self.window:
            bar.set_postfix(_postfix(row, self.last_eval), refresh=False)
        self.window = []
        while self.next_log <= self.steps:
            self.next_log += self.config.log_every

    def _maybe_evaluate(self, bar) -> None:
        if self.steps >= self.next_eval:
            self._evaluate(bar)

    def _evaluate(self, bar) -> None:
        tick = time.perf_counter()
        returns = self.evaluator.run(self.learner.policy)
        row = {"steps": self.steps, "mastered": mastered_percent(returns), "mean_return": float(np.mean(returns)),
               "eval_seconds": time.perf_counter() - tick, "returns": returns}
        if self.holdout is not None:
            row["holdout"] = self.holdout.run(self.learner.policy)
            row["eval_seconds"] = time.perf_counter() - tick
        if self.config.has_tasks:
            space = self.config.task_space()
            row["curriculum"] = curriculum_concentration(np.array(self.eval_window_tasks).reshape(-1, space.dim),
                                                         space.low, space.high, self.evaluator.tasks)
            self.eval_window_tasks = []
        self.logs.write("eval", row)
        self.last_eval = {k: v for k, v in row.items() if k != "returns"}
        bar.set_postfix(_postfix({"steps_per_s": self.steps / max(self.train_time, 1e-9)}, self.last_eval))
        while self.next_eval <= self.steps:
            self.next_eval += self.config.eval_every

    def _save_checkpoint(self) -> None:
        save_checkpoint({
            "config": self.config.to_dict(), "learner": self.learner.state_dict(),
            "teacher": None if self.teacher is None else self.teacher.state_dict(),
            "log_offsets": self.logs.offsets(), "torch_rng": torch.get_rng_state(),
            **{k: getattr(self, k) for k in LOOP_STATE},
        }, self.run_dir)


def _postfix(row: dict[str, Any], last_eval: dict[str, Any] | None) -> dict[str, str]:
    out = {"steps/s": f"{row.get('steps_per_s', 0):,.0f}"}
    if row.get("mean_return") is not None and "episodes" in row:
        out["return"] = f"{row['mean_return']:.1f}"
    if last_eval is not None:
        out["mastered"] = f"{last_eval['mastered']:.0f}%"
    return out


def train(config: TrainConfig, *, resume: bool = False, progress: bool = True) -> Summary:
    """Runs `config` to the end and writes its report; see :class:`Trainer`."""
    return Trainer(config, resume=resume, progress=progress).run()
