"""A person's own certified rights (R1, X3) — 我的权利: the holder lists them (the
portal's loan calculator picks one), nobody sees another person's."""

from __future__ import annotations

from registry_testkit import COUNTY, STAFF, person

from common.ids import generate_resident_id


async def test_R1_a_holder_lists_own_rights_and_nobody_elses(reg) -> None:
    holder, other = generate_resident_id(COUNTY), generate_resident_id(COUNTY)
    first = await reg.right(certificate_no="QY-MINE-0002", holder_party_id=holder)
    second = await reg.right(certificate_no="QY-MINE-0001", holder_party_id=holder)
    await reg.right(certificate_no="QY-OTHER-0001", holder_party_id=other)
    r = await reg.c.get("/me/rights", headers=person(holder))
    assert r.status_code == 200, r.text
    assert [x["certificate_no"] for x in r.json()] == [
        second["certificate_no"],
        first["certificate_no"],
    ]
    assert r.json()[0]["area_mu"] == "20" and r.json()[0]["origin"] == "family_contract"
    assert (await reg.c.get("/me/rights", headers=STAFF)).json() == []  # holds none
    assert (await reg.c.get("/me/rights")).status_code == 401
