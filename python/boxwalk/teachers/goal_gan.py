"""GoalGAN (Florensa et al. 2018), as in TeachMyAgent: a least-squares GAN that proposes goals of intermediate
difficulty."""

from __future__ import annotations

import numpy as np

from boxwalk.teachers.base import Teacher
from boxwalk.torch_threads import torch_threads


def _torch():
    try:
        import torch
    except ImportError as e:  # pragma: no cover - exercised only without the train extra
        raise ImportError("the goal-gan teacher needs PyTorch: pip install 'boxwalk[train]'") from e
    return torch


class GoalGAN(Teacher):
    """GoalGAN: an LSGAN (generator [256, 256] ReLU + tanh, discriminator [128, 128] leaky ReLU, RMSprop 1e-3,
    batch 64, noise size = task dimension) over goals scaled to [-1, 1].

    Sampling: with probability 1 - `p_old` (or while the success buffer is empty) a generated goal plus
    N(0, `noise_level` * range) noise, clipped, queued `n_rollouts` times; otherwise a goal replayed from the
    success buffer with the same noise. A goal whose `n_rollouts` results are in is labelled intermediate (positive)
    when its success rate lies in [0.25, 0.75]; goals above 0.75 enter the success buffer (kept 1 % of the range's
    norm apart). Every `update_size` labelled goals with at least one positive, the GAN trains for
    `train_iterations` outer iterations. With `pretrain`, it first learns to produce 1000 goals of the initial
    distribution (expert one with expert_knowledge='high', else a random subspace) for 500 iterations.
    Needs expert_knowledge >= 'low' (the success definition).
    """

    name = "goal-gan"
    requires_expert_knowledge = True

    def __init__(self, task_space, *, noise_level: float = 0.1, update_size: int = 100, p_old: float = 0.1,
                 n_rollouts: int = 2, pretrain: bool = True, train_iterations: int = 250,
                 pretrain_iterations: int = 500, batch_size: int = 64, device: str = "cpu", **kwargs):
        super().__init__(task_space, **kwargs)
        torch = _torch()
        self.noise_level, self.update_size, self.p_old = noise_level, int(update_size), p_old
        self.n_rollouts, self.train_iterations, self.batch_size = int(n_rollouts), int(train_iterations), int(batch_size)
        self.device = device
        self.torch_rng = torch.Generator().manual_seed(int(self.rng.integers(2**62)))
        d = self.dim
        with torch.random.fork_rng():
            torch.manual_seed(int(self.rng.integers(2**62)))
            self.generator = torch.nn.Sequential(
                torch.nn.Linear(d, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256), torch.nn.ReLU(),
                torch.nn.Linear(256, d), torch.nn.Tanh())
            self.discriminator = torch.nn.Sequential(
                torch.nn.Linear(d, 128), torch.nn.LeakyReLU(0.2), torch.nn.Linear(128, 128), torch.nn.LeakyReLU(0.2),
                torch.nn.Linear(128, 1))
        self.g_opt = torch.optim.RMSprop(self.generator.parameters(), lr=1e-3)
        self.d_opt = torch.optim.RMSprop(self.discriminator.parameters(), lr=1e-3)
        self.queue: list[np.ndarray] = []
        self.results: dict[bytes, list[bool]] = {}
        self.goal_of: dict[bytes, bytes] = {}
        self.labelled_goals: list[np.ndarray] = []
        self.labels: list[float] = []
        self.success_buffer: list[np.ndarray] = []
        if pretrain:
            if self.expert_knowledge == "high":
                start = self._initial(1000)
            else:
                centre = self._uniform(1)[0]
                start = np.clip(self.rng.normal(centre, 0.1 * (self.high - self.low), size=(1000, d)), self.low, self.high)
            self._train(self._to_unit(start), np.ones(1000), int(pretrain_iterations))

    def _to_unit(self, x: np.ndarray) -> np.ndarray:
        return 2 * (x - self.low) / np.maximum(self.high - self.low, 1e-12) - 1

    def _from_unit(self, u: np.ndarray) -> np.ndarray:
        return self.low + (u + 1) / 2 * (self.high - self.low)

    def _generate(self, n: int) -> np.ndarray:
        torch = _torch()
        with torch.no_grad():
            z = torch.randn(n, self.dim, generator=self.torch_rng)
            return self._from_unit(self.generator(z).numpy().astype(np.float64))

    # One torch thread: the teachers' networks are too small to gain from more, and with the env's threads busy a
    # second torch thread made GoalGAN's pretraining 25x slower (4.5 s -> 116 s on the 2-core VM).
    @torch_threads(1)
    def _train(self, goals: np.ndarray, labels: np.ndarray, iterations: int) -> None:
        torch = _torch()
        x_all = torch.as_tensor(goals, dtype=torch.float32)
        y_all = torch.as_tensor(labels, dtype=torch.float32)
        for _ in range(iterations):
            idx = torch.randint(len(x_all), (min(self.batch_size, len(x_all)),), generator=self.torch_rng)
            x, y = x_all[idx], y_all[idx]
            z = torch.randn(len(x), self.dim, generator=self.torch_rng)
            fake = self.generator(z).detach()
            d_real, d_fake = self.discriminator(x).squeeze(1), self.discriminator(fake).squeeze(1)
            d_loss = (y * (d_real - 1) ** 2 + (1 - y) * (d_real + 1) ** 2).mean() + ((d_fake + 1) ** 2).mean()
            self.d_opt.zero_grad()
            d_loss.backward()
            self.d_opt.step()
            z = torch.randn(len(x), self.dim, generator=self.torch_rng)
            g_loss = (self.discriminator(self.generator(z)).squeeze(1) ** 2).mean()
            self.g_opt.zero_grad()
            g_loss.backward()
            self.g_opt.step()

    def _noisy(self, goal: np.ndarray) -> np.ndarray:
        noise = self.rng.normal(0.0, self.noise_level * (self.high - self.low))
        return np.clip(goal + noise, self.low, self.high)

    def _sample(self, n: int) -> np.ndarray:
        out = np.empty((n, self.dim))
        for i in range(n):
            if self.success_buffer and self.rng.random() < self.p_old:
                goal = self.success_buffer[int(self.rng.integers(len(self.success_buffer)))]
                out[i] = self._noisy(goal)
                self.goal_of[out[i].tobytes()] = b""  # replays are not labelled
                continue
            if not self.queue:
                goal = self._generate(1)[0]
                self.queue = [goal] * self.n_rollouts
            goal = self.queue.pop()
            out[i] = self._noisy(goal)
            self.goal_of[out[i].tobytes()] = goal.tobytes()
        return out

    def _update_one(self, task, ret, raw_return, success) -> None:
        goal_key = self.goal_of.pop(task.tobytes(), None)
        if not goal_key:
            return
        results = self.results.setdefault(goal_key, [])
        results.append(success)
        if len(results) < self.n_rollouts:
            return
        del self.results[goal_key]
        goal = np.frombuffer(goal_key, dtype=np.float64).copy()
        rate = float(np.mean(results))
        self.labelled_goals.append(goal)
        self.labels.append(1.0 if 0.25 <= rate <= 0.75 else 0.0)
        if rate > 0.75:
            min_dist = 0.01 * np.linalg.norm(self.high - self.low)
            if all(np.linalg.norm(goal - g) >= min_dist for g in self.success_buffer):
                self.success_buffer.append(goal)
        if len(self.labels) >= self.update_size:
            labels = np.array(self.labels)
            if labels.any():
                self._train(self._to_unit(np.array(self.labelled_goals)), labels, self.train_iterations)
                self._snapshot(positives=int(labels.sum()), labelled=len(labels))
            self.labelled_goals, self.labels = [], []
