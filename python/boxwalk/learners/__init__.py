"""Learners (students): PPO and SAC in PyTorch, batched over boxwalk's native vector envs.

    from boxwalk import learners
    ppo = learners.make("ppo", obs_dim=24, act_dim=4, seed=0)                 # preset "vectorized"
    sac = learners.make("sac", obs_dim=24, act_dim=4, preset="teachmyagent")  # SpinningUp 0.1.1

``learners.names()`` lists the learners, ``learners.presets(name)`` their presets; keyword overrides replace
fields of the preset's config (``PPOConfig`` / ``SACConfig``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import torch

from boxwalk.learners import ppo, sac
from boxwalk.learners.base import Learner
from boxwalk.learners.ppo import PPO, PPOConfig
from boxwalk.learners.sac import SAC, SACConfig
from boxwalk.torch_threads import torch_threads

LEARNERS: dict[str, tuple[type[Learner], type, dict[str, dict[str, Any]], str]] = {
    "ppo": (PPO, PPOConfig, ppo.PRESETS, "vectorized"),
    "sac": (SAC, SACConfig, sac.PRESETS, "teachmyagent"),
}


def names() -> list[str]:
    """The learner names accepted by :func:`make`."""
    return list(LEARNERS)


def presets(name: str) -> list[str]:
    """The presets of learner ``name`` (the first is the default)."""
    _check_name(name)
    _, _, table, default = LEARNERS[name]
    return [default, *[p for p in table if p != default]]


def default_preset(name: str) -> str:
    _check_name(name)
    return LEARNERS[name][3]


def make_config(name: str, preset: str | None = None, **overrides: Any):
    """The config dataclass of ``name`` with ``preset``'s values, then ``overrides`` (unknown keys raise)."""
    _check_name(name)
    _, config_cls, table, default = LEARNERS[name]
    preset = default if preset is None else preset
    if preset not in table:
        raise ValueError(f"unknown preset {preset!r} for {name}; valid: {presets(name)}")
    fields = {f.name for f in dataclasses.fields(config_cls)}
    unknown = sorted(set(overrides) - fields)
    if unknown:
        raise ValueError(f"unknown {name} option(s) {unknown}; valid: {sorted(fields)}")
    config = config_cls(**{**table[preset], **overrides})
    _validate(name, config)
    return config


def make(name: str, *, obs_dim: int, act_dim: int, preset: str | None = None, seed: int = 0,
         device: str = "cpu", total_steps: int | None = None, **overrides: Any) -> Learner:
    """Builds learner ``name`` for ``obs_dim``-D observations and ``act_dim``-D actions in [-1, 1]."""
    config = make_config(name, preset, **overrides)
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError(f"device {device!r} asked for but torch sees no CUDA device")
    cls = LEARNERS[name][0]
    # On one torch thread: the initial weights (orthogonal init's QR in MKL) differ in their last bits with the
    # thread count, which would make a run depend on the cores of the machine (or on Ray's OMP_NUM_THREADS).
    with torch_threads(1):
        return cls(obs_dim, act_dim, config, seed=seed, device=device, total_steps=total_steps)


def _check_name(name: str) -> None:
    if name not in LEARNERS:
        raise ValueError(f"unknown learner {name!r}; valid: {names()}")


def _validate(name: str, config: Any) -> None:
    positive_ints = ["num_envs", "batch_size", "buffer_size"] if name == "sac" else ["num_envs", "n_steps",
                                                                                    "n_epochs", "minibatch_size"]
    for key in positive_ints:
        value = getattr(config, key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} option {key} must be a positive integer, got {value!r}")
    if not 0 < config.gamma <= 1:
        raise ValueError(f"{name} option gamma must be in (0, 1], got {config.gamma!r}")
    if not config.lr > 0:
        raise ValueError(f"{name} option lr must be positive, got {config.lr!r}")
    if not config.hidden_sizes or any(int(h) < 1 for h in config.hidden_sizes):
        raise ValueError(f"{name} option hidden_sizes must be positive layer widths, got {config.hidden_sizes!r}")
    if name == "sac" and (not isinstance(config.reset_every, int) or config.reset_every < 0):
        raise ValueError(f"sac option reset_every must be a non-negative integer, got {config.reset_every!r}")
    if name == "sac" and not 0 < config.updates_per_step:
        raise ValueError(f"sac option updates_per_step must be positive, got {config.updates_per_step!r}")


__all__ = ["PPO", "SAC", "Learner", "PPOConfig", "SACConfig", "default_preset", "make", "make_config", "names",
           "presets"]
