"""Roster engine: who works which shift, built on OR-Tools CP-SAT.

The public surface is small: build a `Problem`, call `solve(problem, SolveParams())`, read
the `Result`. `check_capacity` explains shortfalls before solving, `solve_greedy` is the
baseline and the fallback, and `repair` re-solves a published roster when people drop out.
"""

from engines.roster.capacity import check_capacity
from engines.roster.greedy import solve_greedy
from engines.roster.params import SolveParams, StopParams, StrategyParams
from engines.roster.problem import (
    Person,
    Preference,
    Problem,
    ProblemError,
    Rules,
    Shift,
    Weights,
)
from engines.roster.repair import repair
from engines.roster.result import Penalty, Result, Status, Unfilled
from engines.roster.solver import solve

__all__ = [
    "Penalty",
    "Person",
    "Preference",
    "Problem",
    "ProblemError",
    "Result",
    "Rules",
    "Shift",
    "SolveParams",
    "Status",
    "StopParams",
    "StrategyParams",
    "Unfilled",
    "Weights",
    "check_capacity",
    "repair",
    "solve",
    "solve_greedy",
]
