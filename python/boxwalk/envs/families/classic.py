"""Gymnasium's BipedalWalker-v3 and BipedalWalkerHardcore-v3, bit for bit: no tasks, one walker."""

from boxwalk.envs.families.base import Family

FAMILY = Family(
    name="classic",
    gym_ids={"boxwalk/BipedalWalker-v3": {}, "boxwalk/BipedalWalkerHardcore-v3": {"hardcore": True}},
    task_space=None,
    cli_names={"bipedal-walker": {}, "bipedal-walker-hardcore": {"hardcore": True}},
    entry_points=("boxwalk.envs.bipedal_walker:BipedalWalker", "boxwalk.envs.vector:BipedalWalkerVectorEnv"),
    reward_threshold=300,
)
