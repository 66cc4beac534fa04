"""Adapters to the training libraries people already use: :mod:`boxwalk.integrations.sb3` (Stable-Baselines3)
and :mod:`boxwalk.integrations.rllib` (RLlib). CleanRL-style loops need none: wrap the native vector env in Gymnasium's
``gymnasium.wrappers.vector.RecordEpisodeStatistics`` and read ``infos["episode"]``, as with any vector env, or make
it with ``episode_stats=True`` and read ``infos["episode_stats"]`` (see README)."""
