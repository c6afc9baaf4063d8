"""The independent evaluator agrees with the engine and with the published optima."""

from pathlib import Path

import pytest

from bench.curtois.evaluate import evaluate
from bench.curtois.instance import INSTANCES, read_instance, roster_lines, to_problem
from engines.roster import SolveParams, StopParams, StrategyParams, solve

TINY = """SECTION_HORIZON
7
SECTION_SHIFTS
D,480,
N,600,D
SECTION_STAFF
A,D=7|N=7,4800,960,3,1,1,1
SECTION_DAYS_OFF
A,3
SECTION_SHIFT_ON_REQUESTS
A,0,D,2
SECTION_SHIFT_OFF_REQUESTS
A,1,N,3
SECTION_COVER
0,D,1,100,1
1,N,1,100,1
2,D,1,100,1
"""


def write(tmp_path: Path, roster: str) -> tuple[Path, Path]:
    (tmp_path / "i.txt").write_text(TINY)
    (tmp_path / "r.txt").write_text(roster)
    return tmp_path / "i.txt", tmp_path / "r.txt"


def test_evaluator_scores_a_hand_made_roster(tmp_path):
    # Works D, N, D: N then D breaks the forbidden succession; the off request on N costs 3.
    report = evaluate(*write(tmp_path, "A\tD\tN\tD\t\t\t\t\n"))
    assert (report["on_requests"], report["off_requests"], report["cover"]) == (0, 3, 0)
    assert report["violations_by_rule"] == {"forbidden succession": 1}


def test_evaluator_counts_a_day_off_worked_short_hours_and_missing_cover(tmp_path):
    report = evaluate(*write(tmp_path, "A\t\t\t\tD\t\t\t\n"))
    assert report["cover"] == 300  # three places short; day 3 has no cover row, so no cost
    assert report["on_requests"] == 2
    assert report["violations_by_rule"] == {"day off worked": 1, "min total minutes": 1}


def test_evaluator_reproduces_the_engine_objective_on_instance1(tmp_path):
    path = INSTANCES / "Instance1.txt"
    inst = read_instance(path)
    result = solve(
        to_problem(inst),
        SolveParams(StopParams(time_limit_s=20), StrategyParams(workers=2, seed=0)),
    )
    out = tmp_path / "roster.txt"
    out.write_text("\n".join(roster_lines(inst, result.assignments)) + "\n")
    report = evaluate(path, out)
    assert report["hard_violations"] == 0
    assert report["objective"] == result.objective
    assert result.status == "optimal" and result.objective == 607


@pytest.mark.parametrize("number", [2, 3])
def test_evaluator_agrees_with_the_engine_on_instances_2_and_3(tmp_path, number):
    path = INSTANCES / f"Instance{number}.txt"
    inst = read_instance(path)
    result = solve(
        to_problem(inst), SolveParams(StopParams(time_limit_s=3), StrategyParams(workers=2, seed=0))
    )
    out = tmp_path / "roster.txt"
    out.write_text("\n".join(roster_lines(inst, result.assignments)) + "\n")
    report = evaluate(path, out)
    assert report["hard_violations"] == 0
    assert report["objective"] == result.objective
