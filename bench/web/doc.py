"""``docs/benchmarks-web.md``: one section per web bench, rewritten by its script."""

from __future__ import annotations

from pathlib import Path

from bench.checkin.bench_checkin import ROOT

DOC = ROOT / "docs" / "benchmarks-web.md"
HEADER = (
    "# Benchmark: the web stack under load\n\n"
    "Written by `bench/web/spike.py` and `bench/web/ratio.py`, one section each; do not edit "
    'those sections by hand (a "Notes" section is kept).\n\n'
)


def write_section(path: Path, name: str, section: str) -> None:
    sections: dict[str, str] = {}
    if path.exists():
        current: list[str] = []
        title = None
        for line in path.read_text().splitlines():
            if line.startswith("## "):
                if title:
                    sections[title] = "\n".join(current).rstrip() + "\n"
                title, current = line[3:].strip(), [line]
            elif title:
                current.append(line)
        if title:
            sections[title] = "\n".join(current).rstrip() + "\n"
    sections[name] = section.rstrip() + "\n"
    order = [k for k in ("Throughput as a ratio", "Spike") if k in sections]
    order += [k for k in sections if k not in order]
    path.write_text(HEADER + "\n".join(sections[k] for k in order))
