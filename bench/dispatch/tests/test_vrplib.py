"""The VRPLIB reader/writer and the command on tiny files written here."""

from __future__ import annotations

from bench.dispatch.__main__ import main
from bench.dispatch.generator import compound, to_instance
from bench.dispatch.vrplib_io import read_instance, write_instance

TINY = """NAME : tiny
TYPE : CVRP
DIMENSION : 4
EDGE_WEIGHT_TYPE : EUC_2D
CAPACITY : 5
NODE_COORD_SECTION
1 0 0
2 3 4
3 6 8
4 -3 -4
DEMAND_SECTION
1 0
2 3
3 2
4 4
DEPOT_SECTION
1
-1
EOF
"""


def test_a_vrplib_file_is_read_with_rounded_distances(tmp_path):
    path = tmp_path / "tiny.vrp"
    path.write_text(TINY.replace("\n", "\r\n"))
    instance = read_instance(path)
    assert instance.capacity == 5
    assert instance.demands == (0, 3, 2, 4)
    assert instance.matrix[0][1] == 5 and instance.matrix[1][3] == 10


def test_the_command_writes_a_standard_solution(tmp_path):
    path = tmp_path / "tiny.vrp"
    path.write_text(TINY)
    out = tmp_path / "tiny.sol"
    assert main([str(path), "--time-limit", "0.2", "--out", str(out)]) == 0
    lines = out.read_text().splitlines()
    assert lines[-1] == "Cost 30"  # 1 and 2 together (5 + 5 + 10), 3 alone (5 + 5)
    routes = sorted(sorted(int(c) for c in line.split(":")[1].split()) for line in lines[:-1])
    assert routes == [[1, 2], [3]]


def test_the_generator_is_seeded_and_round_trips_through_vrplib(tmp_path):
    first, second = compound(seed=5, buildings=20), compound(seed=5, buildings=20)
    assert first == second
    assert 1500 <= len(first.parcels) <= 2600
    path = tmp_path / "compound.vrp"
    write_instance(path, to_instance(first, "compound-5"))
    again = read_instance(path)
    assert sum(again.demands) == len(first.parcels)
