"""SPDL, self-paced deep RL (Klink et al. 2020), as used in TeachMyAgent."""

from __future__ import annotations

import numpy as np

from boxwalk.teachers.base import Teacher


def _kl_diag(mu0, log_std0, mu1, log_std1) -> float:
    """KL(N(mu0, diag std0^2) || N(mu1, diag std1^2))."""
    var0, var1 = np.exp(2 * log_std0), np.exp(2 * log_std1)
    return float(0.5 * np.sum(var0 / var1 + (mu1 - mu0) ** 2 / var1 - 1.0 + 2 * (log_std1 - log_std0)))


def _log_pdf_diag(x, mu, log_std) -> np.ndarray:
    z = (x - mu) / np.exp(log_std)
    return -0.5 * np.sum(z**2, axis=1) - np.sum(log_std) - 0.5 * len(mu) * np.log(2 * np.pi)


class SPDL(Teacher):
    """A Gaussian context distribution moved towards a target distribution as fast as performance allows.

    Initial distribution: the expert one with expert_knowledge='high', else a random subspace (mean uniform in the
    box, std 10 % of the range). Target: centred on the box, std = range / 4. Every `update_frequency` episodes
    after `update_offset` episodes, one trust-region step (scipy SLSQP) maximises
    mean(p_new(c) / p_old(c) * J(c)) - alpha * KL(p_new || target) subject to KL(p_new || p_old) <= max_kl, over the
    contexts c of the episodes buffered since the last step (the buffer is then cleared). J is the learner's value estimate of each episode's initial state when
    given through ``update_steps(tasks=..., values=...)``, else the episode's return. alpha = zeta * max(mean J, 0)
    / KL(p_old || target) once `alpha_offset` updates have passed (TeachMyAgent's PercentageAlphaFunction).

    Differences from TeachMyAgent's version: a diagonal Gaussian and a scipy constrained step instead of torch's
    conjugate-gradient natural step, and the schedule counts episodes (TeachMyAgent: 200k/50k environment steps).
    """

    name = "spdl"

    def __init__(self, task_space, *, update_offset: int = 200, update_frequency: int = 50, alpha_offset: int = 10,
                 zeta: float = 0.25, max_kl: float = 0.1, buffer_size: int = 1000, **kwargs):
        super().__init__(task_space, **kwargs)
        span = self.high - self.low
        if self.expert_knowledge == "high":
            self.mu, std = self.initial_mean.copy(), self.initial_std.copy()
        else:
            self.mu, std = self._uniform(1)[0], 0.1 * span
        self.log_std = np.log(np.maximum(std, 1e-6 * np.maximum(span, 1e-12)))
        self.target_mu = (self.low + self.high) / 2
        self.target_log_std = np.log(np.maximum(span / 4, 1e-12))
        self.update_offset, self.update_frequency = int(update_offset), int(update_frequency)
        self.alpha_offset, self.zeta, self.max_kl, self.buffer_size = int(alpha_offset), zeta, max_kl, int(buffer_size)
        self.contexts: list[np.ndarray] = []
        self.performances: list[float] = []
        self.n_updates = 0

    def _sample(self, n: int) -> np.ndarray:
        return self.rng.normal(self.mu, np.exp(self.log_std), size=(n, self.dim))

    def update_steps(self, *, tasks=None, values=None, **kwargs) -> None:
        """Replaces the performance of the buffered episodes of these tasks by the learner's value estimates."""
        if tasks is None or values is None:
            return
        tasks, values = np.atleast_2d(np.asarray(tasks, float)), np.atleast_1d(np.asarray(values, float))
        if not np.all(np.isfinite(values)):
            raise ValueError("values contain NaN or inf")
        index = {c.tobytes(): i for i, c in enumerate(self.contexts)}
        for t, v in zip(tasks, values):
            i = index.get(t.tobytes())
            if i is not None:
                self.performances[i] = float(v)

    def _update_one(self, task, ret, raw_return, success) -> None:
        self.contexts.append(task.copy())
        self.performances.append(ret)
        if len(self.contexts) > self.buffer_size:
            self.contexts.pop(0)
            self.performances.pop(0)
        done = self.episodes + 1
        if done >= self.update_offset and (done - self.update_offset) % self.update_frequency == 0:
            self._step()

    def _step(self) -> None:
        from scipy.optimize import minimize

        c, j = np.array(self.contexts), np.array(self.performances)
        mu0, ls0 = self.mu.copy(), self.log_std.copy()
        kl_target = _kl_diag(mu0, ls0, self.target_mu, self.target_log_std)
        alpha = 0.0
        if self.n_updates >= self.alpha_offset and kl_target > 0:
            alpha = self.zeta * max(float(j.mean()), 0.0) / kl_target
        logp_old = _log_pdf_diag(c, mu0, ls0)
        scale = max(float(np.abs(j).max()), 1e-8)
        d = self.dim

        def objective(theta):
            mu, ls = theta[:d], theta[d:]
            ratio = np.exp(np.clip(_log_pdf_diag(c, mu, ls) - logp_old, -50, 50))
            value = np.mean(ratio * j) - alpha * _kl_diag(mu, ls, self.target_mu, self.target_log_std)
            return -value / scale

        constraint = {"type": "ineq", "fun": lambda th: self.max_kl - _kl_diag(th[:d], th[d:], mu0, ls0)}
        span = np.maximum(self.high - self.low, 1e-12)
        bounds = [(lo - s, hi + s) for lo, hi, s in zip(self.low, self.high, span)]
        bounds += [(float(np.log(1e-4 * s)), float(np.log(10 * s))) for s in span]
        with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
            res = minimize(objective, np.concatenate([mu0, np.clip(ls0, *zip(*bounds[d:]))]), method="SLSQP",
                           bounds=bounds, constraints=[constraint], options={"maxiter": 50})
        theta = res.x
        if np.all(np.isfinite(theta)) and _kl_diag(theta[:d], theta[d:], mu0, ls0) <= self.max_kl * 1.05:
            self.mu, self.log_std = theta[:d], theta[d:]
        self.n_updates += 1
        self.contexts, self.performances = [], []  # the ratios above assume contexts drawn from p_old
        self._snapshot(mean=self.mu.copy(), std=np.exp(self.log_std))
