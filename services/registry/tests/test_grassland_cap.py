"""L23 (000-地, 草牧场): a grassland right is mortgaged as contracted land, and R6's per-mu
cap for it is the county's own parameter, the farmland figure until the county sets it."""

from __future__ import annotations


async def test_L23_000_di_grassland_cap_defaults_to_the_farmland_figure_and_is_configurable(
    reg,
) -> None:
    grass = await reg.right(right_type="grassland")
    app = await reg.apply(grass)
    r = await reg.value(app["id"])  # 20 mu × 500 × 20 years = 200,000 = 20 × 10,000
    assert r.status_code == 200, r.text
    assert r.json()["land_value"] == "200000.00"
    assert r.json()["cap_parameter"] == "grassland_cap_per_mu"
    await reg.set_parameter("grassland_cap_per_mu", "8000", "旗县草原评估标准")
    r = await reg.value(app["id"])
    assert r.json()["land_value"] == "160000.00"  # 20 mu × 8,000
    farm = await reg.apply(await reg.right())
    r = await reg.value(farm["id"])
    assert r.json()["land_value"] == "200000.00"
    assert r.json()["cap_parameter"] == "family_land_cap_per_mu"
