"""Curtois & Qu shift scheduling benchmark: adapter onto the roster engine, evaluator, runners.

The instances live outside the repo, in `../shared/benchmarks/shift-scheduling/` relative to the
repository root. `evaluate.py` shares no code with the engine or with `instance.py`.
"""
