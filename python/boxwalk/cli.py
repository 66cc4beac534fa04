"""The `boxwalk` command: train, eval, render, bench, compare, sweep.

Bad input gets a one-line error and exit code 2, before anything is written.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

import boxwalk
from boxwalk import _core, learners, teachers
from boxwalk.envs import families
from boxwalk.experiments.config import ENVS, TrainConfig

USAGE_ERROR = 2


class UsageError(Exception):
    """Bad command-line input: reported on one line with exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage + message; one line is enough
        raise UsageError(f"{self.prog}: error: {message}")


def _key_value(text: str) -> tuple[str, Any]:
    """KEY=VALUE with VALUE parsed as JSON when it parses (numbers, booleans, lists), else kept as a string."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def _box(text: str) -> tuple[str, tuple[float, float]]:
    key, sep, value = text.partition("=")
    low, colon, high = value.partition(":")
    try:
        if not sep or not colon:
            raise ValueError
        return key, (float(low), float(high))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected NAME=LOW:HIGH, got {text!r}") from None


def _floats(text: str) -> list[float]:
    try:
        return [float(v) for v in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers, got {text!r}") from None


def _choices() -> dict[str, list[str]]:
    """The fixed value sets of TrainConfig fields, from the registries that define them."""
    return {"env": sorted(ENVS), "learner": learners.names(), "teacher_preset": sorted(teachers.PRESETS),
            "expert_knowledge": ["no", "low", "high"], "parkour_box": sorted(families.parkour.PARKOUR_BOXES)}


_PARSERS = {"learner_options": _key_value, "teacher_options": _key_value, "task_box": _box}


def add_train_config_arguments(parser: argparse.ArgumentParser) -> None:
    """One flag per TrainConfig field, with the field's help and default (nothing retyped here): a flag left out
    keeps the dataclass default. Dict fields take repeatable KEY=VALUE flags; booleans are switches."""
    choices = _choices()
    for f in dataclasses.fields(TrainConfig):
        flag = "--" + f.metadata.get("flag", f.name.replace("_", "-"))
        default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
        help_text = f.metadata["help"]
        if isinstance(default, bool):
            parser.add_argument(flag, dest=f.name, action="store_const", const=not default, default=None,
                                help=help_text)
        elif isinstance(default, dict):
            parser.add_argument(flag, dest=f.name, type=_PARSERS[f.name], action="append", default=None,
                                metavar="NAME=LOW:HIGH" if f.name == "task_box" else "KEY=VALUE", help=help_text)
        else:
            kind = int if isinstance(default, int) or f.type in ("int | None", "int") else str
            shown = "" if default is None else f" (default {default:,})" if kind is int else f" (default {default})"
            parser.add_argument(flag, dest=f.name, type=kind, choices=choices.get(f.name), default=None,
                                help=help_text + shown)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="boxwalk", description="C++-accelerated walker environments for curriculum RL.")
    parser.add_argument("--version", action="version", version=f"boxwalk {boxwalk.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    t = sub.add_parser("train", help="train a learner with a teacher; writes logs, checkpoints and a report")
    add_train_config_arguments(t)
    t.add_argument("--resume", action="store_true", help="continue the run in --out from its last checkpoint")
    t.add_argument("--no-progress", action="store_true", help="no progress bar")

    e = sub.add_parser("eval", help="evaluate a checkpoint on a test set")
    e.add_argument("checkpoint", help="a checkpoint.pt or a run folder")
    e.add_argument("--test-set", help="as for train (default: the run's)")
    e.add_argument("--eval-envs", type=int, help="parallel envs (default: the run's)")
    e.add_argument("--out", help="write the returns to this JSON file")

    r = sub.add_parser("render", help="a video of a policy (a checkpoint's, or random actions) on chosen tasks")
    r.add_argument("--out", required=True, help="video file: .mp4 (H.264) or .gif")
    r.add_argument("--policy", help="a checkpoint.pt or run folder (default: uniformly random actions)")
    r.add_argument("--env", choices=sorted(ENVS), help="environment (default: the checkpoint's, else stump-tracks)")
    r.add_argument("--body", help="embodiment for random actions (default old_classic_bipedal; a checkpoint "
                   "brings its own)")
    r.add_argument("--task", type=_floats, action="append", default=[], metavar="V1,V2,...",
                   help="a task, its values in the task space's order (repeatable; default: 3 tasks spread over "
                        "the test set); the tasks play side by side")
    r.add_argument("--episodes", type=int, default=1, help="bipedal-walker*: seeded episodes side by side")
    r.add_argument("--seed", type=int, default=1_000_000, help="episode i runs with seed SEED + i (default: the "
                   "evaluation seed, so test tasks look as they did in evaluation)")
    r.add_argument("--steps", type=int, help="stop after this many steps (default: the env's time limit)")
    r.add_argument("--lidar", action="store_true", help="draw the lidar rays")
    r.add_argument("--fps", type=float, default=50.0, help="frames per second (default 50, real time)")
    r.add_argument("--no-progress", action="store_true", help="no progress bar")

    b = sub.add_parser("bench", help="the throughput table: boxwalk's vector env vs Gymnasium")
    b.add_argument("--seconds", type=float, default=2.0, help="seconds per measurement (default 2)")
    b.add_argument("--num-envs", type=int, default=64, help="envs in the vector env (default 64)")
    b.add_argument("--num-threads", type=int, help="C++ threads (default: all cores)")

    c = sub.add_parser("compare", help="compare runs: curves (mean +- s.e.), final % mastered, Welch t-tests")
    c.add_argument("runs", nargs="+", help="run folders (or folders containing runs)")
    c.add_argument("--group-by", default="teacher", help="config field(s) defining a group, comma-separated")
    c.add_argument("--reference", help="group the t-tests compare against (default: 'random' when present)")
    c.add_argument("--out", default="runs/compare", help="folder for compare.png and compare.md")

    w = sub.add_parser("sweep", help="run a grid of training runs on Ray (resumable), then compare the groups")
    w.add_argument("config", help="sweep config (TOML; see boxwalk.experiments.sweep)")
    w.add_argument("--address", help="Ray cluster address (ray://host:10001 or 'auto'; default: a local instance)")
    w.add_argument("--max-concurrent", type=int, help="runs in flight at once (default: sweep.max_concurrent, "
                   "else as many as Ray can place)")
    w.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser


def _train_config(args: argparse.Namespace) -> tuple[TrainConfig, bool]:
    given: dict[str, Any] = {}
    for f in dataclasses.fields(TrainConfig):
        value = getattr(args, f.name)
        if value is not None:
            given[f.name] = dict(value) if isinstance(value, list) else value
    if args.resume:
        if "out" not in given:
            raise UsageError("boxwalk train: error: --resume needs --out RUN_FOLDER")
        path = Path(given["out"]) / "config.json"
        if not path.is_file():
            raise UsageError(f"boxwalk train: error: cannot resume: no run in {given['out']}")
        config = TrainConfig.load(path)
        # Re-running the original command with --resume is fine; an option that would change the run is not.
        saved = config.to_dict()
        changed = sorted(name for name, value in given.items()
                         if name not in {"out", "steps"} and _as_json(value) != _as_json(saved[name]))
        if changed:
            detail = "; ".join(f"{name}: saved {saved[name]!r}, given {given[name]!r}" for name in changed)
            raise UsageError(f"boxwalk train: error: --resume continues the saved configuration; only --steps may "
                             f"change ({detail})")
        if "steps" in given:
            config.steps = given["steps"]
        return config, True
    config = TrainConfig(**given)
    if "teacher" not in given and not config.has_tasks:
        config.teacher = "none"
    if "out" not in given:
        config.out = f"runs/{config.env}-{config.teacher}-{config.learner}-s{config.seed}"
    return config, False


def _as_json(value: Any) -> Any:
    """A value as config.json stores it (tuples become lists), so a given option compares equal to its saved self."""
    return json.loads(json.dumps(value))


def cmd_train(args: argparse.Namespace) -> int:
    from boxwalk.distributed import RayNotInstalled
    from boxwalk.experiments.train import Trainer

    config, resume = _train_config(args)
    try:
        trainer = Trainer(config, resume=resume, progress=not args.no_progress)
    except (ValueError, TypeError, FileNotFoundError, RayNotInstalled) as err:
        raise UsageError(f"boxwalk train: error: {err}") from None
    summary = trainer.run()
    mastered = "-" if summary.mastered is None else f"{summary.mastered:.1f}%"
    print(f"trained {summary.steps:,} steps ({summary.episodes:,} episodes) at {summary.steps_per_second:,.0f} "
          f"steps/s; test set mastered: {mastered}")
    print(f"run folder: {summary.run_dir}")
    if summary.report is not None:
        print(f"report: {summary.report.resolve()}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from boxwalk.experiments.evaluate_checkpoint import evaluate_checkpoint

    try:
        result = evaluate_checkpoint(args.checkpoint, test_set=args.test_set, eval_envs=args.eval_envs)
    except (ValueError, FileNotFoundError) as err:
        raise UsageError(f"boxwalk eval: error: {err}") from None
    print(f"{result['tasks']} test tasks at step {result['steps']:,}: {result['mastered']:.1f}% mastered, "
          f"mean return {result['mean_return']:.1f}")
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
        print(f"returns written to {args.out}")
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    import numpy as np

    from boxwalk.experiments import video

    def fail(message: str) -> UsageError:
        return UsageError(f"boxwalk render: error: {message}")

    if Path(args.out).suffix.lower() not in video.VIDEO_FORMATS:
        raise fail(f"--out must end in {' or '.join(video.VIDEO_FORMATS)}, got {args.out!r}")
    if args.episodes < 1 or (args.steps is not None and args.steps < 1) or args.fps <= 0:
        raise fail("--episodes, --steps and --fps must be positive")
    if args.policy is not None:
        from boxwalk.experiments.checkpoint import load_checkpoint, policy_from_checkpoint

        try:
            state = load_checkpoint(Path(args.policy))
        except (FileNotFoundError, ValueError) as err:
            raise fail(str(err)) from None
        config = TrainConfig.from_dict(state["config"])
        if args.env is not None and args.env != config.env:
            raise fail(f"the checkpoint was trained on --env {config.env}, not {args.env}")
        if args.body is not None and args.body != config.body:
            raise fail(f"the checkpoint was trained with --body {config.body}, not {args.body}")
        policy = policy_from_checkpoint(state, config)
    else:
        config = TrainConfig(env=args.env or "stump-tracks", body=args.body or families.DEFAULT_BODY)
        try:
            _core.check_body(config.env_choice.family, config.body)
        except ValueError as err:
            raise fail(str(err)) from None
        policy = video.random_policy(args.seed, config.dims()[1])
    space = config.task_space()
    if args.task and space is None:
        raise fail(f"{config.env} has no tasks; use --episodes")
    try:
        tasks = space.validate(np.array(args.task)) if args.task else video.evenly_spaced_tasks(config, 3)
    except ValueError as err:
        raise fail(f"--task: {err}") from None
    frames = video.record(config, policy, tasks, episodes=args.episodes, seed=args.seed, max_steps=args.steps,
                          lidar=args.lidar, progress=not args.no_progress)
    try:
        path = video.write_video(frames, args.out, fps=args.fps)
    except ImportError as err:
        raise fail(str(err)) from None
    print(f"{len(frames)} frames ({len(frames) / args.fps:.1f} s) written to {path}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from boxwalk.experiments.throughput import print_table

    if args.seconds <= 0 or args.num_envs < 1 or (args.num_threads is not None and args.num_threads < 1):
        raise UsageError("boxwalk bench: error: --seconds, --num-envs and --num-threads must be positive")
    print_table(seconds=args.seconds, num_envs=args.num_envs, num_threads=args.num_threads)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from boxwalk.experiments.compare import compare

    try:
        result = compare(args.runs, out=args.out, group_by=args.group_by.split(","), reference=args.reference)
    except (ValueError, FileNotFoundError) as err:
        raise UsageError(f"boxwalk compare: error: {err}") from None
    print(result.table)
    print(f"plot: {result.plot.resolve()}\ntable: {result.markdown.resolve()}")
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from boxwalk.distributed import RayNotInstalled, require_ray
    from boxwalk.experiments.sweep import SweepConfigError, load_sweep, run_sweep

    if args.max_concurrent is not None and args.max_concurrent < 1:
        raise UsageError("boxwalk sweep: error: --max-concurrent must be positive")
    try:
        spec = load_sweep(args.config)
        require_ray()
    except (SweepConfigError, RayNotInstalled) as err:
        raise UsageError(f"boxwalk sweep: error: {err}") from None
    result = run_sweep(spec, address=args.address, max_concurrent=args.max_concurrent,
                       progress=not args.no_progress)
    print(f"{len(result.cells)} runs in {result.seconds:.0f} s (Ray start {result.ray_start_seconds:.1f} s)")
    if result.failed:
        print(f"{len(result.failed)} run(s) failed: {', '.join(result.failed)}; fix and re-run the sweep to "
              "continue (finished runs are skipped)", file=sys.stderr)
        return 1
    for criterion, comparison in result.comparisons.items():
        print(f"\n{criterion or 'comparison'} ({comparison.markdown.parent}):\n{comparison.table}")
    if result.profile is not None:
        print(f"\nprofile chart: {result.profile.resolve()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return {"train": cmd_train, "eval": cmd_eval, "render": cmd_render, "bench": cmd_bench,
                "compare": cmd_compare, "sweep": cmd_sweep}[args.command](args)
    except UsageError as err:
        print(err, file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        print("interrupted (a run continues from its last checkpoint with --resume)", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
