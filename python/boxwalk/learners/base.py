"""The learner interface the training loop drives: batched acting on a vector env and batched observation."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import torch

from boxwalk.torch_threads import torch_threads


class Learner(ABC):
    """A deep-RL student acting on a native vector env (``num_envs`` observations at a time).

    The training loop calls, for every vector step: ``actions = act(obs)``, steps the env, then
    ``observe(...)`` with the true next observations (the final observation for envs whose episode ended).
    ``observe`` returns a dict of training metrics when it ran gradient updates, else ``None``.
    ``policy(obs)`` is the deterministic test policy; ``state_dict()`` holds everything needed to continue
    bit-identically (networks, optimisers, normalisers, replay data, random state).
    """

    name = "learner"
    # Whether act/observe take ``envs`` (a slice of the batch): the loop then steps one part of the batch while
    # the policy acts on the other, calling must_wait_before_acting() between parts.
    splits_batch = False

    def __init__(self, obs_dim: int, act_dim: int, num_envs: int, *, seed: int, device: str | torch.device):
        self.obs_dim, self.act_dim, self.num_envs = int(obs_dim), int(act_dim), int(num_envs)
        self.device = torch.device(device)
        self.rng = np.random.default_rng(seed)
        self.torch_generator = torch.Generator(device=self.device)
        self.torch_generator.manual_seed(int(seed))
        self.updates = 0
        # torch threads for gradient updates (None: whatever torch is set to). The training loop acts on one thread
        # (tiny matrices; a second thread only competes with the env workers) and updates on these, while the
        # envs are idle.
        self.update_threads: int | None = None

    @abstractmethod
    def act(self, obs: np.ndarray) -> np.ndarray:
        """Exploration actions, float32 (num_envs, act_dim) in [-1, 1]."""

    @abstractmethod
    def observe(self, obs: np.ndarray, actions: np.ndarray, rewards: np.ndarray, next_obs: np.ndarray,
                terminated: np.ndarray, truncated: np.ndarray) -> dict[str, float] | None:
        """Stores one vector step (``next_obs`` holds final observations where an episode ended)."""

    @abstractmethod
    def policy(self, obs: np.ndarray) -> np.ndarray:
        """The deterministic test policy, float32 (n, act_dim)."""

    def must_wait_before_acting(self) -> bool:
        """With a split batch: whether the parts observed so far must wait for the rest of the row before acting
        (an update is due when the row completes, and the next actions must come from the updated policy)."""
        return False

    def episodes_finished(self, lengths: np.ndarray) -> None:
        """Lengths of the episodes that ended in the last step (learners that schedule updates by episode)."""

    def reset_episode_state(self) -> None:
        """Called when every env starts a fresh episode outside the normal flow (a checkpoint boundary)."""

    # Learning from rollouts sampled elsewhere (rollout workers): learners that support it override these three.
    def acting_state(self) -> dict[str, Any]:
        """What a frozen copy needs to act as this learner does now (weights, observation statistics)."""
        raise NotImplementedError(f"{self.name} does not learn from rollouts sampled elsewhere")

    def load_acting_state(self, state: dict[str, Any]) -> None:
        """Takes another learner's ``acting_state()``."""
        raise NotImplementedError(f"{self.name} does not learn from rollouts sampled elsewhere")

    def learn(self, rollout: Any) -> dict[str, float]:
        """One update from a whole rollout sampled with this learner's acting state; returns its metrics."""
        raise NotImplementedError(f"{self.name} does not learn from rollouts sampled elsewhere")

    @abstractmethod
    def state_dict(self) -> dict[str, Any]: ...

    @abstractmethod
    def load_state_dict(self, state: dict[str, Any]) -> None: ...

    def _base_state(self) -> dict[str, Any]:
        return {"rng": self.rng.bit_generator.state, "torch_generator": self.torch_generator.get_state(),
                "updates": self.updates}

    def _load_base_state(self, state: dict[str, Any]) -> None:
        self.rng.bit_generator.state = state["rng"]
        self.torch_generator.set_state(state["torch_generator"])
        self.updates = state["updates"]

    @contextmanager
    def _updating(self) -> Iterator[None]:
        """Runs the enclosed gradient updates on ``update_threads`` torch threads."""
        with torch_threads(self.update_threads):
            yield

    def _tensor(self, array: np.ndarray) -> torch.Tensor:
        return torch.as_tensor(np.asarray(array, dtype=np.float32), device=self.device)
