"""A training run's configuration: what `boxwalk train` takes, validated before anything is built or written."""

from __future__ import annotations

import dataclasses
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from boxwalk import _core, learners, teachers
from boxwalk.envs import families
from boxwalk.envs.vector import WalkerVectorEnv
from boxwalk.experiments.logs import json_default
from boxwalk.tasks import TaskSpace


@dataclass(frozen=True)
class EnvChoice:
    """A `--env` name: the family (and classic's hardcore flag) and the registered time limit."""

    family: str
    hardcore: bool = False
    max_episode_steps: int = 2000


def _env_choice(family: families.Family, options: dict[str, Any]) -> EnvChoice:
    hardcore = bool(options.get("hardcore", False))
    return EnvChoice(family.name, hardcore, family.time_limit(hardcore))


# Every family's --env name(s), as its module declares them.
ENVS: dict[str, EnvChoice] = {cli: _env_choice(f, options) for cli, (f, options) in families.cli_envs().items()}
CLASSIC_EVAL_EPISODES = 20  # the classic envs have no tasks: their test set is this many seeded episodes


def _opt(default: Any, help: str, *, flag: str | None = None) -> Any:
    """A TrainConfig field with its command-line help (`default`: a value, or a factory such as `dict`)."""
    metadata = {"help": help, **({"flag": flag} if flag else {})}
    if callable(default):
        return field(default_factory=default, metadata=metadata)
    return field(default=default, metadata=metadata)


def load_test_set(path: str | os.PathLike, space: TaskSpace) -> np.ndarray:
    """A .npy test set: plain numbers (never pickled objects), shape (n, space.dim); ValueError naming the file and
    the expected shape otherwise."""
    try:
        tasks = np.load(path, allow_pickle=False)
    except (ValueError, OSError) as err:
        raise ValueError(f"test set {os.fspath(path)}: not a .npy array of numbers ({err})") from None
    if not isinstance(tasks, np.ndarray) or tasks.ndim != 2 or tasks.shape[1] != space.dim \
            or not np.issubdtype(tasks.dtype, np.number) or len(tasks) == 0:
        got = f"{tasks.dtype} {tasks.shape}" if isinstance(tasks, np.ndarray) else type(tasks).__name__
        raise ValueError(f"test set {os.fspath(path)}: expected a numeric array of shape (n, {space.dim}) -- one "
                         f"task ({', '.join(space.names)}) per row -- got {got}")
    return tasks


@dataclass
class TrainConfig:
    """Everything that defines a run. `validate()` raises ValueError naming the first bad field."""

    # Each field's `help` (and `flag`, where the CLI spells it differently) is what `boxwalk train --help` shows.
    env: str = _opt("stump-tracks", "environment (a family's --env name)")
    body: str = _opt("old_classic_bipedal", "embodiment, TeachMyAgent's name (boxwalk.body_names(family))")
    teacher: str = _opt("alp-gmm", "curriculum teacher (none for bipedal-walker*)")
    learner: str = _opt("ppo", "the student")
    steps: int = _opt(2_000_000, "environment steps (PPO rounds up to whole rollouts)")
    seed: int = _opt(0, "the run's seed")
    out: str = _opt("runs/default", "run folder (the CLI's default: runs/<env>-<teacher>-<learner>-s<seed>)")
    learner_preset: str | None = _opt(None, "learner preset (default: the learner's own)", flag="preset")
    learner_options: dict[str, Any] = _opt(dict, "override a learner config field, e.g. num_envs=32 (repeatable)",
                                           flag="learner-option")
    teacher_preset: str = _opt("teachmyagent", "teachers' hyper-parameters: teachmyagent or teachdeeprl")
    expert_knowledge: str | None = _opt(None, "no, low or high (default: what the teacher needs)")
    teacher_options: dict[str, Any] = _opt(dict, "override a teacher constructor argument (repeatable)",
                                           flag="teacher-option")
    overlap: bool = _opt(True, "PPO: the engine steps one half of the envs while the policy acts on the other "
                               "(deterministic, like the rest)", flag="no-overlap")
    background_fits: bool = _opt(True, "GMM teachers fit in a background process and use each new mixture num_envs "
                                       "episodes later (deterministic); off: inline fits as published",
                                 flag="inline-teacher-fits")
    shuffle_dimensions: bool = _opt(False, "the teacher works in a shuffled task space (TeachMyAgent's "
                                           "rugged-difficulty criterion)")
    task_box: dict[str, tuple[float, float]] = _opt(dict, "change a task dimension's training range, e.g. "
                                                          "stump_height=0:9 (repeatable)")
    parkour_box: str | None = _opt(None, "parkour: TeachMyAgent's medium (default) or easy box")
    level: str | None = _opt(None, "obstacle-course: a named level")
    test_set: str = _opt("default", "'default', a family's named set (teachdeeprl) or a .npy file")
    eval_every: int = _opt(200_000, "steps between test-set evaluations")
    eval_envs: int = _opt(100, "parallel envs of the evaluation")
    holdout_episodes: int = _opt(10, "obstacle-course: episodes per level of dcd's holdout suite (BipedalWalker-v3, "
                                     "-Hardcore-v3, Med-*) at every evaluation; 0: off")
    checkpoint_every: int = _opt(500_000, "steps between checkpoints")
    log_every: int = _opt(20_000, "steps between training log rows")
    num_threads: int | None = _opt(None, "C++ threads stepping the envs (default: all cores)")
    torch_threads: int | None = _opt(None, "torch CPU threads of the learner's updates (default: "
                                                "torch's); acting always runs on one")
    device: str = _opt("cpu", "cpu or cuda[:N]")
    tensorboard: bool = _opt(True, "write TensorBoard logs", flag="no-tensorboard")
    workers: int = _opt(0, "PPO: sample on N Ray rollout workers, each owning num_envs/N envs (needs "
                           "boxwalk[distributed]; 0: in this process)")

    # ---- derived -------------------------------------------------------------------------------------------------

    @property
    def env_choice(self) -> EnvChoice:
        return ENVS[self.env]

    @property
    def has_tasks(self) -> bool:
        return families.family(self.env_choice.family).has_tasks

    def task_space(self) -> TaskSpace | None:
        space = families.resolve_task_space(self.env_choice.family, None,
                                            {"level": self.level, "parkour_box": self.parkour_box}, None)
        return space.with_box(**self.task_box) if space is not None and self.task_box else space

    def test_tasks(self) -> np.ndarray | None:
        """The evaluation tasks (None for the classic envs: seeded episodes instead)."""
        space = self.task_space()
        if space is None:
            return None
        if self.test_set.endswith(".npy"):
            return space.validate(load_test_set(self.test_set, space))
        return space.validate(families.named_test_set(self.env_choice.family, self.test_set, space))

    def env_kwargs(self, *, num_threads: int | None = None, autoreset_mode: str = "SameStep",
                   **render: Any) -> dict[str, Any]:
        """`WalkerVectorEnv` keyword arguments (all but num_envs) of this run's env, task space with the run's box,
        with the engine's episode statistics on: plain picklable values, so that a rollout worker can build the env
        itself."""
        choice = self.env_choice
        kwargs: dict[str, Any] = {"task_space": self.task_space(), "level": self.level,
                                  "parkour_box": self.parkour_box} if self.has_tasks else {"hardcore": choice.hardcore}
        return {"family": choice.family, "body": self.body, "max_episode_steps": choice.max_episode_steps,
                "num_threads": num_threads, "autoreset_mode": autoreset_mode, "episode_stats": True, **kwargs,
                **render}

    def make_env(self, num_envs: int, *, autoreset_mode: str = "SameStep", **render: Any) -> WalkerVectorEnv:
        """A native vector env of this run's env; `render` takes render_mode and render_lidar."""
        threads = min(num_envs, self.num_threads or os.cpu_count() or 1)
        return WalkerVectorEnv(num_envs, **self.env_kwargs(num_threads=threads, autoreset_mode=autoreset_mode,
                                                           **render))

    def dims(self) -> tuple[int, int]:
        """(observation size, action size) of this run's env and body."""
        env = self.make_env(1)
        try:
            return env.single_observation_space.shape[0], env.single_action_space.shape[0]
        finally:
            env.close()

    def make_teacher(self) -> teachers.Teacher | teachers.ShuffledTeacher | None:
        """The run's teacher (None for the classic envs); bad teacher options raise ValueError/TypeError here."""
        if not self.has_tasks:
            return None
        return teachers.make(self.teacher, self.task_space(), seed=self.seed, preset=self.teacher_preset,
                             expert_knowledge=self.expert_knowledge, shuffle_dimensions=self.shuffle_dimensions,
                             **self.teacher_options)

    def learner_config(self):
        return learners.make_config(self.learner, self.learner_preset, **self.learner_options)

    @property
    def total_steps(self) -> int:
        """`steps` rounded up to whole rollouts (PPO updates on full rollouts; SAC's rollout is one vector step)."""
        rollout = self.learner_config().rollout_size
        return math.ceil(self.steps / rollout) * rollout

    @property
    def checkpoint_interval(self) -> int:
        """Checkpoints fall between PPO rollouts: `checkpoint_every` rounded up to a whole number of rollouts."""
        rollout = self.learner_config().rollout_size
        return max(rollout, math.ceil(self.checkpoint_every / rollout) * rollout)

    # ---- validation / serialisation ------------------------------------------------------------------------------

    def validate(self) -> TrainConfig:
        if self.env not in ENVS:
            raise ValueError(f"unknown env {self.env!r}; valid: {sorted(ENVS)}")
        _core.check_body(self.env_choice.family, self.body)
        if self.learner not in learners.names():
            raise ValueError(f"unknown learner {self.learner!r}; valid: {learners.names()}")
        valid_teachers = ["none"] if not self.has_tasks else teachers.names()
        if self.teacher not in valid_teachers:
            hint = " (the classic BipedalWalker envs have no tasks)" if not self.has_tasks else ""
            raise ValueError(f"unknown teacher {self.teacher!r} for env {self.env}{hint}; valid: {valid_teachers}")
        for key in ("steps", "eval_every", "eval_envs", "checkpoint_every", "log_every"):
            value = getattr(self, key)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{key.replace('_', '-')} must be a positive integer, got {value!r}")
        if not isinstance(self.holdout_episodes, int) or isinstance(self.holdout_episodes, bool) \
                or self.holdout_episodes < 0:
            raise ValueError(f"holdout-episodes must be a non-negative integer, got {self.holdout_episodes!r}")
        if not isinstance(self.seed, int) or not 0 <= self.seed < 2**31:
            raise ValueError(f"seed must be an integer in [0, 2**31), got {self.seed!r}")
        for key in ("num_threads", "torch_threads"):
            value = getattr(self, key)
            if value is not None and (not isinstance(value, int) or value < 1):
                raise ValueError(f"{key.replace('_', '-')} must be a positive integer, got {value!r}")
        if not isinstance(self.workers, int) or isinstance(self.workers, bool) or self.workers < 0:
            raise ValueError(f"workers must be a non-negative integer, got {self.workers!r}")
        if self.workers and self.learner != "ppo":
            raise ValueError(f"rollout workers sample for the ppo learner only, not {self.learner}")
        if self.device not in ("cpu", "cuda") and not self.device.startswith("cuda:"):
            raise ValueError(f"device must be 'cpu' or 'cuda[:N]', got {self.device!r}")
        if self.device != "cpu":
            import torch

            if not torch.cuda.is_available():
                raise ValueError(f"device {self.device!r} asked for but torch sees no CUDA device")
        if self.has_tasks and getattr(teachers.TEACHERS[self.teacher], "replays_levels", False):
            if self.learner != "ppo" or self.workers or self.shuffle_dimensions:
                raise ValueError(f"teacher {self.teacher} scores levels with PPO's value errors, rollout by rollout: "
                                 "it needs --learner ppo, in this process (no workers), without shuffle-dimensions")
        learner_config = self.learner_config()  # unknown presets / options raise here
        if self.workers > learner_config.num_envs:
            raise ValueError(f"workers ({self.workers}) cannot exceed the learner's num_envs "
                             f"({learner_config.num_envs}): each worker owns at least one env")
        if self.has_tasks:
            test_names = families.test_set_names(self.env_choice.family)
            if not self.test_set.endswith(".npy") and self.test_set not in test_names:
                raise ValueError(f"unknown test set {self.test_set!r}; valid: {test_names} or a .npy file")
            if self.test_set.endswith(".npy") and not os.path.isfile(self.test_set):
                raise ValueError(f"test set file {self.test_set!r} does not exist")
            self.test_tasks()
        elif self.task_box or self.parkour_box or self.level or self.shuffle_dimensions:
            raise ValueError(f"env {self.env} has no tasks: task-box, parkour-box, level and shuffle-dimensions "
                             "do not apply")
        elif self.test_set != "default":
            raise ValueError(f"env {self.env} has no tasks: its test set is {CLASSIC_EVAL_EPISODES} seeded episodes")
        return self

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown config key(s) {unknown}")
        data = dict(data)
        data["task_box"] = {k: tuple(v) for k, v in data.get("task_box", {}).items()}
        return cls(**data)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=2, default=json_default) + "\n")

    @classmethod
    def load(cls, path: Path) -> TrainConfig:
        return cls.from_dict(json.loads(Path(path).read_text()))

