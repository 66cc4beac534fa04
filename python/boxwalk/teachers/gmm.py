"""Gaussian-mixture fitting shared by ALP-GMM and Covar-GMM."""

from __future__ import annotations

import copy
import pickle
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from boxwalk.teachers import fit_worker
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


class PendingFit:
    """A GMM fit started in the background, to be used once the teacher has seen episode ``due``."""

    def __init__(self, due: int, args: tuple, ticket: int | None = None, result: Any = None):
        self.due, self.args, self.ticket, self._result = due, args, ticket, result
        self.worker = None

    @classmethod
    def start(cls, due: int, *args: Any) -> PendingFit:
        try:
            worker = fit_worker.worker()
            pending = cls(due, args, worker.submit("fit_best_gmm", args))
            pending.worker = worker
        except OSError:  # no process could start here: fit inline
            return cls(due, args, result=fit_best_gmm_args(args))
        return pending

    def result(self):
        """The fitted mixture (or None), waiting for it if needed; identical to fitting inline."""
        if self.ticket is not None:
            try:
                self._result = self.worker.result(self.ticket)
            except (OSError, EOFError, pickle.UnpicklingError):  # the worker died: fit here instead
                self._result = fit_best_gmm_args(self.args)
            self.ticket = self.worker = None
        return self._result

    def __deepcopy__(self, memo) -> PendingFit:
        """Checkpoints hold the finished fit (so a resumed run uses it at the same episode)."""
        return PendingFit(self.due, copy.deepcopy(self.args, memo), result=copy.deepcopy(self.result(), memo))


@dataclass
class Mixture:
    """A fitted mixture's parameters, all the teachers use (plain arrays: cheap to pass between processes, safe to
    checkpoint)."""

    means_: np.ndarray
    covariances_: np.ndarray
    weights_: np.ndarray


def fit_best_gmm_args(args: tuple) -> Mixture | None:
    """:func:`fit_best_gmm` on ``(data, ks, criterion, seed, n_init)``, as a :class:`Mixture`."""
    data, ks, criterion, seed, n_init = args
    gmm = fit_best_gmm(data, ks, criterion=criterion, seed=seed, n_init=n_init)
    return None if gmm is None else Mixture(gmm.means_, gmm.covariances_, gmm.weights_)


def warm_up(args: tuple) -> None:
    """Imports what a fit needs (the worker does it while the first episodes run)."""
    import sklearn.mixture  # noqa: F401


def floor_covariances(covariances: np.ndarray, span: np.ndarray, min_std: float) -> np.ndarray:
    """Full covariances (k, p, p) whose first ``d = len(span)`` dimensions (the task) are widened so that, in units
    of ``span`` (each dimension's range), every direction has a standard deviation of at least ``min_std``: the
    eigenvalues of the scaled task block below ``min_std**2`` are raised to it. Adding a positive semi-definite
    term keeps each covariance valid and leaves the other dimensions and the cross-terms as fitted."""
    d = len(span)
    scale = np.outer(span, span)
    out = np.array(covariances, dtype=np.float64, copy=True)
    for cov in out:
        eigenvalues, vectors = np.linalg.eigh(cov[:d, :d] / scale)
        raise_by = np.maximum(min_std**2 - eigenvalues, 0.0)
        cov[:d, :d] += (vectors * raise_by) @ vectors.T * scale
    return out


def snapshot(gmm) -> dict[str, np.ndarray]:
    return {"means": gmm.means_.copy(), "covariances": gmm.covariances_.copy(), "weights": gmm.weights_.copy()}


class GMMTeacher(Teacher):
    """Shared by ALP-GMM and Covar-GMM: refit GMMs on the last `fit_rate` data vectors every `fit_rate` episodes;
    sample uniformly during the bootstrap (from the expert Gaussian with expert_knowledge='high') and with
    probability `random_task_ratio` afterwards; otherwise draw a component with probability given by
    `_component_interest`, sample it and keep the task coordinates (the caller clips to the box).

    ``min_task_std`` (0 = as published): a covariance floor. Every fitted component is widened, in the task
    dimensions, until its standard deviation along every direction is at least this fraction of each dimension's
    range, so that no component can shrink onto a few tasks (see :class:`boxwalk.teachers.ALPGMMFloor`).

    ``fit_lag``: 0 (default, as published) fits inline, so the new mixture serves the very next sample. ``k > 0``
    fits in a background process and swaps the new mixture in once ``k`` more episodes have been reported (waiting
    for the fit if it is not done): the same fits on the same data, used ``k`` episodes later, deterministic for a
    seed whatever the timing. The training loop sets it to its number of envs (see :meth:`run_in_background`).
    """

    def __init__(self, task_space, *, fit_rate: int, potential_ks, random_task_ratio: float, criterion: str = "aic",
                 nb_em_init: int = 1, fit_lag: int | None = None, min_task_std: float = 0.0, **kwargs):
        super().__init__(task_space, **kwargs)
        if not (isinstance(min_task_std, (int, float)) and 0.0 <= min_task_std < 1.0):
            raise ValueError(f"min_task_std must be a fraction of the task ranges in [0, 1), got {min_task_std!r}")
        self.min_task_std = float(min_task_std)
        if fit_lag is not None and not (isinstance(fit_lag, (int, np.integer)) and 0 <= fit_lag < fit_rate):
            raise ValueError(f"fit_lag must be an integer in [0, fit_rate={fit_rate}), got {fit_lag!r}")
        self.fit_lag_given = fit_lag is not None
        self.fit_lag = int(fit_lag or 0)
        self.pending_fit: PendingFit | None = None
        self.added = 0
        if fit_rate < 2:
            raise ValueError(f"fit_rate must be >= 2, got {fit_rate}")
        if not 0.0 <= random_task_ratio <= 1.0:
            raise ValueError(f"random_task_ratio must be in [0, 1], got {random_task_ratio}")
        self.fit_rate, self.potential_ks = int(fit_rate), [int(k) for k in potential_ks]
        self.random_task_ratio, self.criterion, self.nb_em_init = random_task_ratio, criterion, int(nb_em_init)
        self.data: list[np.ndarray] = []
        self.gmm = None
        # Both reference implementations give every fit the teacher's seed as sklearn's random_state (one fixed
        # k-means++ initialisation stream), drawing one when unseeded.
        self.fit_seed = int(self.seed) % 2**32 if self.seed is not None else int(self.rng.integers(2**31))

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

    def run_in_background(self, lag: int) -> None:
        """Fits in a background process, used ``lag`` episodes later (unless the user chose ``fit_lag``)."""
        if not self.fit_lag_given:
            self.fit_lag = max(0, min(int(lag), self.fit_rate - 1))
        if self.fit_lag > 0:
            try:
                fit_worker.worker().submit("warm_up", ())
            except OSError:
                pass  # PendingFit.start fits inline then

    def _add(self, vector: np.ndarray) -> None:
        """Stores one data vector and refits when a batch of `fit_rate` is complete."""
        self.data.append(vector)
        self.added += 1
        if self.pending_fit is not None and self.added >= self.pending_fit.due:
            self._use_fit(self.pending_fit.result())
            self.pending_fit = None
        if len(self.data) % self.fit_rate == 0:
            args = (np.array(self.data[-self.fit_rate :]), self.potential_ks, self.criterion,
                    self.fit_seed, self.nb_em_init)
            if self.fit_lag == 0:
                self._use_fit(fit_best_gmm_args(args))
            else:
                self.pending_fit = PendingFit.start(self.added + self.fit_lag, *args)
            self.data = self.data[-self.fit_rate :]

    def _use_fit(self, gmm) -> None:
        if gmm is not None:
            if self.min_task_std > 0:
                gmm = Mixture(gmm.means_, floor_covariances(gmm.covariances_, self.high - self.low,
                                                            self.min_task_std), gmm.weights_)
            self.gmm = gmm
            self._snapshot(**snapshot(gmm))
