"""`boxwalk sweep` on a local Ray instance: a 2x2 grid, skipping finished runs, resuming a killed worker's run,
malformed configs. Skips cleanly without Ray (CI installs it through the `distributed` extra)."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from boxwalk.cli import main as cli_main
from boxwalk.experiments.sweep import DONE, load_sweep, run_sweep
from boxwalk.experiments import Trainer
from boxwalk.experiments.logs import read_jsonl

TINY = """
[train]
env = "stump-tracks"
steps = {steps}
eval_every = {eval_every}
checkpoint_every = 256
log_every = 256
test_set = "{test_set}"
tensorboard = false
learner_options = {{ num_envs = 4, n_steps = 64, n_epochs = 2, minibatch_size = 128 }}
"""


def write_sweep(folder: Path, grid: str, steps: int = 512, eval_every: int = 512, extra: str = "") -> Path:
    test_set = folder / "tasks.npy"
    np.save(test_set, np.array([[0.0, 6.0], [2.5, 1.0]]))
    path = folder / "sweep.toml"
    path.write_text(f'[sweep]\nout = "{folder / "runs"}"\ncpus_per_run = 1\n{extra}\n[grid]\n{grid}\n'
                    + TINY.format(steps=steps, eval_every=eval_every, test_set=test_set))
    return path


def comparable_logs(run: Path) -> dict:
    drop = {"time", "steps_per_s", "eval_seconds"}
    return {name: [{k: v for k, v in row.items() if k not in drop} for row in read_jsonl(run / f"{name}.jsonl")]
            for name in ("train", "eval", "episodes")}


# ---- malformed configs: one line, exit 2, nothing started (no Ray needed) -----------------------------------------

@pytest.mark.parametrize("text,key", [
    ("[sweep]\nout = 'r'\n[grid]\nteachr = ['random']\n", "grid.teachr"),
    ("[sweep]\nout = 'r'\nworkers = 3\n", "sweep.workers"),
    ("[sweep]\nout = 'r'\n[gird]\n", "[gird]"),
    ("[grid]\nteacher = ['random']\n", "sweep.out"),
    ("[sweep]\nout = 'r'\n[grid]\nteacher = 'random'\n", "grid.teacher"),
    ("[sweep]\nout = 'r'\n[grid]\nteacher = []\n", "grid.teacher"),
    ("[sweep]\nout = 'r'\ncpus_per_run = -1\n", "sweep.cpus_per_run"),
    ("[sweep]\nout = 'r'\n[train]\nout = 'elsewhere'\n", "train.out"),
    ("[sweep]\nout = 'r'\n[grid]\nteacher = ['nope']\n", "teacher-nope"),
    ("[sweep]\nout = 'r'\n[grid]\nseed = [1]\n[train]\nseed = 2\n", "seed"),
    ("[sweep]\nout = 'r'\n[criteria.rugged]\nshufle = true\n", "criteria.rugged.shufle"),
    ("[sweep\nout = 'r'\n", "TOML"),
    ("[sweep]\nout = 'r'\n[train]\nworkers = 2\n", "train.workers"),
    ("[sweep]\nout = 'r'\nreference = 'alp-gmm'\n[grid]\nteacher = ['random']\n", "sweep.reference"),
])
def test_malformed_config_is_one_line_exit_2_and_starts_nothing(tmp_path, capsys, monkeypatch, text, key):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.toml").write_text(text)
    assert cli_main(["sweep", "bad.toml"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and key in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]


def test_missing_ray_says_how_to_install(tmp_path, capsys, monkeypatch):
    path = write_sweep(tmp_path, 'teacher = ["random"]')
    monkeypatch.setitem(sys.modules, "ray", None)
    assert cli_main(["sweep", str(path)]) == 2
    assert "pip install" in capsys.readouterr().err and not (tmp_path / "runs").exists()


def test_cells_get_the_reservation_as_threads(tmp_path):
    spec = load_sweep(write_sweep(tmp_path, 'teacher = ["random", "alp-gmm"]\nseed = [0, 1]'))
    spec.cpus_per_run = 2
    cells = spec.cells()
    assert [c.name for c in cells] == ["teacher-random_seed-0", "teacher-random_seed-1", "teacher-alp-gmm_seed-0",
                                       "teacher-alp-gmm_seed-1"]
    assert all(c.config.num_threads == 2 and c.config.torch_threads == 2 for c in cells)
    assert all(Path(c.config.out).is_absolute() and Path(c.config.test_set).is_absolute() for c in cells)


# ---- on a local Ray instance -----------------------------------------------------------------------------------------

def test_sweep_runs_a_2x2_grid_skips_finished_runs_and_compares(tmp_path, local_ray, capsys):
    path = write_sweep(tmp_path, 'teacher = ["alp-gmm", "random"]\nseed = [0, 1]')
    spec = load_sweep(path)
    first = run_sweep(spec, progress=False)
    assert not first.failed and len(first.results) == 4
    assert {r["status"] for r in first.results.values()} == {"trained"}
    for cell in first.cells:
        assert (cell.out / DONE).is_file() and (cell.out / "checkpoint.pt").is_file()
        assert read_jsonl(cell.out / "eval.jsonl")[-1]["steps"] == 512  # what `boxwalk train` writes
    comparison = first.comparisons[""]
    assert {g.label for g in comparison.groups} == {"alp-gmm", "random"} and comparison.reference == "random"
    assert (tmp_path / "runs" / "compare" / "compare.md").is_file()
    before = {c.name: (c.out / "episodes.jsonl").read_text() for c in first.cells}

    again = run_sweep(spec, progress=False)  # everything done: skipped, nothing rewritten
    assert {r["status"] for r in again.results.values()} == {"skipped"}
    assert before == {c.name: (c.out / "episodes.jsonl").read_text() for c in again.cells}
    # The CLI prints one line per run and the comparison table.
    capsys.readouterr()
    assert cli_main(["sweep", str(path), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert out.count("skipped") == 4 and "p vs random" in out


def test_a_killed_worker_resumes_its_run_with_nothing_lost_or_duplicated(tmp_path, local_ray):
    psutil = pytest.importorskip("psutil")
    path = write_sweep(tmp_path, 'teacher = ["random"]', steps=5120, eval_every=1024)
    spec = load_sweep(path)
    (cell,) = spec.cells()
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.update(result=run_sweep(spec, progress=False, log=lambda _: 0)))
    thread.start()
    killed = []
    deadline = time.time() + 120
    while not killed and thread.is_alive() and time.time() < deadline:
        if (cell.out / "checkpoint.pt").is_file() and not (cell.out / DONE).is_file():
            for proc in psutil.process_iter(["cmdline"]):
                if any("ray::run_cell" in part for part in proc.info["cmdline"] or []):
                    proc.kill()
                    killed.append(proc.pid)
        time.sleep(0.01)
    thread.join(timeout=300)
    assert killed, "the run finished before a checkpoint could be interrupted"
    result = outcome["result"].results[cell.name]
    assert result["status"] == "resumed" and result["pid"] not in killed  # Ray retried it on a new worker

    straight = cell.config
    straight.out = str(tmp_path / "straight")
    Trainer(straight, progress=False, report=False).run()
    assert comparable_logs(cell.out) == comparable_logs(Path(straight.out))


def test_criteria_run_the_grid_once_each_and_draw_the_profile_chart(tmp_path, local_ray):
    path = write_sweep(tmp_path, 'teacher = ["alp-gmm", "random"]', steps=256, eval_every=256)
    path.write_text(path.read_text() + "\n[criteria.default]\n[criteria.rugged]\nshuffle_dimensions = true\n")
    spec = load_sweep(path)
    result = run_sweep(spec, progress=False, log=lambda _: None)
    assert not result.failed and sorted(result.comparisons) == ["default", "rugged"]
    rugged = [c for c in result.cells if c.criterion == "rugged"]
    assert len(result.cells) == 4 and all(c.config.shuffle_dimensions for c in rugged)
    assert all(c.out.parent.name == c.criterion for c in result.cells)
    assert (tmp_path / "runs" / "compare" / "rugged" / "compare.md").is_file()
    assert result.profile.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


PAPERS = sorted((Path(__file__).resolve().parents[1] / "bench" / "papers").glob("*.toml"))


@pytest.mark.parametrize("path", PAPERS, ids=[p.stem for p in PAPERS])
def test_every_committed_study_config_is_valid_and_says_how_to_run_it(path):
    """bench/papers/*.toml: every run of every study validates (no Ray needed), and each header names its command."""
    cells = load_sweep(path).cells()
    assert len(cells) >= 2
    assert f"boxwalk sweep bench/papers/{path.name}" in path.read_text()
