"""Torch modules for the Setter-Solver teacher (imported only when that teacher is built: torch stays optional)."""

from __future__ import annotations

import math

import torch
from torch import nn


class Coupling(nn.Module):
    """Affine coupling: the coordinates outside `mask` are scaled and shifted by a function of those inside it and
    of the condition."""

    def __init__(self, dim: int, mask: torch.Tensor, hidden: int, n_layers: int):
        super().__init__()
        self.register_buffer("mask", mask)
        layers, width = [], dim + 1
        for _ in range(n_layers):
            layers += [nn.Linear(width, hidden), nn.ReLU()]
            width = hidden
        self.body = nn.Sequential(*layers)
        self.scale, self.shift = nn.Linear(hidden, dim), nn.Linear(hidden, dim)

    def params(self, x: torch.Tensor, cond: torch.Tensor):
        h = self.body(torch.cat([x * self.mask, cond], dim=1))
        return torch.tanh(self.scale(h)) * (1 - self.mask), self.shift(h) * (1 - self.mask)

    def forward(self, x, cond):  # latent -> data
        s, t = self.params(x, cond)
        return x * torch.exp(s) + t, s.sum(dim=1)

    def inverse(self, y, cond):  # data -> latent
        s, t = self.params(y, cond)
        return (y - t) * torch.exp(-s), -s.sum(dim=1)


class ConditionalFlow(nn.Module):
    """z ~ N(0, I) and a feasibility f in (0, 1) -> a goal in (0, 1)^d (coupling blocks, then a sigmoid)."""

    def __init__(self, dim: int, hidden: int, n_blocks: int, n_layers: int):
        super().__init__()
        self.dim = dim
        if dim == 1:
            masks = [torch.zeros(1) for _ in range(n_blocks)]
        else:
            masks = [torch.tensor([(i + b) % 2 for i in range(dim)], dtype=torch.float32) for b in range(n_blocks)]
        self.blocks = nn.ModuleList(Coupling(dim, m, hidden, n_layers) for m in masks)

    def forward(self, z, f):
        logdet = torch.zeros(len(z))
        for block in self.blocks:
            z, ld = block(z, f)
            logdet = logdet + ld
        y = torch.sigmoid(z)
        logdet = logdet + (torch.log(y + 1e-7) + torch.log(1 - y + 1e-7)).sum(dim=1)
        return y, logdet

    def log_prob(self, y, f):
        y = y.clamp(1e-5, 1 - 1e-5)
        z = torch.log(y) - torch.log(1 - y)
        logdet = -(torch.log(y) + torch.log(1 - y)).sum(dim=1)
        for block in reversed(self.blocks):
            z, ld = block.inverse(z, f)
            logdet = logdet + ld
        return -0.5 * (z**2).sum(dim=1) - 0.5 * self.dim * math.log(2 * math.pi) + logdet


def judge(dim: int) -> nn.Module:
    return nn.Sequential(nn.Linear(dim, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(),
                         nn.Linear(64, 1))
