"""A synthetic student for validating teachers without a simulator, in the spirit of teachDeepRL's toy env.

The task space [0, 1]^d is cut into `cells` bins per dimension. Each cell has a competence in [0, 1]. Practising a
learnable cell at the learner's frontier raises its competence by `gain` (capped at 1); the frontier is the easiest
cell (all bins 0) and every cell with a learnable "previous" neighbour -- one bin lower on any non-empty subset of
the dimensions -- whose competence has reached `unlock`. Practising a learnable cell beyond the frontier raises it
only by `far_gain` (too hard to learn much from), and a fraction of the cells (never the easiest) is unlearnable.
Practice on locked, mastered or unlearnable cells is (nearly) wasted, which is what a curriculum should avoid. An episode returns -150 + 500 * competence + N(0, noise): the return scale of the walker
envs, so a cell is mastered (return > 230) once its competence exceeds 0.76. The score is the percentage of learnable
cells with competence > 0.76.

Differences from teachDeepRL's toy env: unlearnable cells, returns on the walker scale with noise, a configurable
gain, and a seeded generator.
"""

from __future__ import annotations

import itertools

import numpy as np

from boxwalk.tasks import TaskSpace

MASTERED = 0.76


class GridStudent:
    def __init__(self, dim: int, *, cells: int, gain: float = 0.05, far_gain: float = 0.005, unlock: float = 0.75,
                 unlearnable_fraction: float = 0.2, noise: float = 2.0, seed: int = 0):
        self.dim, self.cells, self.gain, self.far_gain = dim, cells, gain, far_gain
        self.unlock, self.noise = unlock, noise
        self.rng = np.random.default_rng(seed)
        shape = (cells,) * dim
        self.competence = np.zeros(shape)
        self.learnable = self.rng.random(shape) >= unlearnable_fraction
        self.learnable[(0,) * dim] = True
        self._offsets = [np.array(o) for o in itertools.product((0, 1), repeat=dim) if any(o)]
        self.task_space = TaskSpace([f"x{i}" for i in range(dim)], [0.0] * dim, [1.0] * dim)

    def _cell(self, task: np.ndarray) -> tuple[int, ...]:
        return tuple(int(i) for i in np.clip((task * self.cells).astype(int), 0, self.cells - 1))

    def _at_frontier(self, cell: tuple[int, ...]) -> bool:
        if not any(cell):
            return True
        c = np.array(cell)
        for offset in self._offsets:
            prev = c - offset
            if (prev >= 0).all():
                p = tuple(prev)
                if self.learnable[p] and self.competence[p] >= self.unlock:
                    return True
        return False

    def episodes(self, tasks: np.ndarray) -> np.ndarray:
        """Plays one episode per task (practising it) and returns the returns."""
        tasks = np.atleast_2d(tasks)
        returns = np.empty(len(tasks))
        for i, task in enumerate(tasks):
            cell = self._cell(task)
            if self.learnable[cell]:
                step = self.gain if self._at_frontier(cell) else self.far_gain
                self.competence[cell] = min(1.0, self.competence[cell] + step)
            returns[i] = -150.0 + 500.0 * self.competence[cell] + self.rng.normal(0.0, self.noise)
        return returns

    def mastered_percent(self) -> float:
        return 100.0 * float(np.mean(self.competence[self.learnable] > MASTERED))


def run(teacher_name: str, dim: int, cells: int, episodes: int, seed: int, *, batch: int = 32,
        student_kwargs: dict | None = None, **teacher_kwargs) -> list[float]:
    """% of learnable cells mastered after each batch of episodes, for one teacher and seed."""
    from boxwalk import teachers

    student = GridStudent(dim, cells=cells, seed=seed, **(student_kwargs or {}))
    teacher = teachers.make(teacher_name, student.task_space, seed=seed, **teacher_kwargs)
    curve = []
    for _ in range(episodes // batch):
        tasks = teacher.sample(batch)
        teacher.update(tasks, student.episodes(tasks))
        curve.append(student.mastered_percent())
    return curve


class NoisyStumpStudent:
    """TeachMyAgent's mostly-unfeasible Stump Tracks criterion in miniature, for the ALP-GMM collapse: tasks
    (stump_height in [0, 9], obstacle_spacing in [0, 6]). Below height 3 (the feasible third) the box is cut into
    `cells` x `cells` bins whose competence grows by `gain` per episode practised there (return -150 + 500 x
    competence + N(0, 2)); above, the walker cannot climb: returns are pure noise, -100 or 0 (it falls sooner or
    gets stuck and falls later) plus N(0, `noise`), so any learning progress measured there is noise."""

    FEASIBLE_HEIGHT = 3.0

    def __init__(self, *, cells: int = 10, gain: float = 0.01, noise: float = 10.0, seed: int = 0):
        self.cells, self.gain, self.noise = cells, gain, noise
        self.rng = np.random.default_rng(seed)
        self.competence = np.zeros((cells, cells))
        self.task_space = TaskSpace(["stump_height", "obstacle_spacing"], [0.0, 0.0], [9.0, 6.0])

    def episodes(self, tasks: np.ndarray) -> np.ndarray:
        returns = []
        for height, spacing in np.atleast_2d(tasks):
            if height >= self.FEASIBLE_HEIGHT:
                returns.append(self.rng.choice([-100.0, 0.0]) + self.rng.normal(0.0, self.noise))
                continue
            i = min(int(height / self.FEASIBLE_HEIGHT * self.cells), self.cells - 1)
            j = min(int(spacing / 6.0 * self.cells), self.cells - 1)
            self.competence[i, j] = min(1.0, self.competence[i, j] + self.gain)
            returns.append(-150.0 + 500.0 * self.competence[i, j] + self.rng.normal(0.0, 2.0))
        return np.array(returns)


def run_as_training_loop(teacher, student, episodes: int, num_envs: int = 1) -> np.ndarray:
    """Feeds ``teacher`` as boxwalk's training loop does with ``num_envs`` envs: every env runs the task queued at
    its previous episode's end (SAME_STEP autoreset), so a task is sampled one episode of its env ahead; envs
    finish in turn. ``num_envs=1`` is TeachMyAgent's loop (sample, run, report). Returns the tasks run, in order."""
    current = teacher.sample(num_envs)
    queued = teacher.sample(num_envs) if num_envs > 1 else None
    ran = []
    for k in range(episodes):
        i = k % num_envs
        task = current[i].copy()
        teacher.update(task[None], student.episodes(task[None]))
        ran.append(task)
        if queued is None:
            current[i] = teacher.sample(1)[0]
        else:
            current[i], queued[i] = queued[i], teacher.sample(1)[0]
    return np.array(ran)


__all__ = ["MASTERED", "GridStudent", "NoisyStumpStudent", "run", "run_as_training_loop"]
