from bench.slots.generate import compound, perturbed


def test_generated_compound_has_the_asked_residents_and_buildings() -> None:
    prob = compound(seed=3, points=2)
    assert prob.residents == 2000
    assert len(prob.buildings) == 40
    assert prob.validate() == []
    assert prob.capacity >= prob.residents


def test_generator_is_deterministic() -> None:
    assert compound(seed=5) == compound(seed=5)
    assert perturbed(compound(seed=5), seed=5) == perturbed(compound(seed=5), seed=5)
