"""Curtois & Qu shift scheduling benchmark: adapter onto the roster engine, evaluator, runners.

The instances live in `bench/data/shift-scheduling/` (source, citation and checksums in its
README). `evaluate.py` shares no code with the engine or with `instance.py`.
"""
