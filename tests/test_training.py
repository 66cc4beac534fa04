"""Learners, the training loop, checkpoints/resume, evaluation, reports, comparison and the CLI."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from boxwalk import learners, teachers
from boxwalk.cli import main as cli_main
from boxwalk.experiments import TrainConfig, Trainer, load_checkpoint
from boxwalk.experiments.compare import compare, welch_p
from boxwalk.experiments.evaluate_checkpoint import evaluate_checkpoint
from boxwalk.experiments.logs import read_jsonl

TINY_PPO = {"num_envs": 4, "n_steps": 64, "n_epochs": 2, "minibatch_size": 128}
TINY_SAC = {"num_envs": 4, "batch_size": 64, "buffer_size": 5000, "start_steps": 300, "hidden_sizes": [32, 32]}


@pytest.fixture
def small_test_set(tmp_path):
    path = tmp_path / "tasks.npy"
    np.save(path, np.array([[0.0, 6.0], [1.0, 3.0], [2.5, 1.0]]))
    return str(path)


def tiny_config(out, learner: str, test_set: str, **kwargs) -> TrainConfig:
    options = TINY_PPO if learner == "ppo" else TINY_SAC
    base = dict(env="stump-tracks", teacher="alp-gmm", learner=learner, steps=1024, seed=3, out=str(out),
                learner_options=dict(options), test_set=test_set, eval_every=512, checkpoint_every=512,
                log_every=256, tensorboard=False)
    base.update(kwargs)
    if base["teacher"] == "alp-gmm":
        base["teacher_options"] = {"fit_rate": 4}  # GMM fits within the tiny budget
    return TrainConfig(**base)


def assert_same_state(a, b, where="state"):
    if isinstance(a, torch.Tensor):
        assert torch.equal(a, b), where
    elif isinstance(a, np.ndarray):
        assert np.array_equal(a, b), where
    elif isinstance(a, np.random.Generator):
        assert a.bit_generator.state == b.bit_generator.state, where
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for k in a:
            assert_same_state(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same_state(x, y, f"{where}[{i}]")
    elif hasattr(a, "__dict__") and not isinstance(a, type):
        assert_same_state(a.__getstate__(), b.__getstate__(), where)  # what a checkpoint holds of it
    else:
        assert a == b or (a != a and b != b), where  # NaN == NaN here


def comparable_logs(run):
    drop = {"time", "steps_per_s", "eval_seconds"}
    return {name: [{k: v for k, v in row.items() if k not in drop} for row in read_jsonl(run / f"{name}.jsonl")]
            for name in ("train", "eval", "episodes")}


# ---- resume: bit-identical continuation ---------------------------------------------------------------------------

def run_straight_and_cut(make_config, tmp_path):
    """Runs make_config(out) straight through, and again stopped after its first segment then resumed; asserts that
    both end in the same learner and teacher state with the same logs. Returns (the cut run's first checkpoint, the
    straight run's final checkpoint, the resumed run's final checkpoint)."""
    Trainer(make_config(tmp_path / "straight"), progress=False, report=False).run()
    cut = make_config(tmp_path / "cut")
    Trainer(cut, progress=False, report=False).run(max_segments=1)
    first = load_checkpoint(tmp_path / "cut")
    Trainer(cut, resume=True, progress=False, report=False).run()
    a, b = load_checkpoint(tmp_path / "straight"), load_checkpoint(tmp_path / "cut")
    assert_same_state(a["learner"], b["learner"], "learner")
    assert_same_state(a["teacher"], b["teacher"], "teacher")
    assert comparable_logs(tmp_path / "straight") == comparable_logs(tmp_path / "cut")
    return first, a, b


@pytest.mark.parametrize("learner", ["ppo", "sac"])
def test_resumed_run_equals_uninterrupted_run(tmp_path, small_test_set, learner):
    first, a, b = run_straight_and_cut(lambda out: tiny_config(out, learner, small_test_set), tmp_path)
    assert first["steps"] == 512 and first["segment"] == 1
    assert a["steps"] == b["steps"] == 1024
    assert len(read_jsonl(tmp_path / "cut" / "eval.jsonl")) == 3  # steps 0, 512, 1024: none lost or repeated


def test_an_alp_gmm_run_checkpointed_past_its_kd_tree_resumes_identically(tmp_path, small_test_set, monkeypatch):
    """ALP-GMM indexes its history with a KD-tree once more than 500 episodes are stored; a run checkpointed after
    that resumes identically (3-step episodes: ~680 of them by the first checkpoint)."""
    from boxwalk.experiments import config as config_module

    monkeypatch.setitem(config_module.ENVS, "stump-tracks", config_module.EnvChoice("stump_tracks", False, 3))

    def config(out):  # ALP-GMM fitting every 100 episodes, not tiny_config's 4: ~14 fits instead of ~340
        return dataclasses.replace(tiny_config(out, "ppo", small_test_set, steps=4096, eval_every=2048,
                                               checkpoint_every=2048), teacher_options={"fit_rate": 100})

    first, _, _ = run_straight_and_cut(config, tmp_path)
    assert first["steps"] == 2048 and first["teacher"]["state"]["alp"].tree is not None


def test_resume_truncates_logs_written_after_the_checkpoint(tmp_path, small_test_set):
    config = tiny_config(tmp_path / "run", "ppo", small_test_set)
    Trainer(config, progress=False, report=False).run(max_segments=1)
    with open(tmp_path / "run" / "episodes.jsonl", "a") as f:
        f.write('{"steps": 999999, "half-written": tru')  # what a crash mid-write leaves
    Trainer(config, resume=True, progress=False, report=False).run()
    rows = read_jsonl(tmp_path / "run" / "episodes.jsonl")
    assert all(r["steps"] <= 1024 for r in rows)


# ---- each learner with a teacher: completes, checkpoints, evaluates, reports ---------------------------------------

def _is_nonblank_png(path) -> bool:
    import matplotlib.image

    image = matplotlib.image.imread(path)
    return path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and image.ndim == 3 and float(image[..., :3].std()) > 0.01


def _video_frames(path) -> np.ndarray:
    import imageio.v2 as imageio

    return np.stack(imageio.mimread(path, memtest=False))


@pytest.mark.parametrize("learner,teacher", [("ppo", "alp-gmm"), ("sac", "riac"), ("ppo", "random")])
def test_a_short_run_completes_with_report_and_evaluates(tmp_path, small_test_set, learner, teacher):
    config = tiny_config(tmp_path / "run", learner, small_test_set, teacher=teacher)
    summary = Trainer(config, progress=False).run()
    run = tmp_path / "run"
    assert summary.steps == 1024 and summary.episodes > 0
    assert summary.mastered is not None and 0 <= summary.mastered <= 100
    for name in ("learning_curve", "mastered", "curriculum", "test_returns"):
        assert _is_nonblank_png(run / "report" / f"{name}.png"), name
    index = (run / "report" / "index.html").read_text()
    assert "learning_curve.png" in index and "curriculum.png" in index and teacher in index
    assert "test_tasks.mp4" in index and _video_frames(run / "report" / "test_tasks.mp4").shape[1:] == (400, 600, 3)
    episodes = read_jsonl(run / "episodes.jsonl")
    tasks = np.array([e["task"] for e in episodes])
    assert tasks.shape[1] == 2 and (tasks >= [0, 0]).all() and (tasks <= [3, 6]).all()
    evals = read_jsonl(run / "eval.jsonl")  # each evaluation describes the training tasks since the previous one
    assert evals[0]["curriculum"]["episodes"] == 0
    assert sum(e["curriculum"]["episodes"] for e in evals) == len(episodes)
    assert 0 < evals[-1]["curriculum"]["densest_share"] <= 1 and evals[-1]["curriculum"]["outside_test_region"] >= 0
    assert _is_nonblank_png(run / "report" / "concentration.png") and "densest-neighbourhood" in index

    result = evaluate_checkpoint(run / "checkpoint.pt")
    last = read_jsonl(run / "eval.jsonl")[-1]
    assert result["tasks"] == 3 and result["steps"] == 1024
    assert np.allclose(result["returns"], last["returns"])  # the checkpoint is the policy that was evaluated


@pytest.mark.parametrize("teacher", teachers.names())
def test_every_teacher_drives_a_short_run(tmp_path, small_test_set, teacher):
    config = tiny_config(tmp_path / "run", "ppo", small_test_set, teacher=teacher, steps=512, eval_every=10**6)
    summary = Trainer(config, progress=False, report=False).run()
    tasks = np.array([e["task"] for e in read_jsonl(tmp_path / "run" / "episodes.jsonl")])
    assert summary.steps == 512 and len(tasks) == summary.episodes
    assert (tasks >= [0, 0]).all() and (tasks <= [3, 6]).all()


def test_shuffled_dimensions_run_and_resume(tmp_path, small_test_set):
    config = tiny_config(tmp_path / "run", "ppo", small_test_set, shuffle_dimensions=True)
    Trainer(config, progress=False, report=False).run(max_segments=1)
    Trainer(config, resume=True, progress=False).run()
    state = load_checkpoint(tmp_path / "run")
    assert state["teacher"]["teacher"] == "shuffled-alp-gmm" and state["steps"] == 1024
    assert (tmp_path / "run" / "report" / "index.html").exists()


def test_alp_gmm_teacher_gets_every_finished_episode(tmp_path, small_test_set):
    config = tiny_config(tmp_path / "run", "ppo", small_test_set, steps=2048, checkpoint_every=4096)
    summary = Trainer(config, progress=False, report=False).run()
    teacher = load_checkpoint(tmp_path / "run")["teacher"]["state"]
    assert teacher["episodes"] == summary.episodes == len(read_jsonl(tmp_path / "run" / "episodes.jsonl"))
    assert teacher["history"].snapshots, "ALP-GMM (fit_rate 4) fitted no GMM"


def test_classic_env_trains_without_a_teacher(tmp_path):
    config = TrainConfig(env="bipedal-walker", teacher="none", steps=512, out=str(tmp_path / "run"),
                         learner_options=dict(TINY_PPO), eval_every=10**6, tensorboard=False)
    summary = Trainer(config, progress=False).run()
    assert summary.steps == 512
    assert len(read_jsonl(tmp_path / "run" / "eval.jsonl")[-1]["returns"]) == 20


# ---- learning ----------------------------------------------------------------------------------------------------

def test_ppo_learns_bipedal_walker(ppo_in_process):
    """A learner with a broken gradient, advantage or normaliser stays near -110 (see conftest)."""
    returns, _ = ppo_in_process
    first, last = returns[:20].mean(), returns[-20:].mean()
    assert first < -90
    assert last > first + 40, (first, last)


@pytest.mark.parametrize("name", ["ppo", "sac"])
def test_initial_weights_do_not_depend_on_the_torch_thread_count(name):
    # A Ray worker runs with OMP_NUM_THREADS = its CPUs, `boxwalk train` with all cores: the same config must start
    # from the same weights (orthogonal init's QR differs in the last bits with the thread count).
    threads = torch.get_num_threads()
    weights = []
    try:
        for n in (1, 2):
            torch.set_num_threads(n)
            learner = learners.make(name, obs_dim=24, act_dim=4, seed=3, total_steps=10_000)
            weights.append(torch.cat([t.flatten().float() for t in _float_tensors(learner.state_dict())]))
            assert torch.get_num_threads() == n  # the caller's setting is restored
    finally:
        torch.set_num_threads(threads)
    assert torch.equal(weights[0], weights[1])


def _float_tensors(state):
    if isinstance(state, torch.Tensor):
        return [state.detach()] if state.is_floating_point() else []
    if isinstance(state, dict):
        return [t for v in state.values() for t in _float_tensors(v)]
    if isinstance(state, (list, tuple)):
        return [t for v in state for t in _float_tensors(v)]
    return []


def test_learner_state_dict_round_trip_continues_identically():
    obs = np.random.default_rng(0).normal(size=(4, 24)).astype(np.float32)
    for name, options in (("ppo", TINY_PPO), ("sac", {**TINY_SAC, "start_steps": 0})):
        a = learners.make(name, obs_dim=24, act_dim=4, seed=5, **options)
        for _ in range(3):
            a.observe(obs, a.act(obs), np.ones(4), obs, np.zeros(4, bool), np.zeros(4, bool))
        if name == "ppo":
            a.t = 0  # drop the partial rollout: PPO checkpoints between rollouts
        b = learners.make(name, obs_dim=24, act_dim=4, seed=99, **options)
        b.load_state_dict(a.state_dict())
        assert np.array_equal(a.act(obs), b.act(obs))
        assert np.array_equal(a.policy(obs), b.policy(obs))


@pytest.mark.parametrize("name,preset", [(n, p) for n in learners.names() for p in learners.presets(n)])
def test_every_preset_updates_and_acts_in_bounds(name, preset):
    small = {"ppo": {"num_envs": 2, "n_steps": 8, "minibatch_size": 8, "hidden_sizes": [16]},
             "sac": {"num_envs": 2, "batch_size": 8, "buffer_size": 64, "start_steps": 4, "hidden_sizes": [16],
                     "update_every_episode": False}}[name]
    learner = learners.make(name, obs_dim=24, act_dim=4, preset=preset, seed=0, total_steps=1000, **small)
    rng = np.random.default_rng(0)
    metrics = []
    for _ in range(16):
        obs = rng.normal(size=(2, 24)).astype(np.float32)
        actions = learner.act(obs)
        assert actions.shape == (2, 4) and actions.dtype == np.float32 and np.abs(actions).max() <= 1
        m = learner.observe(obs, actions, rng.normal(size=2), obs, np.array([False, True]), np.array([True, False]))
        metrics += [m] if m else []
    assert metrics and all(np.isfinite(v) for m in metrics for v in m.values())
    assert learner.updates >= 1
    assert np.abs(learner.policy(obs)).max() <= 1


def test_sac_forgetting_student_resets_networks_and_buffer():
    sac = learners.make("sac", obs_dim=24, act_dim=4, seed=1, reset_every=8, num_envs=2, batch_size=4,
                        buffer_size=64, start_steps=0, hidden_sizes=[16])
    obs = np.random.default_rng(0).normal(size=(2, 24)).astype(np.float32)
    before = [p.detach().clone() for p in sac.actor.parameters()]
    for _ in range(3):
        sac.observe(obs, sac.act(obs), np.ones(2), obs, np.zeros(2, bool), np.zeros(2, bool))
    assert sac.buffer.size == 6 and sac.resets == 0
    sac.observe(obs, sac.act(obs), np.ones(2), obs, np.zeros(2, bool), np.zeros(2, bool))
    assert sac.resets == 1 and sac.buffer.size == 0 and sac.env_steps == 8
    assert not all(torch.equal(a, b) for a, b in zip(before, sac.actor.parameters()))
    restored = learners.make("sac", obs_dim=24, act_dim=4, seed=1, reset_every=8, num_envs=2, batch_size=4,
                             buffer_size=64, start_steps=0, hidden_sizes=[16])
    restored.load_state_dict(sac.state_dict())
    assert restored.resets == 1 and np.array_equal(restored.policy(obs), sac.policy(obs))


def test_learner_make_rejects_bad_options():
    with pytest.raises(ValueError, match="unknown learner 'dqn'"):
        learners.make("dqn", obs_dim=24, act_dim=4)
    with pytest.raises(ValueError, match="unknown preset 'fast'"):
        learners.make("ppo", obs_dim=24, act_dim=4, preset="fast")
    with pytest.raises(ValueError, match="gamma"):
        learners.make("sac", obs_dim=24, act_dim=4, gamma=1.5)
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="CUDA"):
            learners.make("ppo", obs_dim=24, act_dim=4, device="cuda")


def test_sac_teachmyagent_preset_schedules_one_update_per_ten_steps():
    sac = learners.make("sac", obs_dim=24, act_dim=4, batch_size=8, buffer_size=100, hidden_sizes=[8])
    sac.episodes_finished(np.array([95, 2000]))
    assert sac.pending_updates == 10 + 200


# ---- comparison --------------------------------------------------------------------------------------------------

def _fake_run(path, teacher, seed, mastered):
    path.mkdir(parents=True)
    TrainConfig(teacher=teacher, seed=seed, out=str(path)).save(path / "config.json")
    rows = [{"steps": s, "mastered": m, "mean_return": m - 100, "returns": []} for s, m in zip((0, 100), mastered)]
    (path / "eval.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_compare_groups_runs_and_runs_welch_tests(tmp_path):
    finals = {"random": [10, 12, 11, 9], "alp-gmm": [30, 35, 28, 33]}
    for teacher, values in finals.items():
        for seed, v in enumerate(values):
            _fake_run(tmp_path / "runs" / f"{teacher}-{seed}", teacher, seed, (0, v))
    result = compare([tmp_path / "runs"], out=tmp_path / "cmp")
    from scipy import stats

    expected = stats.ttest_ind(finals["alp-gmm"], finals["random"], equal_var=False).pvalue
    assert result.reference == "random"
    assert result.p_values["alp-gmm"] == pytest.approx(expected)
    group = next(g for g in result.groups if g.label == "alp-gmm")
    assert group.final.mean() == pytest.approx(31.5)
    assert _is_nonblank_png(result.plot) and "alp-gmm" in result.markdown.read_text()
    assert np.isnan(welch_p(np.array([1.0]), np.array([2.0, 3.0])))


# ---- CLI ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["train", "--env", "moon"], ["train", "--teacher", "nope"], ["train", "--learner", "dqn"],
    ["train", "--steps", "-5"], ["train", "--steps", "ten"], ["train", "--eval-every", "0"],
    ["train", "--learner-option", "num_envs=0"], ["train", "--learner-option", "warp=9"],
    ["train", "--teacher-option", "warp=9"],
    ["train", "--task-box", "stump_height=5"], ["train", "--test-set", "nope"],
    ["train", "--env", "bipedal-walker", "--teacher", "alp-gmm"], ["train", "--device", "tpu"],
    *([["train", "--device", "cuda"]] if not torch.cuda.is_available() else []),
    ["train", "--resume"], ["train", "--resume", "--out", "run", "--seed", "3"],
    ["train", "--env", "bipedal-walker", "--shuffle-dimensions"],
    ["eval", "missing/checkpoint.pt"], ["compare", "missing-run"], ["bench", "--seconds", "-1"],
    ["render", "--out", "v.avi"], ["render", "--out", "v.mp4", "--task", "1,2,3"],
    ["render", "--out", "v.mp4", "--task", "1,x"], ["render", "--out", "v.mp4", "--task", "-1,2"],
    ["render", "--out", "v.mp4", "--env", "bipedal-walker", "--task", "1,2"],
    ["render", "--out", "v.mp4", "--policy", "missing/checkpoint.pt"], ["render", "--out", "v.mp4", "--steps", "0"],
])
def test_cli_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path, capsys, args, monkeypatch):
    monkeypatch.chdir(tmp_path)
    if args[0] == "train":
        args = [*args, "--out", "run"]
    assert cli_main(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "error" in err, err
    assert not any(tmp_path.iterdir()), "bad input left files behind"


def test_cli_train_refuses_to_overwrite_and_resume_extends(tmp_path, small_test_set, capsys):
    out = str(tmp_path / "run")
    base = ["train", "--steps", "512", "--out", out, "--test-set", small_test_set, "--no-progress",
            "--no-tensorboard", "--eval-every", "512", "--teacher", "random"]
    opts = [a for k, v in TINY_PPO.items() for a in ("--learner-option", f"{k}={v}")]
    assert cli_main(base + opts) == 0
    assert "report:" in capsys.readouterr().out
    assert cli_main(base + opts) == 2
    assert "already holds a run" in capsys.readouterr().err
    assert cli_main(["train", "--resume", "--out", out, "--teacher", "alp-gmm"]) == 2
    assert "teacher: saved 'random', given 'alp-gmm'" in capsys.readouterr().err
    assert cli_main(["train", "--resume", "--out", out, "--steps", "1024", "--no-progress"]) == 0
    assert load_checkpoint(tmp_path / "run")["steps"] == 1024
    # the original command line again, with --resume and a longer --steps (the last --steps wins)
    assert cli_main(base + opts + ["--resume", "--steps", "1536"]) == 0
    assert load_checkpoint(tmp_path / "run")["steps"] == 1536


def test_cli_render_writes_a_video_of_a_checkpoint(tmp_path, small_test_set, capsys):
    run = tmp_path / "run"
    Trainer(tiny_config(run, "ppo", small_test_set, teacher="random"), progress=False, report=False).run()
    out = tmp_path / "video.mp4"
    assert cli_main(["render", "--policy", str(run), "--out", str(out), "--steps", "40", "--no-progress"]) == 0
    assert "written to" in capsys.readouterr().out
    frames = _video_frames(out)
    assert frames.shape == (41, 400, 600, 3)  # the first frame + 40 steps; 3 test tasks at half size on a 2x2 grid
    assert np.abs(frames[-1].astype(int) - frames[0]).mean() > 0.5  # the walkers moved
    assert cli_main(["render", "--policy", str(run), "--env", "parkour", "--out", str(out)]) == 2
    assert "trained on --env stump-tracks" in capsys.readouterr().err
    gif = tmp_path / "two.gif"
    assert cli_main(["render", "--env", "bipedal-walker", "--episodes", "2", "--steps", "5", "--lidar",
                     "--out", str(gif), "--no-progress"]) == 0
    assert gif.read_bytes()[:6] == b"GIF89a"


def test_recorded_frames_are_deterministic(small_test_set):
    from boxwalk.experiments import video

    config = TrainConfig(env="stump-tracks", test_set=small_test_set)
    tasks = video.evenly_spaced_tasks(config, 2)
    a = video.record(config, video.random_policy(0), tasks, max_steps=30)
    b = video.record(config, video.random_policy(0), tasks, max_steps=30)
    assert a.shape == (31, 200, 600, 3) and np.array_equal(a, b)  # two tasks side by side at half size


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "boxwalk"
    result = subprocess.run([str(script), "train", "--env", "moon"], capture_output=True, text=True)
    assert result.returncode == 2 and "invalid choice: 'moon'" in result.stderr


def test_version_comes_from_the_package_metadata():
    from importlib.metadata import version

    import boxwalk

    script = Path(sys.executable).parent / "boxwalk"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == f"boxwalk {boxwalk.__version__}"
    assert boxwalk.__version__ == version("boxwalk") and boxwalk.__version__[0].isdigit()


# ---- the acting path: cheap, and the same numbers as the modules ---------------------------------------------------

@pytest.mark.parametrize("preset", ["vectorized", "teachmyagent"])
def test_ppo_acting_equals_the_module_forward_and_its_distribution(preset):
    ppo = learners.make("ppo", obs_dim=24, act_dim=4, preset=preset, num_envs=16, n_steps=8, seed=5)
    reference = torch.Generator().manual_seed(5)
    rng = np.random.default_rng(0)
    for t in range(8):
        obs = (rng.normal(size=(16, 24)) * 3).astype(np.float32)
        actions = ppo.act(obs)
        norm_obs = ppo._pending[0][0]
        with torch.no_grad():
            mean, _ = ppo.net(torch.from_numpy(norm_obs))
            dist = ppo.net.distribution(mean)
            expected = mean + dist.stddev * torch.randn(mean.shape, generator=reference)
        assert np.array_equal(actions, np.clip(expected.numpy(), -1, 1)), f"step {t}"
        if t < 7:  # the 8th step is stored by hand below, so that no update runs
            ppo.observe(obs, actions, rng.normal(size=16), obs, np.zeros(16, bool), np.zeros(16, bool))
    ppo._store(*ppo._pending[0], np.zeros(16), np.zeros(16, bool), np.zeros(16, bool), np.zeros(16, np.float32))
    ppo._fill_deferred()  # the batched pass that replaces per-step log-probs and values
    with torch.no_grad():
        obs_all = torch.from_numpy(ppo.buf_obs.reshape(-1, 24))
        mean, value = ppo.net(obs_all)
        logp = ppo.net.distribution(mean).log_prob(torch.from_numpy(ppo.buf_act.reshape(-1, 4))).sum(-1)
    assert np.array_equal(ppo.buf_logp.ravel(), logp.numpy()) and np.array_equal(ppo.buf_val.ravel(), value.numpy())


@pytest.mark.parametrize("preset", ["teachmyagent", "modern"])
def test_sac_acting_equals_the_actor_module(preset):
    sac = learners.make("sac", obs_dim=24, act_dim=4, preset=preset, num_envs=16, start_steps=0, seed=5)
    reference = torch.Generator().manual_seed(5)
    obs = np.random.default_rng(0).normal(size=(16, 24)).astype(np.float32)
    for _ in range(3):
        actions = sac.act(obs)
        with torch.no_grad():
            expected, _, _ = sac.actor(torch.from_numpy(obs), reference)
        assert np.array_equal(actions, expected.numpy())


def test_normalizer_equals_gymnasium_running_mean_std_bit_for_bit():
    from gymnasium.wrappers.utils import RunningMeanStd

    from boxwalk.learners.normalizer import Normalizer

    rng = np.random.default_rng(0)
    for shape, rows in [((24,), 16), ((), 16), ((5,), 1)]:
        ours, gym_rms = Normalizer(shape), RunningMeanStd(shape=shape)
        for _ in range(200):
            batch = (rng.normal(size=(rows, *shape)) * rng.uniform(0.1, 30)).astype(np.float32)
            ours.update(batch)
            gym_rms.update(np.asarray(batch, dtype=np.float64))
        assert np.array_equal(ours.mean, gym_rms.mean) and np.array_equal(ours.var, gym_rms.var)
        x = rng.normal(size=(rows, *shape)).astype(np.float32) * 10
        expected = np.clip((x - gym_rms.mean) / np.sqrt(gym_rms.var + 1e-8), -10, 10).astype(np.float32)
        assert np.array_equal(ours(x), expected)


def test_the_loop_acts_on_one_thread_and_restores_the_callers_threads(tmp_path, small_test_set, monkeypatch):
    seen = []
    act = learners.PPO.act
    monkeypatch.setattr(learners.PPO, "act",
                        lambda self, *args: seen.append(torch.get_num_threads()) or act(self, *args))
    update = learners.PPO._run_update
    monkeypatch.setattr(learners.PPO, "_run_update",
                        lambda self, last: seen.append(-torch.get_num_threads()) or update(self, last))
    before = torch.get_num_threads()
    Trainer(tiny_config(tmp_path / "run", "ppo", small_test_set, torch_threads=2), progress=False, report=False).run()
    assert set(x for x in seen if x > 0) == {1} and set(x for x in seen if x < 0) == {-2}
    assert torch.get_num_threads() == before


def test_overlapped_loop_acts_with_the_policy_of_each_rollout_and_matches_the_plain_loop_in_shape(
        tmp_path, small_test_set, monkeypatch):
    calls = []
    act = learners.PPO.act

    def recording_act(self, obs, envs=None):
        # An action taken after part of the rollout's last row was stored would start the next rollout with the
        # policy of this one: the loop must wait for the update instead.
        calls.append((self.t, self._row_envs, None if envs is None else (envs.start, envs.stop)))
        return act(self, obs, envs)

    monkeypatch.setattr(learners.PPO, "act", recording_act)
    n_steps = TINY_PPO["n_steps"]
    overlapped = Trainer(tiny_config(tmp_path / "a", "ppo", small_test_set, learner_options={**TINY_PPO, "num_envs": 5}),
                         progress=False, report=False)
    summary = overlapped.run()
    assert all(not (t == n_steps - 1 and row_envs > 0) for t, row_envs, _ in calls)
    assert {envs for _, _, envs in calls} == {(0, 2), (2, 5)}
    calls.clear()
    plain = Trainer(tiny_config(tmp_path / "b", "ppo", small_test_set, overlap=False,
                                learner_options={**TINY_PPO, "num_envs": 5}), progress=False, report=False).run()
    assert {envs for _, _, envs in calls} == {None}
    assert plain.steps == summary.steps
    a, b = read_jsonl(tmp_path / "a" / "train.jsonl"), read_jsonl(tmp_path / "b" / "train.jsonl")
    assert [r["steps"] for r in a] == [r["steps"] for r in b]
