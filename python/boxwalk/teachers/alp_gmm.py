"""ALP-GMM (Portelas et al., CoRL 2019): a Gaussian mixture over (task, absolute learning progress)."""

from __future__ import annotations

import numpy as np

from boxwalk.teachers.base import Teacher
from boxwalk.teachers.gmm import fit_best_gmm, snapshot


class NearestNeighbourALP:
    """Absolute learning progress of a new (task, return): |return - return of the nearest earlier task|.

    Earlier tasks live in a KD-tree rebuilt every `buffer_size` insertions plus a small buffer searched by brute
    force, so a query stays cheap on a 100k-episode history. ALP is 0 until more than 5 episodes are stored.
    `max_size` keeps only the most recent episodes.
    """

    def __init__(self, dim: int, buffer_size: int = 500, max_size: int | None = None):
        self.dim, self.buffer_size, self.max_size = dim, buffer_size, max_size
        self._tasks = np.zeros((1024, dim))
        self._returns = np.zeros(1024)
        self.n = 0
        self.tree = None
        self.tree_size = 0

    def __len__(self) -> int:
        return self.n

    def add(self, task: np.ndarray, ret: float) -> float:
        alp = 0.0
        if self.n > 5:
            best_d, best_i = np.inf, -1
            if self.tree is not None:
                best_d, best_i = self.tree.query(task)
            recent = self._tasks[self.tree_size : self.n]
            if len(recent):
                d = np.linalg.norm(recent - task, axis=1)
                j = int(np.argmin(d))
                if d[j] < best_d:
                    best_d, best_i = d[j], self.tree_size + j
            alp = abs(ret - self._returns[best_i])
        if self.n == len(self._returns):
            self._tasks = np.concatenate([self._tasks, np.zeros_like(self._tasks)])
            self._returns = np.concatenate([self._returns, np.zeros_like(self._returns)])
        self._tasks[self.n], self._returns[self.n] = task, ret
        self.n += 1
        if self.max_size is not None and self.n > self.max_size:
            keep = slice(self.n - self.max_size, self.n)
            self._tasks[: self.max_size], self._returns[: self.max_size] = self._tasks[keep], self._returns[keep]
            self.n, self.tree, self.tree_size = self.max_size, None, 0
        if self.n - self.tree_size > self.buffer_size:
            from scipy.spatial import cKDTree

            self.tree, self.tree_size = cKDTree(self._tasks[: self.n]), self.n
        return alp


class ALPGMM(Teacher):
    """ALP-GMM: every `fit_rate` episodes, fit GMMs (k in `potential_ks`, best AIC) on the last `fit_rate`
    [task, ALP] vectors; sample a component with probability proportional to its mean ALP, draw from it, clip.

    During the first `fit_rate` episodes (bootstrap), and with probability `random_task_ratio` afterwards, tasks are
    uniform in the box (from the expert initial Gaussian during bootstrap with expert_knowledge='high').

    Differences from the original code: a GMM fit that raises is skipped (the previous mixture stays in use), and
    tasks are kept in the box's raw units as both originals do (so ALP's scale matters, trap T4).
    """

    name = "alp-gmm"

    def __init__(self, task_space, *, fit_rate: int = 150, potential_ks=range(2, 10), random_task_ratio: float = 0.05,
                 criterion: str = "aic", nb_em_init: int = 1, alp_max_size: int | None = None, **kwargs):
        super().__init__(task_space, **kwargs)
        if fit_rate < 2:
            raise ValueError(f"fit_rate must be >= 2, got {fit_rate}")
        if not 0.0 <= random_task_ratio <= 1.0:
            raise ValueError(f"random_task_ratio must be in [0, 1], got {random_task_ratio}")
        self.fit_rate, self.potential_ks = int(fit_rate), [int(k) for k in potential_ks]
        self.random_task_ratio, self.criterion, self.nb_em_init = random_task_ratio, criterion, int(nb_em_init)
        self.alp = NearestNeighbourALP(self.dim, max_size=alp_max_size)
        self.tasks_alps: list[np.ndarray] = []
        self.gmm = None

    def _sample(self, n: int) -> np.ndarray:
        out = np.empty((n, self.dim))
        for i in range(n):
            if self.gmm is None or self.rng.random() < self.random_task_ratio:
                bootstrap_high = self.gmm is None and self.expert_knowledge == "high"
                out[i] = self._initial(1)[0] if bootstrap_high else self._uniform(1)[0]
            else:
                out[i] = self._sample_gmm()
        return out

    def _sample_gmm(self) -> np.ndarray:
        lp = np.maximum(self.gmm.means_[:, -1], 0.0)
        p = lp / lp.sum() if lp.sum() > 0 else np.full(len(lp), 1.0 / len(lp))
        k = self.rng.choice(len(p), p=p)
        x = self.rng.multivariate_normal(self.gmm.means_[k], self.gmm.covariances_[k])
        return x[: self.dim]

    def _update_one(self, task, ret, raw_return, success) -> None:
        alp = self.alp.add(task, ret)
        self.tasks_alps.append(np.append(task, alp))
        if len(self.tasks_alps) % self.fit_rate == 0:
            data = np.array(self.tasks_alps[-self.fit_rate :])
            gmm = fit_best_gmm(data, self.potential_ks, criterion=self.criterion, seed=self._fit_seed(),
                               n_init=self.nb_em_init)
            if gmm is not None:
                self.gmm = gmm
                self._snapshot(**snapshot(gmm))
            self.tasks_alps = self.tasks_alps[-self.fit_rate :]

    def _fit_seed(self) -> int:
        return int(self.rng.integers(2**31))
