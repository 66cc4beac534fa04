"""The libraries people already use: Stable-Baselines3 (adapter, make_vec_env), a CleanRL-style PPO loop (Gymnasium's
RecordEpisodeStatistics), TorchRL (GymWrapper, collector, PPO loss)."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.vector import AutoresetMode
from gymnasium.wrappers.vector import RecordEpisodeStatistics

import boxwalk
from conftest import requires_reference

torch = pytest.importorskip("torch")


def same_step_walkers(n: int, **kwargs) -> boxwalk.WalkerVectorEnv:
    return boxwalk.BipedalWalkerVectorEnv(n, autoreset_mode=AutoresetMode.SAME_STEP, **kwargs)


# ---- Stable-Baselines3 -------------------------------------------------------------------------------------------

@pytest.fixture
def VecEnv():  # noqa: N802  (the adapter class)
    pytest.importorskip("stable_baselines3")
    from boxwalk.integrations.sb3 import VecEnv

    return VecEnv


def test_sb3_adapter_reports_terminal_observations_and_episodes(VecEnv):
    env = VecEnv(same_step_walkers(3, max_episode_steps=40))
    env.seed(11)
    obs = env.reset()
    reference = boxwalk.BipedalWalker()
    ref_obs, _ = reference.reset(seed=12)  # env 1 of the batch: seed 11 + 1
    assert np.array_equal(obs[1], ref_obs)
    rng = np.random.default_rng(0)
    ref_return, steps_seen = 0.0, 0
    for t in range(60):
        actions = rng.uniform(-1, 1, (3, 4)).astype(np.float32)
        obs, rewards, dones, infos = env.step(actions)
        assert rewards.dtype == np.float32 and dones.shape == (3,) and len(infos) == 3
        o, r, terminated, truncated, _ = reference.step(actions[1])
        ref_return += r
        steps_seen += 1
        if terminated or truncated or steps_seen == 40:
            assert dones[1]
            assert np.array_equal(infos[1]["terminal_observation"], o)
            assert infos[1]["TimeLimit.truncated"] == (not terminated)
            assert infos[1]["episode"]["l"] == steps_seen
            assert infos[1]["episode"]["r"] == pytest.approx(ref_return, abs=1e-4)
            break
        assert not dones[1] and "terminal_observation" not in infos[1]
    else:
        pytest.fail("env 1 never finished an episode")


def test_sb3_adapter_tasks_success_and_attributes(VecEnv):
    venv = boxwalk.WalkerVectorEnv(2, family="stump_tracks", max_episode_steps=5,
                                   autoreset_mode=AutoresetMode.SAME_STEP, episode_stats=True)
    env = VecEnv(venv)
    env.set_options([{"task": [1.0, 2.0]}, {"task": [0.5, 4.0]}])
    env.seed(0)
    env.reset()
    assert np.allclose(env.reset_infos[0]["task"], [1.0, 2.0]) and np.allclose(env.reset_infos[1]["task"], [0.5, 4.0])
    for _ in range(5):
        _, _, dones, infos = env.step(np.zeros((2, 4), dtype=np.float32))
    assert dones.all() and all("is_success" in info and np.allclose(info["episode_task"], t)
                               for info, t in zip(infos, ([1.0, 2.0], [0.5, 4.0])))
    assert env.get_attr("family") == ["stump_tracks", "stump_tracks"]
    assert env.env_is_wrapped(object) == [False, False]
    env.set_options({"seed_me": 1})
    with pytest.raises(ValueError, match="only hold 'task'"):
        env.reset()
    with pytest.raises(ValueError, match="SAME_STEP"):
        VecEnv(boxwalk.BipedalWalkerVectorEnv(2))
    with pytest.raises(TypeError, match="gymnasium.vector.VectorEnv"):
        VecEnv(boxwalk.BipedalWalker())
    rendered = VecEnv(same_step_walkers(2, render_mode="rgb_array"))
    rendered.reset()
    assert rendered.render().shape == (800, 600, 3)  # SB3 tiles the two frames on a 2 x 1 grid
    env.close()


def test_sb3_make_vec_env_from_an_id(VecEnv):
    from boxwalk.integrations.sb3 import make_vec_env

    env = make_vec_env("boxwalk/StumpTracks-v0", n_envs=3, seed=5, max_episode_steps=20, num_threads=2)
    assert isinstance(env, VecEnv) and env.num_envs == 3
    obs = env.reset()
    single = gym.make("boxwalk/StumpTracks-v0")
    assert np.array_equal(obs[2], single.reset(seed=7)[0])  # env i seeded with seed + i, as SB3's helper does
    for _ in range(20):
        _, _, dones, infos = env.step(np.zeros((3, 4), dtype=np.float32))
    assert dones.all() and all(info["episode"]["l"] == 20 and "is_success" in info and "episode_task" in info
                               for info in infos)
    env.close()
    with pytest.raises(ValueError, match="boxwalk id"):
        make_vec_env("CartPole-v1")
    with pytest.raises(ValueError, match="autoreset_mode"):
        make_vec_env("boxwalk/BipedalWalker-v3", autoreset_mode="NextStep")


@requires_reference
def test_sb3_ppo_learns_the_same_weights_on_the_adapter_as_on_gymnasium(VecEnv):
    """SB3's PPO, unmodified and seeded alike, on 8 BipedalWalker-v3 envs: behind boxwalk's adapter and as Gymnasium's
    own envs in SB3's DummyVecEnv + Monitor. Four updates later (episodes end and restart in between, each reported
    the same way) both have the same parameters to the last bit, so whatever SB3 learns on Gymnasium's walker it
    learns on boxwalk's."""
    from stable_baselines3 import PPO
    from stable_baselines3.common.monitor import Monitor
    from stable_baselines3.common.vec_env import DummyVecEnv

    from boxwalk.torch_threads import torch_threads

    def train(env):
        model = PPO("MlpPolicy", env, n_steps=256, batch_size=256, n_epochs=2, seed=3, device="cpu")
        with torch_threads(1):
            model.learn(8 * 256 * 4)
        episodes = [(info["l"], round(info["r"], 3)) for info in model.ep_info_buffer]
        return model.policy.state_dict(), episodes

    ours, our_episodes = train(VecEnv(same_step_walkers(8, max_episode_steps=1600)))
    theirs, their_episodes = train(DummyVecEnv([lambda: Monitor(gym.make("BipedalWalker-v3"))] * 8))
    assert len(our_episodes) >= 8 and our_episodes == their_episodes
    assert ours.keys() == theirs.keys()
    for name in ours:
        assert torch.equal(ours[name], theirs[name]), name


# ---- CleanRL-style PPO loop --------------------------------------------------------------------------------------

class Agent(torch.nn.Module):
    def __init__(self, obs_dim: int, act_dim: int):
        super().__init__()
        self.critic = torch.nn.Sequential(torch.nn.Linear(obs_dim, 64), torch.nn.Tanh(), torch.nn.Linear(64, 1))
        self.actor_mean = torch.nn.Sequential(torch.nn.Linear(obs_dim, 64), torch.nn.Tanh(),
                                              torch.nn.Linear(64, act_dim))
        self.actor_logstd = torch.nn.Parameter(torch.zeros(1, act_dim))

    def get_value(self, x):
        return self.critic(x)

    def get_action_and_value(self, x, action=None):
        mean = self.actor_mean(x)
        dist = torch.distributions.Normal(mean, self.actor_logstd.expand_as(mean).exp())
        if action is None:
            action = dist.sample()
        return action, dist.log_prob(action).sum(1), dist.entropy().sum(1), self.critic(x)


def test_cleanrl_style_ppo_loop_reads_record_episode_statistics():
    """CleanRL's ppo_continuous_action.py loop shape on the native vector env: SAME_STEP autoreset, episode stats
    from Gymnasium's vector RecordEpisodeStatistics (infos["episode"] under the "_episode" mask), truncated episodes
    bootstrapped from infos["final_obs"]. The logged returns must equal the rewards the loop saw."""
    torch.manual_seed(0)
    num_envs, num_steps, iterations, gamma, lam = 8, 64, 4, 0.99, 0.95
    envs = RecordEpisodeStatistics(same_step_walkers(num_envs, max_episode_steps=50))
    agent = Agent(24, 4)
    optimizer = torch.optim.Adam(agent.parameters(), lr=3e-4, eps=1e-5)
    obs_buf = torch.zeros((num_steps, num_envs, 24))
    act_buf = torch.zeros((num_steps, num_envs, 4))
    logp_buf, rew_buf, done_buf, val_buf = (torch.zeros((num_steps, num_envs)) for _ in range(4))
    next_obs, _ = envs.reset(seed=1)
    next_obs = torch.tensor(next_obs)
    next_done = torch.zeros(num_envs)
    running = np.zeros(num_envs)
    logged, expected = [], []
    for _ in range(iterations):
        for step in range(num_steps):
            obs_buf[step], done_buf[step] = next_obs, next_done
            with torch.no_grad():
                action, logprob, _, value = agent.get_action_and_value(next_obs)
            act_buf[step], logp_buf[step], val_buf[step] = action, logprob, value.flatten()
            next_obs_np, reward, terminations, truncations, infos = envs.step(action.clip(-1, 1).numpy())
            running += reward
            next_done_np = np.logical_or(terminations, truncations)
            # Bootstrap truncated episodes from their true final observation.
            reward = reward.copy()
            if "final_obs" in infos:
                for i in np.flatnonzero(truncations & ~terminations):
                    with torch.no_grad():
                        reward[i] += gamma * agent.get_value(torch.tensor(infos["final_obs"][i])).item()
            rew_buf[step] = torch.tensor(reward, dtype=torch.float32)
            next_obs, next_done = torch.tensor(next_obs_np), torch.tensor(next_done_np, dtype=torch.float32)
            if "episode" in infos:
                for i in np.flatnonzero(infos["_episode"]):
                    logged.append((float(infos["episode"]["r"][i]), int(infos["episode"]["l"][i])))
            for i in np.flatnonzero(next_done_np):
                expected.append(running[i])
                running[i] = 0.0
        with torch.no_grad():
            next_value = agent.get_value(next_obs).reshape(1, -1)
            advantages = torch.zeros_like(rew_buf)
            last = 0
            for t in reversed(range(num_steps)):
                nonterminal = 1.0 - (next_done if t == num_steps - 1 else done_buf[t + 1])
                nv = next_value if t == num_steps - 1 else val_buf[t + 1]
                delta = rew_buf[t] + gamma * nv * nonterminal - val_buf[t]
                advantages[t] = last = delta + gamma * lam * nonterminal * last
            returns = advantages + val_buf
        b_obs, b_act = obs_buf.reshape(-1, 24), act_buf.reshape(-1, 4)
        b_logp, b_adv, b_ret = logp_buf.reshape(-1), advantages.reshape(-1), returns.reshape(-1)
        for _ in range(2):
            _, newlogp, entropy, newvalue = agent.get_action_and_value(b_obs, b_act)
            ratio = (newlogp - b_logp).exp()
            adv = (b_adv - b_adv.mean()) / (b_adv.std() + 1e-8)
            pg_loss = torch.max(-adv * ratio, -adv * ratio.clamp(0.8, 1.2)).mean()
            loss = pg_loss + 0.5 * ((newvalue.flatten() - b_ret) ** 2).mean() - 0.0 * entropy.mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        assert torch.isfinite(loss)
    assert len(logged) == len(expected) >= num_envs  # every env finished at least one (50-step) episode
    assert np.allclose([r for r, _ in logged], expected, atol=1e-3)
    assert all(1 <= length <= 50 for _, length in logged)


# ---- RLlib -------------------------------------------------------------------------------------------------------

def test_rllib_creator_follows_rllibs_registration():
    """RLlib registers a creator as entry_point = creator(ctx) and vector_entry_point = creator(ctx | num_envs),
    then calls gym.make_vec with its gym_env_vectorize_mode; emulated here without Ray."""
    import gymnasium as gym

    from boxwalk.integrations.rllib import env_creator

    ctx = {"id": "boxwalk/StumpTracks-v0", "num_threads": 2}
    gym.register("test/rllib-style-v0", entry_point=lambda: env_creator({"id": ctx["id"]}),
                 vector_entry_point=lambda num_envs: env_creator(ctx | {"num_envs": num_envs}))
    try:
        envs = gym.make_vec("test/rllib-style-v0", num_envs=4, vectorization_mode="vector_entry_point")
        assert isinstance(envs, boxwalk.WalkerVectorEnv) and envs.num_envs == 4 and envs.num_threads == 2
        assert envs.max_episode_steps == 2000 and envs.metadata["autoreset_mode"] == AutoresetMode.NEXT_STEP
        obs, _ = envs.reset(seed=0)
        assert obs.shape == (4, 24)
        envs.close()
        single = gym.make("test/rllib-style-v0")
        assert single.unwrapped.family == "stump_tracks"
    finally:
        del gym.registry["test/rllib-style-v0"]
    with pytest.raises(ValueError, match="must be a boxwalk id"):
        env_creator({"id": "CartPole-v1"})


def test_rllib_ppo_trains_on_the_native_vector_env():
    try:  # Ray core (the distributed extra) is installed in CI, RLlib's own dependencies are not
        from ray.rllib.algorithms.ppo import PPOConfig
    except ImportError:
        pytest.skip("ray[rllib] pins gymnasium 1.2.2, not installed beside 1.4.0")

    from boxwalk.integrations import rllib

    rllib.register()
    config = (PPOConfig().environment("boxwalk", env_config={"id": "boxwalk/BipedalWalker-v3"})
              .env_runners(num_env_runners=0, num_envs_per_env_runner=4, gym_env_vectorize_mode="vector_entry_point")
              .training(train_batch_size_per_learner=512, minibatch_size=128, num_epochs=1))
    algo = config.build_algo()
    try:
        result = algo.train()
        assert result["env_runners"]["num_env_steps_sampled_lifetime"] >= 512
        runner_env = algo.env_runner_group.local_env_runner.env
        assert isinstance(runner_env.unwrapped, boxwalk.WalkerVectorEnv)  # RLlib steps the native vector env
    finally:
        algo.stop()


# ---- TorchRL --------------------------------------------------------------------------------------------------------

def test_torchrl_gym_wrapper_on_a_single_env():
    pytest.importorskip("torchrl")
    from torchrl.envs import GymWrapper
    from torchrl.envs.utils import check_env_specs

    env = GymWrapper(gym.make("boxwalk/StumpTracks-v0"))
    check_env_specs(env)
    rollout = env.rollout(30)
    assert rollout.batch_size == (30,) and rollout["observation"].shape == (30, 24)


def test_torchrl_ppo_trains_on_the_native_vector_env():
    """TorchRL's GymWrapper batches the native vector env (DISABLED autoreset, the mode TorchRL prefers: it resets
    finished envs itself through reset_mask); a collector and TorchRL's PPO loss run a few updates on it."""
    pytest.importorskip("torchrl")
    from tensordict.nn import NormalParamExtractor, TensorDictModule
    from torch import nn
    from torchrl.collectors import Collector
    from torchrl.envs import GymWrapper
    from torchrl.envs.utils import check_env_specs
    from torchrl.modules import ProbabilisticActor, TanhNormal, ValueOperator
    from torchrl.objectives import ClipPPOLoss
    from torchrl.objectives.value import GAE

    torch.manual_seed(0)
    env = GymWrapper(boxwalk.WalkerVectorEnv(4, family="stump_tracks", max_episode_steps=40, num_threads=2,
                                             autoreset_mode=AutoresetMode.DISABLED))
    assert env.batch_size == (4,)
    check_env_specs(env)
    obs_dim, act_dim = env.observation_spec["observation"].shape[-1], env.action_spec.shape[-1]
    body = nn.Sequential(nn.Linear(obs_dim, 32), nn.Tanh(), nn.Linear(32, 2 * act_dim), NormalParamExtractor())
    actor = ProbabilisticActor(TensorDictModule(body, in_keys=["observation"], out_keys=["loc", "scale"]),
                               spec=env.action_spec, in_keys=["loc", "scale"], distribution_class=TanhNormal,
                               distribution_kwargs={"low": -1.0, "high": 1.0}, return_log_prob=True)
    critic = ValueOperator(nn.Sequential(nn.Linear(obs_dim, 32), nn.Tanh(), nn.Linear(32, 1)),
                           in_keys=["observation"])
    advantage, loss = GAE(gamma=0.99, lmbda=0.95, value_network=critic), ClipPPOLoss(actor, critic)
    optimizer = torch.optim.Adam(loss.parameters(), lr=3e-4)
    before = [p.detach().clone() for p in loss.parameters()]
    collector = Collector(env, actor, frames_per_batch=256, total_frames=1024)
    episodes_ended = 0
    for batch in collector:
        assert batch.batch_size == (4, 64)
        episodes_ended += int(batch["next", "done"].sum())
        advantage(batch)
        terms = loss(batch.reshape(-1))
        total = terms["loss_objective"] + terms["loss_critic"] + terms["loss_entropy"]
        assert torch.isfinite(total)
        optimizer.zero_grad()
        total.backward()
        optimizer.step()
    collector.shutdown()
    assert episodes_ended >= 4 * 256 // 40 - 4  # the 40-step limit ended (and TorchRL reset) most episodes
    assert any(not torch.equal(a, b) for a, b in zip(before, loss.parameters()))


# ---- rl-zoo3 --------------------------------------------------------------------------------------------------------

ZOO_HYPERPARAMS = """
boxwalk/BipedalWalker-v3:
  normalize: true
  n_envs: 2
  n_timesteps: !!float 1024
  policy: 'MlpPolicy'
  n_steps: 256
  batch_size: 64
  n_epochs: 2
"""


def test_rl_zoo3_trains_a_boxwalk_id_from_a_hyperparameter_file(tmp_path):
    """rl-zoo3's own train script on a boxwalk id: ``--gym-packages boxwalk`` registers the ids, the hyper-parameter
    file is keyed by the boxwalk id (a copy of the zoo's BipedalWalker-v3 entry works as is)."""
    import importlib.util
    import subprocess
    import sys

    # Not imported here: importing rl_zoo3 patches Gymnasium's TimeLimit for the whole process (its gym_patches add
    # info["TimeLimit.truncated"]), which would change every later test's infos.
    if importlib.util.find_spec("rl_zoo3") is None:
        pytest.skip("rl-zoo3 is not installed")

    conf = tmp_path / "boxwalk.yml"
    conf.write_text(ZOO_HYPERPARAMS)
    result = subprocess.run([sys.executable, "-m", "rl_zoo3.train", "--algo", "ppo", "--env",
                             "boxwalk/BipedalWalker-v3", "--gym-packages", "boxwalk", "--conf-file", str(conf),
                             "--log-folder", str(tmp_path / "logs"), "--seed", "0", "--eval-freq", "-1",
                             "--n-eval-envs", "1", "--verbose", "0"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    saved = list((tmp_path / "logs").rglob("boxwalk-BipedalWalker-v3.zip"))
    assert saved, sorted(p.name for p in (tmp_path / "logs").rglob("*"))
