"""ALP-GMM (Portelas et al., CoRL 2019): a Gaussian mixture over (task, absolute learning progress)."""

from __future__ import annotations

import numpy as np

from boxwalk.teachers.gmm import GMMTeacher


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

    # The KD-tree is left out of the saved state and rebuilt from the same tasks on load (the build is deterministic,
    # so queries answer as before): a checkpoint then holds arrays only, which the weights-only loader accepts.
    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "tree"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._build_tree(self.tree_size)

    def _build_tree(self, size: int) -> None:
        """The KD-tree over the first ``size`` stored tasks (none for 0)."""
        from scipy.spatial import cKDTree

        self.tree, self.tree_size = (cKDTree(self._tasks[:size]) if size else None), size

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
            self.n = self.max_size
            self._build_tree(0)
        if self.n - self.tree_size > self.buffer_size:
            self._build_tree(self.n)
        return alp


class ALPGMM(GMMTeacher):
    """ALP-GMM: every `fit_rate` episodes, fit GMMs (k in `potential_ks`, best AIC) on the last `fit_rate`
    [task, ALP] vectors; sample a component with probability proportional to its mean ALP, draw from it, clip.

    During the first `fit_rate` episodes (bootstrap), and with probability `random_task_ratio` afterwards, tasks are
    uniform in the box (from the expert initial Gaussian during bootstrap with expert_knowledge='high').

    Differences from the original code: a GMM fit that raises is skipped (the previous mixture stays in use), and
    tasks are kept in the box's raw units as both originals do (so ALP's scale follows the box's units).
    """

    name = "alp-gmm"

    def __init__(self, task_space, *, fit_rate: int = 150, potential_ks=range(2, 10), random_task_ratio: float = 0.05,
                 alp_max_size: int | None = None, **kwargs):
        super().__init__(task_space, fit_rate=fit_rate, potential_ks=potential_ks,
                         random_task_ratio=random_task_ratio, **kwargs)
        self.alp = NearestNeighbourALP(self.dim, max_size=alp_max_size)

    def _component_interest(self) -> np.ndarray:
        return np.maximum(self.gmm.means_[:, -1], 0.0)

    def _update_one(self, task, ret, raw_return, success) -> None:
        self._add(np.append(task, self.alp.add(task, ret)))


class ALPGMMFloor(ALPGMM):
    """ALP-GMM with a covariance floor (not a published algorithm): each fitted component keeps a standard
    deviation of at least ``min_task_std`` (default 5 %) of every task dimension's range.

    Why: the published algorithm can collapse. A component whose tasks have noisy returns (a walker that falls on
    a stump it cannot climb, sometimes sooner, sometimes later) keeps a high mean ALP from the noise alone; its
    samples then fill the next fit window, the refit draws it tighter, and the teacher ends up re-sampling one task
    for hundreds of episodes. TeachMyAgent's own ALP-GMM code does the same on a synthetic student with noisy
    returns (see the README's *ALP-GMM collapse*). The floor keeps every component at least a neighbourhood wide;
    everything else is ALP-GMM as published.
    """

    name = "alp-gmm-floor"
    preset_name = "alp-gmm"

    def __init__(self, task_space, *, min_task_std: float = 0.05, **kwargs):
        super().__init__(task_space, min_task_std=min_task_std, **kwargs)
