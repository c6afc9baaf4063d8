"""A seeded compound instance for the matcher: residents in buildings, some in need, volunteers.

Two compounds of `buildings` buildings each on a grid (60 m apart), `residents` spread over
them; `in_need` of them need care (a mix of elderly living alone, the seriously ill who need a
medical volunteer, and people who prefer 沪语), and `volunteers` live in the same buildings with
skills drawn at the demo's rates. A quarter of the buildings are sealed; a fifth of the needs
are calls. Volunteers may take at most `load` needs each.
"""

from __future__ import annotations

import random

from engines.matcher import Building, Need, Problem, Volunteer


def generate(
    *,
    seed: int = 2022,
    residents: int = 2000,
    in_need: int = 200,
    volunteers: int = 100,
    buildings: int = 20,
    load: int = 3,
) -> Problem:
    rng = random.Random(seed)
    blocks = [
        Building(f"{c}{i + 1}", c, 60.0 * (i % 5), 60.0 * (i // 5))
        for c in ("东苑", "青年")
        for i in range(buildings // 2)
    ]
    homes = [rng.choice(blocks).id for _ in range(residents)]
    needy = rng.sample(range(residents), in_need)
    needs = []
    for n, who in enumerate(sorted(needy)):
        kind = rng.random()
        ill = kind < 0.15
        needs.append(
            Need(
                id=f"R{who}",
                building=homes[who],
                mode="call" if rng.random() < 0.2 else "visit",
                slots=2 if rng.random() < 0.1 else 1,
                required_skills=frozenset({"medical"}) if ill else frozenset(),
                language="shanghainese" if rng.random() < 0.4 else None,
                priority=3 if ill else 1,
            )
        )
        del n
    vols = []
    for i in range(volunteers):
        skills = {s for s, p in (("medical", 0.15), ("shanghainese", 0.6)) if rng.random() < p}
        vols.append(Volunteer(f"V{i}", rng.choice(blocks).id, frozenset(skills), load))
    sealed = frozenset(b.id for b in blocks if rng.random() < 0.25)
    return Problem(tuple(blocks), tuple(vols), tuple(needs), sealed_buildings=sealed)
