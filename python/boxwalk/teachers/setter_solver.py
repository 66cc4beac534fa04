"""Setter-Solver (Racanière et al. 2019), as in TeachMyAgent: a conditional normalising-flow goal setter trained
against a feasibility judge."""

from __future__ import annotations

import math

import numpy as np

from boxwalk.teachers.base import Teacher
from boxwalk.teachers.goal_gan import _torch
from boxwalk.torch_threads import torch_threads


class SetterSolver(Teacher):
    """Setter-Solver: a judge (MLP [64, 64, 64] -> feasibility logit, Adam 3e-4) learns which goals the learner
    solves; a setter (conditional RealNVP, `n_blocks` coupling blocks of `n_layers` layers of `hidden_size` units,
    sigmoid output rescaled to the box, Adam 3e-4) is trained on three losses: validity (-log p of achieved goals
    given feasibility 1, with U(0, `noise_ub`) noise), feasibility (the judge's verdict on its goals should match the
    requested feasibility) and coverage (log p of its own samples, i.e. maximise entropy). Each task is drawn with a
    feasibility condition ~ U(1e-8, 1); training runs every `update_frequency` episodes on the buffered results.
    Needs expert_knowledge >= 'low' (the success definition).
    """

    name = "setter-solver"
    requires_expert_knowledge = True

    def __init__(self, task_space, *, update_frequency: int = 50, noise_ub: float = 0.1, hidden_size: int = 64,
                 n_blocks: int = 3, n_layers: int = 3, train_steps: int = 50, buffer_size: int = 1000, **kwargs):
        super().__init__(task_space, **kwargs)
        torch = _torch()
        self.update_frequency, self.noise_ub, self.train_steps = int(update_frequency), noise_ub, int(train_steps)
        self.buffer_size = int(buffer_size)
        self.torch_rng = torch.Generator().manual_seed(int(self.rng.integers(2**62)))
        from boxwalk.teachers import _flows

        with torch.random.fork_rng():
            torch.manual_seed(int(self.rng.integers(2**62)))
            self.setter = _flows.ConditionalFlow(self.dim, int(hidden_size), int(n_blocks), int(n_layers))
            self.judge = _flows.judge(self.dim)
        self.setter_opt = torch.optim.Adam(self.setter.parameters(), lr=3e-4)
        self.judge_opt = torch.optim.Adam(self.judge.parameters(), lr=3e-4)
        self.goals: list[np.ndarray] = []
        self.successes: list[float] = []
        self.since_update = 0

    def _unit(self, x: np.ndarray) -> np.ndarray:
        return (x - self.low) / np.maximum(self.high - self.low, 1e-12)

    def _sample(self, n: int) -> np.ndarray:
        torch = _torch()
        with torch.no_grad():
            z = torch.randn(n, self.dim, generator=self.torch_rng)
            f = torch.rand(n, 1, generator=self.torch_rng) * (1 - 1e-8) + 1e-8
            y, _ = self.setter(z, f)
        return self.low + y.numpy().astype(np.float64) * (self.high - self.low)

    def _update_one(self, task, ret, raw_return, success) -> None:
        self.goals.append(self._unit(task))
        self.successes.append(float(success))
        self.goals, self.successes = self.goals[-self.buffer_size :], self.successes[-self.buffer_size :]
        self.since_update += 1
        if self.since_update >= self.update_frequency:
            self.since_update = 0
            self._train()

    @torch_threads(1)  # as GoalGAN: small networks, busy cores
    def _train(self) -> None:
        torch = _torch()
        goals = torch.as_tensor(np.array(self.goals), dtype=torch.float32)
        succ = torch.as_tensor(np.array(self.successes), dtype=torch.float32)
        bce = torch.nn.functional.binary_cross_entropy_with_logits
        for _ in range(self.train_steps):
            idx = torch.randint(len(goals), (min(64, len(goals)),), generator=self.torch_rng)
            judge_loss = bce(self.judge(goals[idx]).squeeze(1), succ[idx])
            self.judge_opt.zero_grad()
            judge_loss.backward()
            self.judge_opt.step()

            n = len(idx)
            z = torch.randn(n, self.dim, generator=self.torch_rng)
            f = torch.rand(n, 1, generator=self.torch_rng) * (1 - 1e-8) + 1e-8
            y, logdet = self.setter(z, f)
            base = -0.5 * (z**2).sum(dim=1) - 0.5 * self.dim * math.log(2 * math.pi)
            coverage = (base - logdet).mean()  # log p of its own samples
            feasibility = bce(self.judge(y).squeeze(1), f.squeeze(1))
            loss = feasibility + coverage
            achieved = goals[idx][succ[idx] > 0.5]
            if len(achieved):
                noisy = (achieved + torch.rand(achieved.shape, generator=self.torch_rng) * self.noise_ub).clamp(0, 1)
                loss = loss - self.setter.log_prob(noisy, torch.ones(len(achieved), 1)).mean()
            self.setter_opt.zero_grad()
            loss.backward()
            self.setter_opt.step()
        self._snapshot(judge_loss=float(judge_loss.detach()))
