"""Covar-GMM (Moulin-Frier et al. 2014, as in teachDeepRL): GMMs over (task, time, return)."""

from __future__ import annotations

import numpy as np

from boxwalk.teachers.base import Teacher
from boxwalk.teachers.gmm import fit_best_gmm, snapshot


class CovarGMM(Teacher):
    """Covar-GMM: store [task, t, return] with t the relative time inside the current batch of `fit_rate`
    episodes; every `fit_rate` episodes fit GMMs (best AIC) and pick components with probability proportional to
    their learning progress max(0, Cov(t, return)) (|Cov| with `absolute_lp`). Random ratio and bootstrap as in
    ALP-GMM; a fit that raises is skipped.
    """

    name = "covar-gmm"

    def __init__(self, task_space, *, fit_rate: int = 150, potential_ks=range(2, 15), random_task_ratio: float = 0.1,
                 criterion: str = "aic", nb_em_init: int = 1, absolute_lp: bool = False, **kwargs):
        super().__init__(task_space, **kwargs)
        if fit_rate < 2:
            raise ValueError(f"fit_rate must be >= 2, got {fit_rate}")
        self.fit_rate, self.potential_ks = int(fit_rate), [int(k) for k in potential_ks]
        self.random_task_ratio, self.criterion, self.nb_em_init = random_task_ratio, criterion, int(nb_em_init)
        self.absolute_lp = absolute_lp
        self.data: list[np.ndarray] = []
        self.gmm = None

    def _sample(self, n: int) -> np.ndarray:
        out = np.empty((n, self.dim))
        for i in range(n):
            if self.gmm is None or self.rng.random() < self.random_task_ratio:
                bootstrap_high = self.gmm is None and self.expert_knowledge == "high"
                out[i] = self._initial(1)[0] if bootstrap_high else self._uniform(1)[0]
            else:
                cov_tr = self.gmm.covariances_[:, self.dim, self.dim + 1]
                lp = np.abs(cov_tr) if self.absolute_lp else np.maximum(cov_tr, 0.0)
                p = lp / lp.sum() if lp.sum() > 0 else np.full(len(lp), 1.0 / len(lp))
                k = self.rng.choice(len(p), p=p)
                out[i] = self.rng.multivariate_normal(self.gmm.means_[k], self.gmm.covariances_[k])[: self.dim]
        return out

    def _update_one(self, task, ret, raw_return, success) -> None:
        t = (self.episodes % self.fit_rate) / self.fit_rate
        self.data.append(np.concatenate([task, [t, ret]]))
        if len(self.data) % self.fit_rate == 0:
            gmm = fit_best_gmm(np.array(self.data[-self.fit_rate :]), self.potential_ks, criterion=self.criterion,
                               seed=int(self.rng.integers(2**31)), n_init=self.nb_em_init)
            if gmm is not None:
                self.gmm = gmm
                self._snapshot(**snapshot(gmm))
            self.data = self.data[-self.fit_rate :]
