"""The public benchmark instances in `bench/data/` are the bytes their README says they are."""

import hashlib
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
SETS = ["shift-scheduling", "cvrp-x"]


def listed(name: str) -> list[tuple[str, str]]:
    lines = (DATA / name / "SHA256SUMS").read_text().splitlines()
    return [tuple(line.split(maxsplit=1)) for line in lines if line.strip()]  # type: ignore[misc]


@pytest.mark.parametrize("name", SETS)
def test_every_instance_matches_its_checksum(name):
    sums = listed(name)
    assert sums, f"{name}/SHA256SUMS lists no files"
    for digest, filename in sums:
        path = DATA / name / "instances" / filename
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, filename


@pytest.mark.parametrize("name", SETS)
def test_every_instance_file_is_listed_and_the_readme_names_its_source(name):
    on_disk = {p.name for p in (DATA / name / "instances").iterdir()}
    assert on_disk == {filename for _, filename in listed(name)}
    readme = (DATA / name / "README.md").read_text()
    assert "Provenance" in readme and "icen" in readme  # source and licence stated
