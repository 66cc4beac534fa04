"""Soft Actor-Critic on a native vector env.

Presets:
    ``"teachmyagent"`` (default): SpinningUp 0.1.1's SAC as teachDeepRL and TeachMyAgent ran it: 400-300 ReLU nets, twin Q plus a V network with a Polyak-averaged target V, fixed
        alpha 0.005, one Adam (lr 1e-3) for the policy and one for the value nets, batch 1000, replay 2M,
        10,000 uniform-random start actions, and at every episode end ceil(length / 10) gradient steps. The policy
        loss uses Q1 as 0.1.1 does. With ``num_envs > 1`` each env's finished episode schedules its own updates,
        so the ratio stays one update per 10 env steps.
    ``"modern"``: twin Q with target Q networks and no V network, automatic entropy tuning (target entropy
        -act_dim), 256-256 ReLU, lr 3e-4, batch 256, 5,000 start steps, one update per env step.

The time-limit ``done`` is not stored: truncated episodes bootstrap. The tanh log-probability correction uses the
numerically stable softplus form (equal to 0.1.1's ``log(1 - tanh(u)^2)`` without its clipping).

``reset_every`` (TeachMyAgent's ``--reset_frequency``, criterion 3 "forgetting student") re-initialises every
network and optimiser and empties the replay buffer each time that many env steps have passed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from boxwalk.learners.base import Learner
from boxwalk.learners.inference import InferenceMLP
from boxwalk.learners.mlp import mlp

LOG_STD_MIN, LOG_STD_MAX = -20.0, 2.0


@dataclass
class SACConfig:
    num_envs: int = 1
    hidden_sizes: tuple[int, ...] = (400, 300)
    value_network: bool = True  # SpinningUp 0.1.1's V / target-V critic; False: target Q networks
    lr: float = 1e-3
    gamma: float = 0.99
    polyak: float = 0.995
    alpha: float = 0.005
    auto_alpha: bool = False
    batch_size: int = 1000
    buffer_size: int = 2_000_000
    start_steps: int = 10_000
    update_every_episode: bool = True  # 0.1.1: the updates run at episode end
    updates_per_step: float = 0.1  # gradient steps per env step
    reset_every: int = 0  # env steps between "forgetting student" resets (TeachMyAgent: 7M); 0: never

    @property
    def rollout_size(self) -> int:
        return self.num_envs


PRESETS: dict[str, dict[str, Any]] = {
    "teachmyagent": {},
    "modern": {
        "hidden_sizes": (256, 256), "value_network": False, "lr": 3e-4, "auto_alpha": True, "alpha": 1.0,
        "batch_size": 256, "start_steps": 5_000, "update_every_episode": False, "updates_per_step": 1.0,
        "buffer_size": 1_000_000,
    },
}


class SquashedGaussianActor(nn.Module):
    def __init__(self, obs_dim: int, act_dim: int, hidden: tuple[int, ...]):
        super().__init__()
        self.trunk = mlp([obs_dim, *hidden], "relu", output_activation=True)
        self.mu = nn.Linear(hidden[-1], act_dim)
        self.log_std = nn.Linear(hidden[-1], act_dim)

    def forward(self, obs: torch.Tensor, generator: torch.Generator | None = None):
        """A sampled action, its log-probability, and the deterministic action tanh(mu)."""
        h = self.trunk(obs)
        mu = self.mu(h)
        log_std = squash_log_std(self.log_std(h))
        std = log_std.exp()
        u = mu + std * torch.randn(mu.shape, generator=generator, device=mu.device)
        logp = (-0.5 * ((u - mu) / std) ** 2 - log_std - 0.5 * math.log(2 * math.pi)).sum(-1)
        logp = logp - (2 * (math.log(2) - u - F.softplus(-2 * u))).sum(-1)
        return torch.tanh(u), logp, torch.tanh(mu)

    def inference(self) -> Callable[[torch.Tensor, torch.Generator], torch.Tensor]:
        """The sampled action of ``forward`` alone, for acting: same values, no autograd, no log-probability."""
        trunk, mu_head, log_std_head = InferenceMLP(self.trunk), InferenceMLP(self.mu), InferenceMLP(self.log_std)

        def sample(obs: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
            h = trunk(obs)
            mu = mu_head(h)
            std = squash_log_std(log_std_head(h)).exp()
            return torch.tanh(mu + std * torch.randn(mu.shape, generator=generator, device=mu.device))

        return sample


def squash_log_std(raw: torch.Tensor) -> torch.Tensor:
    """0.1.1 squashes the log-std with tanh into [LOG_STD_MIN, LOG_STD_MAX] (smooth, unlike a clamp)."""
    return LOG_STD_MIN + 0.5 * (LOG_STD_MAX - LOG_STD_MIN) * (torch.tanh(raw) + 1)


class QNetwork(nn.Module):
    def __init__(self, obs_dim: int, act_dim: int, hidden: tuple[int, ...]):
        super().__init__()
        self.net = mlp([obs_dim + act_dim, *hidden, 1], "relu")

    def forward(self, obs: torch.Tensor, act: torch.Tensor) -> torch.Tensor:
        return self.net(torch.cat([obs, act], -1)).squeeze(-1)


class ReplayBuffer:
    """A ring buffer of transitions in preallocated float32 arrays."""

    def __init__(self, capacity: int, obs_dim: int, act_dim: int):
        self.capacity, self.size, self.ptr = int(capacity), 0, 0
        self.obs = np.zeros((self.capacity, obs_dim), np.float32)
        self.next_obs = np.zeros((self.capacity, obs_dim), np.float32)
        self.act = np.zeros((self.capacity, act_dim), np.float32)
        self.rew = np.zeros(self.capacity, np.float32)
        self.done = np.zeros(self.capacity, np.float32)

    def add(self, obs, act, rew, next_obs, done) -> None:
        n = obs.shape[0]
        idx = (self.ptr + np.arange(n)) % self.capacity
        self.obs[idx], self.act[idx], self.rew[idx], self.next_obs[idx], self.done[idx] = obs, act, rew, next_obs, done
        self.ptr = int((self.ptr + n) % self.capacity)
        self.size = min(self.size + n, self.capacity)

    def sample(self, rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
        idx = rng.integers(0, self.size, size=n)
        return {"obs": self.obs[idx], "act": self.act[idx], "rew": self.rew[idx], "next_obs": self.next_obs[idx],
                "done": self.done[idx]}

    def state_dict(self) -> dict[str, Any]:
        return {"size": self.size, "ptr": self.ptr,
                **{k: getattr(self, k)[: self.size].copy() for k in ("obs", "next_obs", "act", "rew", "done")}}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.size, self.ptr = state["size"], state["ptr"]
        for k in ("obs", "next_obs", "act", "rew", "done"):
            getattr(self, k)[: self.size] = state[k]


class SAC(Learner):
    """Soft Actor-Critic (Haarnoja et al. 2018) with SpinningUp 0.1.1's V-network variant or the modern twin-Q one."""

    name = "sac"

    def __init__(self, obs_dim: int, act_dim: int, config: SACConfig, *, seed: int = 0, device: str = "cpu",
                 total_steps: int | None = None):
        super().__init__(obs_dim, act_dim, config.num_envs, seed=seed, device=device)
        self.config = config
        self.seed = seed
        self.resets = 0
        self._build()
        self.env_steps = 0
        self.pending_updates = 0.0

    def _build(self) -> None:
        """Fresh networks, optimisers and an empty replay buffer (at construction and at each forgetting reset)."""
        config, obs_dim, act_dim = self.config, self.obs_dim, self.act_dim
        hidden = tuple(config.hidden_sizes)
        with torch.random.fork_rng(devices=[]):  # seeded init that leaves the global torch stream alone
            torch.manual_seed(self.seed + 1_000_003 * self.resets)
            self.actor = SquashedGaussianActor(obs_dim, act_dim, hidden).to(self.device)
            self.q1 = QNetwork(obs_dim, act_dim, hidden).to(self.device)
            self.q2 = QNetwork(obs_dim, act_dim, hidden).to(self.device)
            if config.value_network:
                self.v = mlp([obs_dim, *hidden, 1], "relu").to(self.device)
                self.sources = nn.ModuleList([self.v])
                self.targets = nn.ModuleList([mlp([obs_dim, *hidden, 1], "relu")]).to(self.device)
                self.value_params = [*self.q1.parameters(), *self.q2.parameters(), *self.v.parameters()]
            else:
                self.sources = nn.ModuleList([self.q1, self.q2])
                self.targets = nn.ModuleList([QNetwork(obs_dim, act_dim, hidden), QNetwork(obs_dim, act_dim, hidden)])
                self.targets.to(self.device)
                self.value_params = [*self.q1.parameters(), *self.q2.parameters()]
        self._sample_action = self.actor.inference()
        self.targets.load_state_dict(self.sources.state_dict())
        self.targets.requires_grad_(False)
        self.pi_optimizer = torch.optim.Adam(self.actor.parameters(), lr=config.lr)
        self.value_optimizer = torch.optim.Adam(self.value_params, lr=config.lr)
        self.log_alpha = torch.tensor(math.log(config.alpha), device=self.device, requires_grad=config.auto_alpha)
        self.alpha_optimizer = torch.optim.Adam([self.log_alpha], lr=config.lr) if config.auto_alpha else None
        self.target_entropy = -float(act_dim)
        self.buffer = ReplayBuffer(config.buffer_size, obs_dim, act_dim)

    # ---- acting ----------------------------------------------------------------------------------------------------

    def act(self, obs: np.ndarray) -> np.ndarray:
        if self.env_steps < self.config.start_steps:
            return self.rng.uniform(-1.0, 1.0, size=(obs.shape[0], self.act_dim)).astype(np.float32)
        return self._sample_action(self._tensor(obs), self.torch_generator).cpu().numpy()

    @torch.no_grad()
    def policy(self, obs: np.ndarray) -> np.ndarray:
        return torch.tanh(self.actor.mu(self.actor.trunk(self._tensor(obs)))).cpu().numpy()

    # ---- learning --------------------------------------------------------------------------------------------------

    def observe(self, obs, actions, rewards, next_obs, terminated, truncated):
        self.buffer.add(np.asarray(obs, np.float32), np.asarray(actions, np.float32),
                        np.asarray(rewards, np.float32), np.asarray(next_obs, np.float32),
                        np.asarray(terminated, np.float32))
        self.env_steps += obs.shape[0]
        if self.config.reset_every and self.env_steps // self.config.reset_every > self.resets:
            self.resets += 1  # TeachMyAgent's "forgetting student": start over, keep counting steps
            self._build()
            self.pending_updates = 0.0
            return None
        if not self.config.update_every_episode and self.env_steps >= self.config.start_steps:
            self.pending_updates += obs.shape[0] * self.config.updates_per_step
        return self._run_pending()

    def episodes_finished(self, lengths: np.ndarray) -> None:
        if self.config.update_every_episode:
            per_update = 1.0 / self.config.updates_per_step
            self.pending_updates += float(np.sum(np.ceil(np.asarray(lengths) / per_update)))

    def _run_pending(self) -> dict[str, float] | None:
        if self.pending_updates < 1 or self.buffer.size < self.config.batch_size:
            return None
        stats: dict[str, float] = {}
        count = 0
        with self._updating():
            while self.pending_updates >= 1:
                for k, v in self._update().items():
                    stats[k] = stats.get(k, 0.0) + v
                self.pending_updates -= 1
                count += 1
        return {k: v / count for k, v in stats.items()} | {"gradient_steps": float(count)}

    def _update(self) -> dict[str, float]:
        cfg = self.config
        b = {k: self._tensor(v) for k, v in self.buffer.sample(self.rng, cfg.batch_size).items()}
        alpha = self.log_alpha.detach().exp()
        pi, logp_pi, _ = self.actor(b["obs"], self.torch_generator)
        q1, q2 = self.q1(b["obs"], b["act"]), self.q2(b["obs"], b["act"])
        q1_pi, q2_pi = self.q1(b["obs"], pi), self.q2(b["obs"], pi)
        with torch.no_grad():
            if cfg.value_network:
                target_next = self.targets[0](b["next_obs"]).squeeze(-1)
            else:
                next_pi, next_logp, _ = self.actor(b["next_obs"], self.torch_generator)
                target_next = torch.min(self.targets[0](b["next_obs"], next_pi),
                                        self.targets[1](b["next_obs"], next_pi)) - alpha * next_logp
            q_backup = b["rew"] + cfg.gamma * (1 - b["done"]) * target_next
        value_loss = 0.5 * ((q1 - q_backup) ** 2).mean() + 0.5 * ((q2 - q_backup) ** 2).mean()
        if cfg.value_network:
            v_backup = (torch.min(q1_pi, q2_pi) - alpha * logp_pi).detach()
            value_loss = value_loss + 0.5 * ((self.v(b["obs"]).squeeze(-1) - v_backup) ** 2).mean()
            pi_loss = (alpha * logp_pi - q1_pi).mean()
        else:
            pi_loss = (alpha * logp_pi - torch.min(q1_pi, q2_pi)).mean()
        # Both losses come from one forward pass with the pre-update parameters, as in 0.1.1's graph.
        self.pi_optimizer.zero_grad()
        self.value_optimizer.zero_grad()
        pi_loss.backward(inputs=list(self.actor.parameters()), retain_graph=True)
        value_loss.backward(inputs=self.value_params)
        self.pi_optimizer.step()
        self.value_optimizer.step()
        stats = {"pi_loss": float(pi_loss.detach()), "value_loss": float(value_loss.detach()),
                 "q1": float(q1.detach().mean()),
                 "entropy": float(-logp_pi.detach().mean())}
        if self.alpha_optimizer is not None:
            alpha_loss = -(self.log_alpha * (logp_pi.detach() + self.target_entropy)).mean()
            self.alpha_optimizer.zero_grad()
            alpha_loss.backward()
            self.alpha_optimizer.step()
            stats["alpha"] = float(self.log_alpha.detach().exp())
        with torch.no_grad():
            for target, source in zip(self.targets.parameters(), self.sources.parameters()):
                target.mul_(cfg.polyak).add_(source, alpha=1 - cfg.polyak)
        self.updates += 1
        return stats

    # ---- checkpoints -----------------------------------------------------------------------------------------------

    def state_dict(self) -> dict[str, Any]:
        state = {k: m.state_dict() for k, m in self._networks().items()}
        state |= {"pi_optimizer": self.pi_optimizer.state_dict(), "value_optimizer": self.value_optimizer.state_dict(),
                  "log_alpha": self.log_alpha.detach().clone(), "buffer": self.buffer.state_dict(),
                  "env_steps": self.env_steps, "pending_updates": self.pending_updates, "resets": self.resets}
        if self.alpha_optimizer is not None:
            state["alpha_optimizer"] = self.alpha_optimizer.state_dict()
        return {**self._base_state(), **state}

    def _networks(self) -> dict[str, nn.Module]:
        nets = {"actor": self.actor, "q1": self.q1, "q2": self.q2, "targets": self.targets}
        return nets | ({"v": self.v} if self.config.value_network else {})

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self._load_base_state(state)
        if state["resets"] != self.resets:
            self.resets = state["resets"]
            self._build()
        for k, module in self._networks().items():
            module.load_state_dict(state[k])
        self.pi_optimizer.load_state_dict(state["pi_optimizer"])
        self.value_optimizer.load_state_dict(state["value_optimizer"])
        with torch.no_grad():
            self.log_alpha.copy_(state["log_alpha"])
        if self.alpha_optimizer is not None:
            self.alpha_optimizer.load_state_dict(state["alpha_optimizer"])
        self.buffer.load_state_dict(state["buffer"])
        self.env_steps, self.pending_updates = state["env_steps"], state["pending_updates"]
