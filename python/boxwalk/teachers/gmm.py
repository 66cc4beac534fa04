"""Gaussian-mixture fitting shared by ALP-GMM and Covar-GMM."""

from __future__ import annotations

import warnings

import numpy as np


def fit_best_gmm(data: np.ndarray, ks, *, criterion: str, seed: int | None, n_init: int):
    """Fits a full-covariance GaussianMixture for each k and returns the best by AIC, BIC or AICc.

    A k whose fit fails (too few points, a singular covariance, a FloatingPointError as in trap T34) is skipped
    instead of aborting the run; returns None when every k fails.
    """
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
