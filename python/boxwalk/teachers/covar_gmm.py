"""Covar-GMM (Moulin-Frier et al. 2014, as in teachDeepRL): GMMs over (task, time, return)."""

from __future__ import annotations

import numpy as np

from boxwalk.teachers.gmm import GMMTeacher


class CovarGMM(GMMTeacher):
    """Covar-GMM: store [task, t, return] with t the relative time inside the current batch of `fit_rate`
    episodes; every `fit_rate` episodes fit GMMs (best AIC) and pick components with probability proportional to
    their learning progress max(0, Cov(t, return)) (|Cov| with `absolute_lp`). Random ratio and bootstrap as in
    ALP-GMM; a fit that raises is skipped.
    """

    name = "covar-gmm"

    def __init__(self, task_space, *, fit_rate: int = 150, potential_ks=range(2, 15), random_task_ratio: float = 0.1,
                 absolute_lp: bool = False, **kwargs):
        super().__init__(task_space, fit_rate=fit_rate, potential_ks=potential_ks,
                         random_task_ratio=random_task_ratio, **kwargs)
        self.absolute_lp = absolute_lp

    def _component_interest(self) -> np.ndarray:
        cov_tr = self.gmm.covariances_[:, self.dim, self.dim + 1]
        return np.abs(cov_tr) if self.absolute_lp else np.maximum(cov_tr, 0.0)

    def _update_one(self, task, ret, raw_return, success) -> None:
        t = (self.episodes % self.fit_rate) / self.fit_rate
        self._add(np.concatenate([task, [t, ret]]))
