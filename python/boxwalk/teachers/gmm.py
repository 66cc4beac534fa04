"""Gaussian-mixture fitting shared by ALP-GMM and Covar-GMM."""

from __future__ import annotations

import warnings

import numpy as np

from boxwalk.teachers.base import Teacher


def fit_best_gmm(data: np.ndarray, ks, *, criterion: str, seed: int | None, n_init: int):
    """Fits a full-covariance GaussianMixture for each k and returns the best by AIC, BIC or AICc.

    A k whose fit fails (too few points, a singular covariance, a FloatingPointError, which sklearn raises on near-duplicate tasks) is skipped
    instead of aborting the run; returns None when every k fails.

    BLAS runs on one thread here: the matrices are tiny, so threads only cost (15x slower fits were measured with
    OpenBLAS's default pool on two busy cores), and a fixed thread count keeps the fits identical on every machine.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        return _fit_best(data, ks, criterion, seed, n_init)


def _fit_best(data: np.ndarray, ks, criterion: str, seed: int | None, n_init: int):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.mixture import GaussianMixture


    n, p = data.shape
    best, best_score = None, np.inf
    for k in ks:
        if k > n:
            continue
        gmm = GaussianMixture(n_components=int(k), covariance_type="full", n_init=n_init, random_state=seed)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                gmm.fit(data)
                score = _score(gmm, data, criterion, n, p)
        except (FloatingPointError, ValueError, np.linalg.LinAlgError):
            continue
        if np.isfinite(score) and score < best_score:
            best, best_score = gmm, score
    return best


def _score(gmm, data: np.ndarray, criterion: str, n: int, p: int) -> float:
    if criterion == "aic":
        return gmm.aic(data)
    if criterion == "bic":
        return gmm.bic(data)
    if criterion == "aicc":
        k = gmm._n_parameters()
        return gmm.aic(data) + 2 * k * (k + 1) / max(n - k - 1, 1)
    raise ValueError(f"criterion must be 'aic', 'bic' or 'aicc', got {criterion!r}")


def snapshot(gmm) -> dict[str, np.ndarray]:
    return {"means": gmm.means_.copy(), "covariances": gmm.covariances_.copy(), "weights": gmm.weights_.copy()}


class GMMTeacher(Teacher):
    """Shared by ALP-GMM and Covar-GMM: refit GMMs on the last `fit_rate` data vectors every `fit_rate` episodes;
    sample uniformly during the bootstrap (from the expert Gaussian with expert_knowledge='high') and with
    probability `random_task_ratio` afterwards; otherwise draw a component with probability given by
    `_component_interest`, sample it and keep the task coordinates (the caller clips to the box)."""

    def __init__(self, task_space, *, fit_rate: int, potential_ks, random_task_ratio: float, criterion: str = "aic",
                 nb_em_init: int = 1, **kwargs):
        super().__init__(task_space, **kwargs)
        if fit_rate < 2:
            raise ValueError(f"fit_rate must be >= 2, got {fit_rate}")
        if not 0.0 <= random_task_ratio <= 1.0:
            raise ValueError(f"random_task_ratio must be in [0, 1], got {random_task_ratio}")
        self.fit_rate, self.potential_ks = int(fit_rate), [int(k) for k in potential_ks]
        self.random_task_ratio, self.criterion, self.nb_em_init = random_task_ratio, criterion, int(nb_em_init)
        self.data: list[np.ndarray] = []
        self.gmm = None

    def _component_interest(self) -> np.ndarray:
        raise NotImplementedError

    def _sample(self, n: int) -> np.ndarray:
        out = np.empty((n, self.dim))
        for i in range(n):
            if self.gmm is None or self.rng.random() < self.random_task_ratio:
                bootstrap_high = self.gmm is None and self.expert_knowledge == "high"
                out[i] = self._initial(1)[0] if bootstrap_high else self._uniform(1)[0]
                continue
            interest = self._component_interest()
            p = interest / interest.sum() if interest.sum() > 0 else np.full(len(interest), 1.0 / len(interest))
            k = self.rng.choice(len(p), p=p)
            out[i] = self.rng.multivariate_normal(self.gmm.means_[k], self.gmm.covariances_[k])[: self.dim]
        return out

    def _add(self, vector: np.ndarray) -> None:
        """Stores one data vector and refits when a batch of `fit_rate` is complete."""
        self.data.append(vector)
        if len(self.data) % self.fit_rate == 0:
            gmm = fit_best_gmm(np.array(self.data[-self.fit_rate :]), self.potential_ks, criterion=self.criterion,
                               seed=int(self.rng.integers(2**31)), n_init=self.nb_em_init)
            if gmm is not None:
                self.gmm = gmm
                self._snapshot(**snapshot(gmm))
            self.data = self.data[-self.fit_rate :]
