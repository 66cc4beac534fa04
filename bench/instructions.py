"""Instructions per step and per reset (valgrind's callgrind), one env, one thread, the Python loop included:
boxwalk vs Gymnasium's own BipedalWalker (and EnvPool where installed), counted in the same run.

    python bench/instructions.py [--steps 2000] [--resets 400]

Instruction counts do not depend on the machine's load (BLAS and OpenMP are held to one thread: see QUIET), so they
compare builds where timings are noise (a busy VM, a shared CI runner). Each figure is the difference between a long
and a short run of the same loop divided by the extra steps, so interpreter start-up and imports cancel out. Steps
use fixed random actions and reset when an episode ends (random walkers fall: resets are part of the step figure, as
in training); resets are seeded resets in a row. Needs `valgrind` on PATH; ~2 min.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

PROGRAM = """
import sys
import numpy as np
import gymnasium as gym
kind, env_id, what, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
if kind == "envpool":
    import envpool
    env = envpool.make(env_id, env_type="gymnasium", num_envs=1, num_threads=1)
    actions = np.random.default_rng(0).uniform(-1, 1, (n, 1, 4)).astype(np.float32)
else:
    import boxwalk  # noqa: F401
    env = gym.make(env_id)
    actions = np.random.default_rng(0).uniform(-1, 1, (n, 4)).astype(np.float32)
env.reset(seed=0)
if what == "reset":
    for i in range(n):
        env.reset(seed=i)
elif kind == "envpool":
    for a in actions:
        env.step(a)  # EnvPool resets by itself
else:
    for a in actions:
        _, _, terminated, truncated, _ = env.step(a)
        if terminated or truncated:
            env.reset()
"""

# (label, kind, id) per row group: BipedalWalker-v3 in each implementation, then boxwalk's task families.
CASES = [
    ("Gymnasium BipedalWalker-v3", "gymnasium", "BipedalWalker-v3"),
    ("EnvPool BipedalWalker-v3", "envpool", "BipedalWalker-v3"),
    ("boxwalk BipedalWalker-v3", "boxwalk", "boxwalk/BipedalWalker-v3"),
    ("boxwalk StumpTracks-v0", "boxwalk", "boxwalk/StumpTracks-v0"),
    ("boxwalk Parkour-v0", "boxwalk", "boxwalk/Parkour-v0"),
]


# Hash randomisation moves counts ~1 %. Idle BLAS / OpenMP worker threads spin after each call, and callgrind counts
# their spinning, which depends on scheduling: with them the same build measured up to 11 % apart per reset when
# another process shared the cores; with one thread each, repeated runs agree to within 30 instructions.
QUIET = {"PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def instructions(program: str, kind: str, env_id: str, what: str, n: int) -> int:
    with tempfile.NamedTemporaryFile("w", suffix=".py") as script:
        script.write(program)
        script.flush()
        out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                              script.name, kind, env_id, what, str(n)], capture_output=True, text=True, check=True,
                             env={**os.environ, **QUIET})
    match = re.search(r"Collected : (\d+)", out.stderr)
    if match is None:
        raise RuntimeError(f"no callgrind total in:\n{out.stderr[-2000:]}")
    return int(match.group(1))


def per_unit(kind: str, env_id: str, what: str, n: int) -> float:
    # A first run writes the imported modules' bytecode caches (a fresh venv has none); it would inflate the short
    # run only (EnvPool measured 148k instead of ~700k per step that way), so it is not counted.
    instructions(PROGRAM, kind, env_id, what, 1)
    short = instructions(PROGRAM, kind, env_id, what, n // 10)
    long = instructions(PROGRAM, kind, env_id, what, n)
    return (long - short) / (n - n // 10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--resets", type=int, default=400)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("bench/instructions.py needs valgrind on PATH")
    try:
        import envpool  # noqa: F401
        cases = CASES
    except ImportError:
        cases = [c for c in CASES if c[1] != "envpool"]
        print("(EnvPool not installed: its rows are left out)")
    rows = {label: (per_unit(kind, env_id, "step", args.steps), per_unit(kind, env_id, "reset", args.resets))
            for label, kind, env_id in cases}
    gym_step = rows["Gymnasium BipedalWalker-v3"][0]
    envpool_step = rows.get("EnvPool BipedalWalker-v3", (None, None))[0]
    print(f"{'':30s} {'instr/step':>11s} {'vs Gymnasium':>13s} {'vs EnvPool':>11s} {'instr/reset':>12s}")
    for label, (step, reset) in rows.items():
        vs_envpool = f"{step / envpool_step:10.2f}x" if envpool_step else f"{'-':>11s}"
        print(f"{label:30s} {step:11,.0f} {step / gym_step:12.2f}x {vs_envpool} {reset:12,.0f}")


if __name__ == "__main__":
    main()
