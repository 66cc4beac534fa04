"""PPO with clipped surrogate, GAE, observation and return normalisation, on a native vector env.

Presets:
    ``"vectorized"`` (default): 16 envs x 512 steps per update, separate 64-64 tanh actor and critic, 10 epochs of 4
        minibatches, lr 3e-4 annealed to 0, lambda 0.95 (CleanRL's continuous-control settings on boxwalk's batch).
    ``"teachmyagent"``: openai/baselines ppo2 as TeachMyAgent ran it (baselines' ppo2 defaults with TeachMyAgent's overrides): one env, 20,000
        steps per update, shared 400-300 tanh trunk with policy and value heads, minibatch 1000, 5 epochs,
        lr 3e-4 constant, value clipping, obs and return normalisation clipped at 10.
    ``"dcd"``: the UED student of dcd's BipedalWalker configs: 16 envs x 2048 steps, separate 64-64 tanh actor and
        critic, 5 epochs of 32 minibatches, lr 3e-4 constant, lambda 0.9, entropy 0.001, returns normalised,
        observations not.

Level scores (for PLR / ACCEL): with ``score_levels`` set, every update first scores each episode that ended in the
rollout from the rollout's own values, before any gradient step (``last_scores``; see :class:`LevelScores`). With
``gradient_enabled`` cleared, an update computes the scores and makes no gradient step (PLR-perp's exploration
rollouts).

Time limits: a truncated episode's last reward gets ``gamma * V(final_obs)`` added, so truncation bootstraps and
termination does not.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from boxwalk.learners.base import Learner
from boxwalk.learners.inference import InferenceMLP
from boxwalk.learners.mlp import mlp
from boxwalk.learners.normalizer import Normalizer


@dataclass
class PPOConfig:
    num_envs: int = 16
    n_steps: int = 512  # per env and update
    hidden_sizes: tuple[int, ...] = (64, 64)
    shared_trunk: bool = False
    lr: float = 3e-4
    anneal_lr: bool = True
    gamma: float = 0.99
    gae_lambda: float = 0.95
    n_epochs: int = 10
    minibatch_size: int = 2048
    clip_range: float = 0.2
    clip_value: bool = False
    vf_coef: float = 0.5
    ent_coef: float = 0.0
    max_grad_norm: float = 0.5
    normalize_obs: bool = True
    normalize_reward: bool = True
    init_log_std: float = 0.0

    @property
    def rollout_size(self) -> int:
        return self.num_envs * self.n_steps


@dataclass
class LevelScores:
    """The scores of the episodes that ended in one rollout, ordered by (env, end step), as dcd computes them: each
    over the episode's steps inside the rollout, from GAE advantages A_t and values V_t in the learner's (normalised)
    return scale. An episode still running when the rollout ends is not scored (dcd's cut episodes). Fields:
    env, start, end (steps within the rollout, inclusive); positive_value_loss = mean max(A_t, 0);
    l1_value_loss = mean |A_t|; mean_value = mean V_t; scaled_return = the sum of the episode's scaled rewards (for
    MaxMC = best scaled return of the level - mean V_t). ``env_value_l1``: mean |A_t| of each env over the whole
    rollout (ACCEL's parent choice)."""

    env: np.ndarray
    start: np.ndarray
    end: np.ndarray
    positive_value_loss: np.ndarray
    l1_value_loss: np.ndarray
    mean_value: np.ndarray
    scaled_return: np.ndarray
    env_value_l1: np.ndarray

    @classmethod
    def from_rollout(cls, adv: np.ndarray, values: np.ndarray, rewards: np.ndarray, done: np.ndarray) -> LevelScores:
        rows: list[tuple] = []
        for i in range(adv.shape[1]):
            start = 0
            for end in np.flatnonzero(done[:, i]):
                a = adv[start:end + 1, i].astype(np.float64)
                rows.append((i, start, int(end), float(np.maximum(a, 0).mean()), float(np.abs(a).mean()),
                             float(values[start:end + 1, i].mean()), float(rewards[start:end + 1, i].sum())))
                start = int(end) + 1
        cols = list(zip(*rows)) if rows else [[]] * 7
        kinds = (np.int64, np.int64, np.int64, np.float64, np.float64, np.float64, np.float64)
        arrays = [np.asarray(c, dtype=k) for c, k in zip(cols, kinds)]
        return cls(*arrays, env_value_l1=np.abs(adv).mean(axis=0).astype(np.float64))

    def episode(self, k: int) -> dict[str, float]:
        """Episode k's scores by name (what :meth:`boxwalk.teachers.PLR.update_level` takes)."""
        return {"positive_value_loss": float(self.positive_value_loss[k]), "l1_value_loss": float(self.l1_value_loss[k]),
                "mean_value": float(self.mean_value[k]), "scaled_return": float(self.scaled_return[k])}


@dataclass
class Rollout:
    """Vector steps sampled with a frozen copy of the policy (by rollout workers): arrays shaped (steps, envs, ...)
    (``last_value``: (envs,), the values of the observations after the last step)."""

    raw_obs: np.ndarray
    norm_obs: np.ndarray
    actions: np.ndarray  # unclipped samples of the Gaussian policy
    logp: np.ndarray
    values: np.ndarray
    rewards: np.ndarray
    terminated: np.ndarray
    truncated: np.ndarray
    bootstrap: np.ndarray  # V(final obs) where an episode was truncated, else 0
    last_value: np.ndarray

    @property
    def steps(self) -> int:
        return self.rewards.shape[0]

    @classmethod
    def join(cls, parts: list[Rollout], *, over: str) -> Rollout:
        """Consecutive pieces of one env batch (``over="time"``) or side-by-side env batches (``over="envs"``)."""
        fields = [f.name for f in dataclasses.fields(cls) if f.name != "last_value"]
        if over == "time":
            last = parts[-1].last_value
            axis = 0
        elif over == "envs":
            last = np.concatenate([p.last_value for p in parts])
            axis = 1
        else:
            raise ValueError(f"over must be 'time' or 'envs', got {over!r}")
        return cls(**{f: np.concatenate([getattr(p, f) for p in parts], axis=axis) for f in fields}, last_value=last)


PRESETS: dict[str, dict[str, Any]] = {
    "vectorized": {},
    "teachmyagent": {
        "num_envs": 1, "n_steps": 20_000, "hidden_sizes": (400, 300), "shared_trunk": True, "anneal_lr": False,
        "n_epochs": 5, "minibatch_size": 1000, "clip_value": True,
    },
    "dcd": {
        "num_envs": 16, "n_steps": 2048, "hidden_sizes": (64, 64), "anneal_lr": False, "gae_lambda": 0.9,
        "n_epochs": 5, "minibatch_size": 1024, "ent_coef": 0.001, "normalize_obs": False,
    },
}


class ActorCritic(nn.Module):
    """Gaussian policy with a state-independent log-std, and a value head (own network or a shared trunk)."""

    def __init__(self, obs_dim: int, act_dim: int, config: PPOConfig):
        super().__init__()
        sizes = [obs_dim, *config.hidden_sizes]
        self.shared = config.shared_trunk
        if self.shared:
            self.trunk = mlp(sizes, "tanh", output_activation=True)
        else:
            self.actor_trunk = mlp(sizes, "tanh", output_activation=True)
            self.critic_trunk = mlp(sizes, "tanh", output_activation=True)
        self.mean_head = nn.Linear(sizes[-1], act_dim)
        self.value_head = nn.Linear(sizes[-1], 1)
        self.log_std = nn.Parameter(torch.full((act_dim,), float(config.init_log_std)))
        for module in self.modules():  # orthogonal init, small policy head: the usual PPO initialisation
            if isinstance(module, nn.Linear):
                nn.init.orthogonal_(module.weight, math.sqrt(2))
                nn.init.zeros_(module.bias)
        nn.init.orthogonal_(self.mean_head.weight, 0.01)
        nn.init.orthogonal_(self.value_head.weight, 1.0)

    def forward(self, obs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        if self.shared:
            h = self.trunk(obs)
            return self.mean_head(h), self.value_head(h).squeeze(-1)
        return self.mean_head(self.actor_trunk(obs)), self.value_head(self.critic_trunk(obs)).squeeze(-1)

    def distribution(self, mean: torch.Tensor) -> torch.distributions.Normal:
        return torch.distributions.Normal(mean, self.log_std.exp().expand_as(mean))

    def inference(self) -> tuple[Callable[[torch.Tensor], tuple[torch.Tensor, torch.Tensor]],
                                 Callable[[torch.Tensor], torch.Tensor]]:
        """(``forward``, the policy mean alone) for acting: the same values from the same parameters, without
        autograd (see boxwalk.learners.inference)."""
        mean_head, value_head = InferenceMLP(self.mean_head), InferenceMLP(self.value_head)
        if self.shared:
            trunk = InferenceMLP(self.trunk)

            def forward(obs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
                h = trunk(obs)
                return mean_head(h), value_head(h).squeeze(-1)

            def mean(obs: torch.Tensor) -> torch.Tensor:
                return mean_head(trunk(obs))
        else:
            actor, critic = InferenceMLP(self.actor_trunk), InferenceMLP(self.critic_trunk)

            def forward(obs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
                return mean_head(actor(obs)), value_head(critic(obs)).squeeze(-1)

            def mean(obs: torch.Tensor) -> torch.Tensor:
                return mean_head(actor(obs))
        return forward, mean


class GaussianSampler:
    """Samples ``mean + std * noise`` and its log-probability with the operations of ``Normal(mean, std)``'s
    ``rsample``/``log_prob(...).sum(-1)`` in the same order (bit-identical), the per-parameter terms computed once
    per policy update instead of once per call."""

    def __init__(self, log_std: nn.Parameter, generator: torch.Generator):
        self.log_std, self.generator = log_std, generator
        self.refresh()

    def refresh(self) -> None:
        """Re-reads log_std (after an optimiser step or a load)."""
        with torch.no_grad():
            self.std = self.log_std.detach().exp()
            self.two_var = 2 * self.std**2
            self.log_scale = self.std.log()
        self.constant = math.log(math.sqrt(2 * math.pi))

    def sample(self, mean: torch.Tensor) -> torch.Tensor:
        return mean + self.std * torch.randn(mean.shape, generator=self.generator, device=mean.device)

    def log_prob(self, action: torch.Tensor, mean: torch.Tensor) -> torch.Tensor:
        logp = action - mean
        logp.square_().neg_().div_(self.two_var).sub_(self.log_scale).sub_(self.constant)
        return logp.sum(-1)


class PPO(Learner):
    """Proximal Policy Optimisation (Schulman et al. 2017) for ``num_envs`` parallel envs.

    ``observe`` fills a rollout of ``n_steps`` vector steps, then computes GAE advantages and runs ``n_epochs``
    passes of shuffled minibatches. Observations are normalised by running statistics (frozen and shared by
    ``policy``); rewards are scaled by the running std of the discounted return.
    """

    name = "ppo"
    splits_batch = True

    def __init__(self, obs_dim: int, act_dim: int, config: PPOConfig, *, seed: int = 0, device: str = "cpu",
                 total_steps: int | None = None):
        super().__init__(obs_dim, act_dim, config.num_envs, seed=seed, device=device)
        self.config = config
        torch.manual_seed(seed)
        self.net = ActorCritic(obs_dim, act_dim, config).to(self.device)
        self._forward, self._policy_mean = self.net.inference()
        self._sampler = GaussianSampler(self.net.log_std, self.torch_generator)
        self.optimizer = torch.optim.Adam(self.net.parameters(), lr=config.lr, eps=1e-5)
        self.total_updates = None if total_steps is None else max(1, total_steps // config.rollout_size)
        self.obs_norm = Normalizer((obs_dim,))
        self.ret_norm = Normalizer(())
        self.discounted = np.zeros(self.num_envs)
        n, t = self.num_envs, config.n_steps
        self.buf_obs = np.zeros((t, n, obs_dim), np.float32)
        self.buf_act = np.zeros((t, n, act_dim), np.float32)
        self.buf_logp = np.zeros((t, n), np.float32)
        self.buf_val = np.zeros((t, n), np.float32)
        self.buf_rew = np.zeros((t, n), np.float32)
        self.buf_done = np.zeros((t, n), np.float32)
        self._deferred = np.zeros(t, dtype=bool)  # steps whose log-probs and values act() left to the update
        self.t = 0
        self._row_envs = 0  # envs stored in row t so far (the loop may store a row in parts)
        self._last_next_obs = np.zeros((n, obs_dim), np.float32)  # for the value bootstrap of the last row
        # act() per part of the batch (keyed by the part's first env), consumed by observe()
        self._pending: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]] = {}
        self.score_levels = False  # score the rollout's episodes at each update (last_scores)
        self.gradient_enabled = True  # False: updates score and skip the gradient steps
        self.last_scores: LevelScores | None = None

    # ---- acting ----------------------------------------------------------------------------------------------------

    def _normalize(self, obs: np.ndarray, *, update: bool) -> np.ndarray:
        if not self.config.normalize_obs:
            return np.asarray(obs, dtype=np.float32)
        if update:
            self.obs_norm.update(obs)
        return self.obs_norm(obs)

    def _obs_tensor(self, norm_obs: np.ndarray) -> torch.Tensor:
        return torch.from_numpy(np.ascontiguousarray(norm_obs, dtype=np.float32)).to(self.device)

    def act(self, obs: np.ndarray, envs: slice | None = None) -> np.ndarray:
        # Only the action is computed here: the log-probabilities and values of the whole rollout are computed in
        # one batched pass when it is complete, which takes the critic off the per-step path. Same parameters, same
        # operations; a matmul row may differ in its last bit with the number of rows computed together (MKL
        # blocks rows by 4), as the update's minibatches always did against per-step acting.
        norm_obs = self._normalize(obs, update=True)
        action = self._sampler.sample(self._policy_mean(self._obs_tensor(norm_obs))).cpu().numpy()
        self._pending[self._part(envs).start] = (norm_obs, action, None, None)
        return np.clip(action, -1.0, 1.0)

    def _part(self, envs: slice | None) -> slice:
        return slice(0, self.num_envs) if envs is None else envs

    def must_wait_before_acting(self) -> bool:
        # The row being filled is the rollout's last: the next actions must come from the updated policy.
        return self.t == self.config.n_steps - 1

    def explore(self, norm_obs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Samples actions for normalised observations: (norm_obs, unclipped actions, log-probs, values)."""
        mean, value = self._forward(self._obs_tensor(norm_obs))
        action = self._sampler.sample(mean)
        logp = self._sampler.log_prob(action, mean)
        return norm_obs, action.cpu().numpy(), logp.cpu().numpy(), value.cpu().numpy()

    def sample(self, raw_obs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Samples actions for raw observations with the frozen observation statistics (a rollout worker's acting):
        (normalised obs, unclipped actions, log-probs, values)."""
        return self.explore(self._normalize(raw_obs, update=False))

    def truncation_bootstrap(self, next_obs: np.ndarray, terminated: np.ndarray, truncated: np.ndarray) -> np.ndarray:
        """V(final obs) for the envs whose episode was truncated (time limit) rather than terminated, else 0: what
        their last reward is bootstrapped with. ``next_obs`` holds the final observations of ended episodes."""
        bootstrap = np.zeros(len(terminated), np.float32)
        cut = np.logical_and(truncated, np.logical_not(terminated))
        if cut.any():
            bootstrap[cut] = self.value(next_obs[cut])
        return bootstrap

    def policy(self, obs: np.ndarray) -> np.ndarray:
        mean, _ = self._forward(self._obs_tensor(self._normalize(obs, update=False)))
        return np.clip(mean.cpu().numpy(), -1.0, 1.0)

    def value(self, obs: np.ndarray) -> np.ndarray:
        """The critic's values of raw observations (normalised with the current, frozen statistics)."""
        return self._forward(self._obs_tensor(self._normalize(obs, update=False)))[1].cpu().numpy()

    def reset_episode_state(self) -> None:
        self.discounted[:] = 0.0

    # ---- learning --------------------------------------------------------------------------------------------------

    def observe(self, obs, actions, rewards, next_obs, terminated, truncated, envs: slice | None = None):
        part = self._part(envs)
        pending = self._pending.pop(part.start, None)
        if pending is None:
            raise RuntimeError("observe() without a preceding act() for these envs")
        bootstrap = self.truncation_bootstrap(next_obs, terminated, truncated)
        self._last_next_obs[part] = next_obs
        self._store(*pending, rewards, terminated, truncated, bootstrap, part)
        if self.t < self.config.n_steps:
            return None
        self.t = 0
        return self._update(self.value(self._last_next_obs))

    def learn(self, rollout: Rollout) -> dict[str, float]:
        """One update from a whole rollout sampled elsewhere (rollout workers) with this learner's current policy;
        its raw observations update the observation statistics afterwards, as ``act`` would have."""
        if self.t != 0 or self._row_envs != 0 or self._pending:
            raise RuntimeError("learn() in the middle of a rollout collected with act()/observe()")
        expected = (self.config.n_steps, self.num_envs)
        if rollout.rewards.shape != expected:
            raise ValueError(f"rollout of shape {rollout.rewards.shape}, this learner needs (n_steps, num_envs) = "
                             f"{expected}")
        if self.config.normalize_obs:
            self.obs_norm.update(rollout.raw_obs.reshape(-1, self.obs_dim))
        for t in range(self.config.n_steps):
            self._store(rollout.norm_obs[t], rollout.actions[t], rollout.logp[t], rollout.values[t],
                        rollout.rewards[t], rollout.terminated[t], rollout.truncated[t], rollout.bootstrap[t])
        self.t = 0
        return self._update(rollout.last_value)

    def _store(self, norm_obs, raw_action, logp, value, rewards, terminated, truncated, bootstrap,
               part: slice | None = None) -> None:
        """Buffers one vector step of the envs in ``part`` (all by default); ``bootstrap`` holds V(final obs) of
        truncated episodes (zeros elsewhere). Row t is complete when every env has been stored."""
        cfg = self.config
        part = self._part(part)
        rewards = np.asarray(rewards, dtype=np.float64)
        done = np.logical_or(terminated, truncated)
        if cfg.normalize_reward:
            discounted = self.discounted[part] * cfg.gamma + rewards
            self.ret_norm.update(discounted)
            scaled = self.ret_norm.scale(rewards)
            discounted[done] = 0.0
            self.discounted[part] = discounted
        else:
            scaled = rewards.astype(np.float32)
        cut = np.logical_and(truncated, np.logical_not(terminated))
        scaled = np.where(cut, scaled + cfg.gamma * bootstrap, scaled).astype(np.float32)
        t = self.t
        self.buf_obs[t, part], self.buf_act[t, part] = norm_obs, raw_action
        self._deferred[t] = logp is None
        if logp is not None:
            self.buf_logp[t, part], self.buf_val[t, part] = logp, value
        self.buf_rew[t, part], self.buf_done[t, part] = scaled, done
        self._row_envs += part.stop - part.start
        if self._row_envs == self.num_envs:
            self._row_envs = 0
            self.t += 1

    def _fill_deferred(self) -> None:
        """The log-probabilities and values of the steps act() sampled, in one batched pass."""
        steps = np.flatnonzero(self._deferred)
        if steps.size == 0:
            return
        obs = torch.from_numpy(self.buf_obs[steps].reshape(-1, self.obs_dim)).to(self.device)
        act = torch.from_numpy(self.buf_act[steps].reshape(-1, self.act_dim)).to(self.device)
        mean, value = self._forward(obs)
        shape = (steps.size, self.num_envs)
        self.buf_logp[steps] = self._sampler.log_prob(act, mean).cpu().numpy().reshape(shape)
        self.buf_val[steps] = value.cpu().numpy().reshape(shape)
        self._deferred[:] = False

    def _advantages(self, last_value: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        cfg = self.config
        adv = np.zeros_like(self.buf_rew)
        last = np.zeros(self.num_envs, np.float32)
        for t in reversed(range(cfg.n_steps)):
            next_value = last_value if t == cfg.n_steps - 1 else self.buf_val[t + 1]
            live = 1.0 - self.buf_done[t]
            delta = self.buf_rew[t] + cfg.gamma * next_value * live - self.buf_val[t]
            last = delta + cfg.gamma * cfg.gae_lambda * live * last
            adv[t] = last
        return adv, adv + self.buf_val

    def _update(self, last_value: np.ndarray) -> dict[str, float]:
        with self._updating():
            return self._run_update(last_value)

    def _run_update(self, last_value: np.ndarray) -> dict[str, float]:
        cfg = self.config
        if cfg.anneal_lr and self.total_updates is not None:
            frac = max(0.0, 1.0 - self.updates / self.total_updates)
            for group in self.optimizer.param_groups:
                group["lr"] = frac * cfg.lr
        self._fill_deferred()
        adv, returns = self._advantages(last_value)
        if self.score_levels:
            self.last_scores = LevelScores.from_rollout(adv, self.buf_val, self.buf_rew, self.buf_done)
        if not self.gradient_enabled:
            return {}
        buffers = [self._tensor(x.reshape(-1, *x.shape[2:]))
                   for x in (self.buf_obs, self.buf_act, self.buf_logp, self.buf_val, adv, returns)]
        size = buffers[0].shape[0]
        mb = min(cfg.minibatch_size, size)
        stats: list[torch.Tensor] = []
        for _ in range(cfg.n_epochs):
            order = torch.as_tensor(self.rng.permutation(size), device=self.device)
            for start in range(0, size - mb + 1, mb):
                idx = order[start:start + mb]
                obs, act, old_logp, old_value, adv_mb, ret = (torch.index_select(x, 0, idx) for x in buffers)
                mean, value = self.net(obs)
                dist = self.net.distribution(mean)
                logp = dist.log_prob(act).sum(-1)
                log_ratio = logp - old_logp
                ratio = log_ratio.exp()
                adv_mb = (adv_mb - adv_mb.mean()) / (adv_mb.std() + 1e-8)
                policy_loss = torch.max(-adv_mb * ratio,
                                        -adv_mb * ratio.clamp(1 - cfg.clip_range, 1 + cfg.clip_range)).mean()
                if cfg.clip_value:
                    clipped = old_value + (value - old_value).clamp(-cfg.clip_range, cfg.clip_range)
                    value_loss = 0.5 * torch.max((value - ret) ** 2, (clipped - ret) ** 2).mean()
                else:
                    value_loss = 0.5 * ((value - ret) ** 2).mean()
                entropy = dist.entropy().sum(-1).mean()
                loss = policy_loss + cfg.vf_coef * value_loss - cfg.ent_coef * entropy
                self.optimizer.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(self.net.parameters(), cfg.max_grad_norm)
                self.optimizer.step()
                with torch.no_grad():  # read once after the update: a float() per value would cost a sync each
                    stats.append(torch.stack([policy_loss, value_loss, entropy, ((ratio - 1) - log_ratio).mean(),
                                              ((ratio - 1).abs() > cfg.clip_range).float().mean()]))
        count = len(stats)
        totals = [0.0] * 5
        for row in torch.stack(stats).tolist() if stats else []:
            totals = [t + v for t, v in zip(totals, row)]
        stats_names = ("policy_loss", "value_loss", "entropy", "approx_kl", "clip_fraction")
        self.updates += 1
        self._sampler.refresh()
        out = {k: v / max(count, 1) for k, v in zip(stats_names, totals)}
        out["lr"] = self.optimizer.param_groups[0]["lr"]
        out["action_std"] = float(self.net.log_std.detach().exp().mean())
        return out

    def acting_state(self) -> dict[str, Any]:
        """What a rollout worker needs to sample for this learner: network weights (on the CPU) and the frozen
        observation statistics."""
        return {"net": {k: v.detach().cpu() for k, v in self.net.state_dict().items()},
                "obs_norm": self.obs_norm.state_dict()}

    def load_acting_state(self, state: dict[str, Any]) -> None:
        """Takes a learner's ``acting_state()`` (a rollout worker's frozen policy copy)."""
        self.net.load_state_dict(state["net"])
        self.obs_norm.load_state_dict(state["obs_norm"])
        self._sampler.refresh()

    # ---- checkpoints -----------------------------------------------------------------------------------------------

    def state_dict(self) -> dict[str, Any]:
        if self.t != 0 or self._row_envs != 0:
            raise RuntimeError("PPO checkpoints are taken between rollouts (the rollout buffer must be empty)")
        return {**self._base_state(), "net": self.net.state_dict(), "optimizer": self.optimizer.state_dict(),
                "obs_norm": self.obs_norm.state_dict(), "ret_norm": self.ret_norm.state_dict()}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self._load_base_state(state)
        self.net.load_state_dict(state["net"])
        self.optimizer.load_state_dict(state["optimizer"])
        self.obs_norm.load_state_dict(state["obs_norm"])
        self.ret_norm.load_state_dict(state["ret_norm"])
        self._sampler.refresh()
        self.t, self._row_envs, self._pending = 0, 0, {}
