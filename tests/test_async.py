"""EnvPool-style asynchronous stepping (send / recv): per-env trajectories equal synchronous stepping exactly."""

from __future__ import annotations

import numpy as np
import pytest

from boxwalk.envs.vector import WalkerVectorEnv

N, T = 12, 300


def actions() -> np.ndarray:
    return np.random.default_rng(1).uniform(-1, 1, (T, N, 4)).astype(np.float32)


def started_tasks(info: dict, rows: int) -> list:
    """Per row: the task of an episode that started in this call, else None."""
    mask = info.get("_task", np.zeros(rows, dtype=bool))
    return [info["task"][k].tolist() if mask[k] else None for k in range(rows)]


def sync_trajectories(mode: str, family: str) -> list[list]:
    env = WalkerVectorEnv(N, family=family, num_threads=2, autoreset_mode=mode, max_episode_steps=150)
    obs, info = env.reset(seed=7)
    tasks = started_tasks(info, N)
    out = [[(obs[i], 0.0, False, False, tasks[i])] for i in range(N)]
    for a in actions():
        obs, rewards, terminated, truncated, info = env.step(a)
        tasks = started_tasks(info, N)
        for i in range(N):
            out[i].append((obs[i], rewards[i], terminated[i], truncated[i], tasks[i]))
    env.close()
    return out


def async_trajectories(mode: str, family: str, batch_size: int, threads: int, fixed_groups: bool) -> list[list]:
    """Each env steps through the same actions, in whatever order recv returns the envs."""
    env = WalkerVectorEnv(N, family=family, num_threads=threads, autoreset_mode=mode, max_episode_steps=150,
                          batch_size=batch_size)
    env.async_reset(seed=7)
    acts = actions()
    out: list[list] = [[] for _ in range(N)]
    sent = np.zeros(N, dtype=int)
    in_flight = set(range(N))
    groups = [list(range(g, min(g + batch_size, N))) for g in range(0, N, batch_size)]
    turn = 0
    while in_flight:
        if fixed_groups:
            group = [i for i in groups[turn % len(groups)] if i in in_flight]
            turn += 1
            if not group:
                continue
            obs, rewards, terminated, truncated, info = env.recv(group)
            assert list(info["env_id"]) == group
        elif len(in_flight) >= batch_size:
            obs, rewards, terminated, truncated, info = env.recv()
            assert len(info["env_id"]) == batch_size
        else:
            obs, rewards, terminated, truncated, info = env.recv(sorted(in_flight))
        tasks = started_tasks(info, len(obs))
        ids, rows = [], []
        for k, i in enumerate(info["env_id"]):
            in_flight.discard(i)
            out[i].append((obs[k], rewards[k], terminated[k], truncated[k], tasks[k]))
            if sent[i] < T:
                ids.append(i)
                rows.append(acts[sent[i], i])
                sent[i] += 1
                in_flight.add(i)
        if ids:
            env.send(np.array(rows), ids)
    env.close()
    return out


@pytest.mark.parametrize("mode", ["NextStep", "SameStep"])
@pytest.mark.parametrize("batch_size,threads,fixed_groups",
                         [(N, 2, False), (4, 2, False), (5, 1, False), (1, 2, False), (6, 2, True)])
def test_send_recv_equals_step_for_every_env(mode, batch_size, threads, fixed_groups):
    ref = sync_trajectories(mode, "stump_tracks")
    got = async_trajectories(mode, "stump_tracks", batch_size, threads, fixed_groups)
    for i in range(N):
        assert len(got[i]) == len(ref[i]) == T + 1
        for t, (a, b) in enumerate(zip(got[i], ref[i])):
            assert np.array_equal(a[0], b[0]) and a[1:] == b[1:], f"env {i} differs at step {t}"
    assert sum(s[3] for traj in ref for s in traj) > 0, "the horizon must include time-limit autoresets"


def test_send_recv_on_parkour_equals_step():
    ref = sync_trajectories("NextStep", "parkour")
    got = async_trajectories("NextStep", "parkour", 5, 2, False)
    assert all(np.array_equal(a[0], b[0]) and a[1:] == b[1:] for i in range(N) for a, b in zip(got[i], ref[i]))


def test_recv_reports_episodes_and_tasks_of_its_rows():
    env = WalkerVectorEnv(4, family="stump_tracks", max_episode_steps=5, batch_size=2, episode_stats=True)
    env.async_reset(seed=0)
    ended = 0
    for _ in range(20):
        obs, rewards, terminated, truncated, info = env.recv()
        assert obs.shape == (2, env.single_observation_space.shape[0])
        if "_episode_stats" in info:
            assert np.array_equal(info["_episode_stats"], terminated | truncated)
            ended += int(info["_episode_stats"].sum())
            assert info["episode_stats"]["task"].shape == (2, env.task_space.dim)
        if "_success" in info:  # every row that stepped (not the rows of async_reset or an autoreset)
            assert np.array_equal(info["_success"], ~info.get("_task", np.zeros(2, bool)))
        env.send(np.zeros((2, 4)), info["env_id"])
    assert ended > 0
    env.close()


def test_bad_ids_and_calls_raise():
    env = WalkerVectorEnv(4, family="stump_tracks", batch_size=2)
    with pytest.raises(Exception, match="async_reset"):
        env.send(np.zeros((1, 4)), [0])
    env.async_reset(seed=0)
    with pytest.raises(ValueError, match="env id 0 is still stepping"):
        env.send(np.zeros((1, 4)), [0])
    with pytest.raises(RuntimeError, match="recv"):
        env.step(np.zeros((4, 4)))
    with pytest.raises(RuntimeError, match="recv"):
        env.reset()
    _, _, _, _, info = env.recv()
    ids = info["env_id"]
    with pytest.raises(ValueError, match="env id 7 is out of range"):
        env.send(np.zeros((1, 4)), [7])
    with pytest.raises(ValueError, match=f"env id {ids[0]} appears twice"):
        env.send(np.zeros((2, 4)), [ids[0], ids[0]])
    with pytest.raises(ValueError, match=r"actions must have shape \(2, 4\)"):
        env.send(np.zeros((2, 3)), ids)
    with pytest.raises(ValueError, match=f"env id {ids[0]} is not stepping"):
        env.recv([ids[0]])
    env.send(np.zeros((2, 4)), ids)
    env.recv()
    env.recv()
    with pytest.raises(ValueError, match="only 0 are stepping"):
        env.recv()
    env.send(np.zeros((4, 4)))  # every env, after all came back
    env.close()  # with envs in flight: joins the workers
    with pytest.raises(ValueError, match="batch_size"):
        WalkerVectorEnv(4, batch_size=5)


def test_an_env_in_flight_takes_no_task_and_shows_no_terrain():
    env = WalkerVectorEnv(4, family="stump_tracks", batch_size=2)
    env.async_reset(seed=0)
    _, _, _, _, info = env.recv()
    back, away = info["env_id"], sorted(set(range(4)) - set(info["env_id"]))
    with pytest.raises(ValueError, match=f"env {away[0]} is stepping"):
        env.set_next_tasks([away[0]], env.task_space.low[None])
    with pytest.raises(ValueError, match="is stepping"):
        env._core.terrain(away[0])
    env.set_next_tasks(back, np.repeat(env.task_space.low[None], 2, axis=0))  # returned envs may queue tasks
    assert env._core.terrain(int(back[0]))["finish_x"] > 0
    env.close()
