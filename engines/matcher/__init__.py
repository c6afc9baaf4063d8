"""Matcher engine: which volunteer cares for which person in need (结对帮扶).

Build a `Problem` of `Volunteer`s and `Need`s, call `solve(problem, MatchParams())` for the fast
proposal or `MatchParams(method="optimal")` for the reference min-cost flow, read the `Result`.
"""

from engines.matcher.problem import Building, Need, Problem, ProblemError, Volunteer
from engines.matcher.result import MatchStatus, Pairing, Result, Unmatched
from engines.matcher.solver import MatchParams, pair_cost, solve

__all__ = [
    "Building",
    "MatchParams",
    "MatchStatus",
    "Need",
    "Pairing",
    "Problem",
    "ProblemError",
    "Result",
    "Unmatched",
    "Volunteer",
    "pair_cost",
    "solve",
]
