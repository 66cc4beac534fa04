"""Forward passes for acting: the learners' own networks evaluated without autograd or module dispatch.

A rollout calls the policy once per vector step on a handful of observations, where torch's per-call overhead
(module hooks, autograd recording, ``Distribution`` argument validation) costs several times the arithmetic. These
views run the same ATen kernels on the same parameter storage (``Linear`` on a 2-D input is ``addmm``; optimiser
steps and ``load_state_dict`` write in place, so the views never go stale) and return bit-identical values.
"""

from __future__ import annotations

import torch
from torch import nn

_ACTIVATIONS = {nn.Tanh: torch.tanh_, nn.ReLU: torch.relu_}


class InferenceMLP:
    """A frozen-graph view of an ``nn.Sequential`` of ``Linear`` and Tanh/ReLU layers (or of one ``Linear``)."""

    def __init__(self, module: nn.Module):
        layers = list(module) if isinstance(module, nn.Sequential) else [module]
        self.steps: list[tuple[torch.Tensor, torch.Tensor, object]] = []
        for layer in layers:
            if isinstance(layer, nn.Linear):
                self.steps.append((layer.weight.detach().t(), layer.bias.detach(), None))
            elif type(layer) in _ACTIVATIONS and self.steps:
                weight_t, bias, _ = self.steps[-1]
                self.steps[-1] = (weight_t, bias, _ACTIVATIONS[type(layer)])
            else:
                raise TypeError(f"InferenceMLP cannot evaluate a {type(layer).__name__} layer")

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        for weight_t, bias, activation in self.steps:
            x = torch.addmm(bias, x, weight_t)
            if activation is not None:
                activation(x)
        return x
