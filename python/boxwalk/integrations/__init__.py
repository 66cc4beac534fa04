"""Adapters to the training libraries people already use: :mod:`boxwalk.integrations.sb3` (Stable-Baselines3)
and :mod:`boxwalk.integrations.rllib` (RLlib). CleanRL-style loops need none: use a vector env with
``autoreset_mode=AutoresetMode.SAME_STEP`` and read ``infos["final_info"]["episode"]`` (see README)."""
