"""Multi-layer perceptrons, the only network shape the learners need."""

from __future__ import annotations

from collections.abc import Sequence

from torch import nn

ACTIVATIONS = {"tanh": nn.Tanh, "relu": nn.ReLU}


def mlp(sizes: Sequence[int], activation: str, *, output_activation: bool = False) -> nn.Sequential:
    """Linear layers between consecutive ``sizes``, ``activation`` after each hidden one (and the last one
    when ``output_activation``)."""
    layers: list[nn.Module] = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2 or output_activation:
            layers.append(ACTIVATIONS[activation]())
    return nn.Sequential(*layers)
