"""Rights ledger (R1): registration, versioned corrections, flags, import, title search,
search certificates — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from registry_testkit import (
    AUTHORITY,
    BANK_A,
    BANK_B,
    COUNTY,
    DEPT,
    OTHER_AUTHORITY,
    SERVICE,
    STAFF,
    fields,
    person,
)

from common.contracts.registry_api import TitleSearchResult
from common.ids import generate_resident_id


async def test_R1_right_has_certificate_holders_origin_and_a_versioned_history(reg) -> None:
    co = generate_resident_id(COUNTY)
    right = await reg.right(
        certificate_no="甘(2018)庆城县农村土地承包经营权第0001号",
        co_owners=[{"party_id": co, "name": "李四"}],
    )
    assert right["version"] == 1 and right["origin"] == "family_contract"
    cert = right["certificate_no"]
    r = await reg.c.patch(
        f"/rights/{cert}",
        json={"version": 1, "reason": "area re-measured 2026", "area_mu": "19.5"},
        headers=AUTHORITY,
    )
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2 and r.json()["area_mu"] == "19.5"
    # a stale write (version 1 read before) is refused, never lost
    stale = await reg.c.patch(
        f"/rights/{cert}",
        json={"version": 1, "reason": "late clerk", "location": "elsewhere"},
        headers=AUTHORITY,
    )
    assert stale.status_code == 409 and stale.json()["rule"] == "R1"
    hist = (await reg.c.get(f"/rights/{cert}/history", headers=AUTHORITY)).json()
    assert [(h["version"], h["action"]) for h in hist] == [(1, "registered"), (2, "corrected")]
    assert hist[0]["snapshot"]["area_mu"] == "20" and hist[1]["reason"] == "area re-measured 2026"
    assert (await reg.c.get(f"/rights/{cert}", headers=STAFF)).json()["location"] != "elsewhere"
    log = await reg.decisions("right", cert)
    assert [(d.action, d.rule) for d in log] == [
        ("right.registered", "R1"),
        ("right.corrected", "R1"),
    ]
    assert log[1].reason == "area re-measured 2026" and log[1].actor_roles == [
        "registration_authority"
    ]


async def test_R1_transferred_right_needs_contract_rent_and_contractor(reg) -> None:
    r = await reg.c.post(
        "/rights", json=reg.right_body(origin="transfer", term_end=None), headers=AUTHORITY
    )
    assert r.status_code == 422
    assert fields(r) == {
        ("transfer_contract_no", "R1"),
        ("contractor_party_id", "R1"),
        ("annual_rent_per_mu", "R1"),
        ("rent_paid_until", "R1"),
        ("term_end", "R1"),
    }
    ok = await reg.transfer_right(rent_paid_until="2027-12-31")
    assert ok["annual_rent_per_mu"] == "600.00"


async def test_X4_bad_right_is_a_problem_and_changes_nothing(reg) -> None:
    body = reg.right_body(holder_party_id="123", area_mu="-1", term_end="2010-01-01")
    r = await reg.c.post("/rights", json=body, headers=AUTHORITY)
    assert r.status_code == 422
    assert {f for f, _ in fields(r)} >= {"holder_party_id", "area_mu"}
    assert (await reg.c.get(f"/rights/{body['certificate_no']}", headers=STAFF)).status_code == 404
    # another county's authority may not register here; a bank may not at all
    good = reg.right_body()
    assert (await reg.c.post("/rights", json=good, headers=OTHER_AUTHORITY)).status_code == 403
    assert (await reg.c.post("/rights", json=good, headers=BANK_A)).status_code == 403


async def test_R1_flags_are_set_and_cleared_with_who_when_why_and_published(reg) -> None:
    cert = (await reg.right())["certificate_no"]
    r = await reg.c.post(
        f"/rights/{cert}/flags",
        json={
            "flag": "disputed",
            "set": True,
            "reason": "boundary dispute with neighbour",
            "authority_ref": "调解书 2026-3",
        },
        headers=DEPT,
    )
    assert r.status_code == 201, r.text
    assert r.json()["decided_by"].startswith("county_department-test")
    again = await reg.c.post(
        f"/rights/{cert}/flags",
        json={"flag": "disputed", "set": True, "reason": "x"},
        headers=DEPT,
    )
    assert again.status_code == 422 and fields(again) == {("set", "R1")}
    reg.clock.advance(days=3)
    await reg.c.post(
        f"/rights/{cert}/flags",
        json={"flag": "disputed", "set": False, "reason": "settled by mediation"},
        headers=AUTHORITY,
    )
    history = (await reg.c.get(f"/rights/{cert}/flags", headers=STAFF)).json()
    assert [(h["flag"], h["set"], h["reason"]) for h in history] == [
        ("disputed", True, "boundary dispute with neighbour"),
        ("disputed", False, "settled by mediation"),
    ]
    events = await reg.outbox("registry.right_flagged")
    assert [(e["certificate_no"], e["flag"], e["set"]) for e in events] == [
        (cert, "disputed", True),
        (cert, "disputed", False),
    ]
    assert (
        await reg.c.post(
            f"/rights/{cert}/flags",
            json={"flag": "seized", "set": True, "reason": "x"},
            headers=BANK_A,
        )
    ).status_code == 403


async def test_R1_csv_import_enters_good_rows_and_reports_rejected_rows(reg) -> None:
    ok1, ok2 = generate_resident_id(COUNTY), generate_resident_id(COUNTY)
    header = (
        "certificate_no,county,township,collective_id,right_type,origin,holder_party_id,"
        "holder_name,co_owners,location,area_mu,term_start,term_end\n"
    )
    rows = [
        f"IMP0001,{COUNTY},620821101,c1,contracted_land,family_contract,{ok1},甲,,村1,10,2018-01-01,2047-12-31",
        f"IMP0002,{COUNTY},620821101,c1,contracted_land,family_contract,{ok2},乙,{ok1}:甲,村2,5.5,,",
        f"IMP0001,{COUNTY},620821101,c1,contracted_land,family_contract,{ok2},丙,,村3,1,,",
        f"IMP0003,{COUNTY},620821101,c1,spaceship,family_contract,123,丁,,村4,-2,,",
        f"IMP0004,620822,620822101,c1,contracted_land,family_contract,{ok2},戊,,村5,1,,",
    ]
    csv = (header + "\n".join(rows) + "\n").encode()
    r = await reg.c.post(
        "/rights/import", files={"file": ("rights.csv", csv, "text/csv")}, headers=AUTHORITY
    )
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["imported"] == 2 and report["certificate_nos"] == ["IMP0001", "IMP0002"]
    rejected = {x["row"]: {e["field"] for e in x["errors"]} for x in report["rejected"]}
    assert rejected == {
        3: {"certificate_no"},
        4: {"right_type", "holder_party_id", "area_mu"},
        5: {"county"},
    }
    got = (await reg.c.get("/rights/IMP0002", headers=STAFF)).json()
    assert got["co_owners"] == [{"party_id": ok1, "name": "甲"}]
    hist = (await reg.c.get("/rights/IMP0001/history", headers=STAFF)).json()
    assert hist[0]["action"] == "imported"
    bad = await reg.c.post(
        "/rights/import",
        files={"file": ("x.csv", b"foo,bar\n1,2\n", "text/csv")},
        headers=AUTHORITY,
    )
    assert bad.status_code == 422 and fields(bad) == {("file", "R1")}


async def test_R1_title_search_gives_flags_liens_and_holders_in_one_call(reg) -> None:
    co = generate_resident_id(COUNTY)
    right = await reg.right(co_owners=[{"party_id": co, "name": "李四"}])
    cert = right["certificate_no"]
    lien = await reg.lien(right)
    await reg.c.post(
        f"/rights/{cert}/flags",
        json={"flag": "seized", "set": True, "reason": "court order (2026)甘1021执12号"},
        headers=AUTHORITY,
    )
    for who in (SERVICE, DEPT, STAFF):
        r = await reg.c.get(f"/rights/{cert}/title-search", headers=who)
        assert r.status_code == 200, r.text
    result = TitleSearchResult.model_validate(r.json())
    assert [(h.party_id, h.role) for h in result.holders] == [
        (right["holder_party_id"], "holder"),
        (co, "co_owner"),
    ]
    assert result.flag_set("seized") and not result.flag_set("disputed")
    assert [(x.lien_id, x.lender_org_id, str(x.secured_amount), x.rank) for x in result.liens] == [
        (lien["id"], "abc-qingyang", "50000.00", 1)
    ]
    assert (await reg.c.get(f"/rights/{cert}/title-search", headers=BANK_A)).status_code == 403
    missing = await reg.c.get("/rights/NOPE0000/title-search", headers=SERVICE)
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


async def test_R1_search_certificate_only_for_holder_lienholder_or_recorded_interest(reg) -> None:
    right = await reg.right()
    cert = right["certificate_no"]
    await reg.lien(right)
    holder = person(right["holder_party_id"])
    r = await reg.c.post(f"/rights/{cert}/search-certificates", headers=holder)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["number"].startswith("CX620821")
    assert "农业银行庆城支行" in body["text"] and "50000.00" in body["text"]
    assert [x["status"] for x in body["liens"]] == ["active"]
    assert (
        await reg.c.post(f"/rights/{cert}/search-certificates", headers=BANK_A)
    ).status_code == 200
    assert (
        await reg.c.post(f"/rights/{cert}/search-certificates", headers=BANK_B)
    ).status_code == 403
    stranger = generate_resident_id(COUNTY)
    assert (
        await reg.c.post(f"/rights/{cert}/search-certificates", headers=person(stranger))
    ).status_code == 403
    await reg.c.post(
        f"/rights/{cert}/interests", json={"party_id": stranger, "kind": "heir"}, headers=AUTHORITY
    )
    assert (
        await reg.c.post(f"/rights/{cert}/search-certificates", headers=person(stranger))
    ).status_code == 200


async def test_R1_the_former_right_type_spellings_are_migrated(tmp_path, services) -> None:
    """Errata: one product / right-type enumeration (common.products); rights stored with
    the registry's former codes are renamed by revision registry_0004_products."""
    import sqlalchemy as sa

    from common.products import FORMER_REGISTRY_SPELLINGS, Product
    from registry.rights.models import Right
    from testkit.testing import earlier_schema

    at = datetime(2026, 1, 1, tzinfo=UTC)
    rows = [
        dict(
            certificate_no=f"OLD-{old}",
            county="620821",
            township="620821101",
            right_type=old,
            origin="other",
            holder_party_id=generate_resident_id("620821"),
            holder_name="李四",
            co_owners=[],
            location="村东",
            area_mu="1",
            via_collective=False,
            disputed=False,
            seized=False,
            expropriation=False,
            version=1,
            created_at=at,
            updated_at=at,
        )
        for old in [*FORMER_REGISTRY_SPELLINGS, "forest"]
    ]
    async with earlier_schema(services["registry"], tmp_path, "registry_0003") as earlier:
        async with earlier.engine.begin() as conn:
            await conn.execute(sa.insert(Right.__table__), rows)
        await earlier.upgrade()
        async with earlier.engine.connect() as conn:
            got = dict(
                (await conn.execute(sa.select(Right.certificate_no, Right.right_type))).all()
            )
    assert got == {
        "OLD-water_facility": Product.small_water_facility,
        "OLD-collective_asset": Product.collective_assets,
        "OLD-construction_land": Product.collective_construction_land,
        "OLD-forest": Product.forest,
    }
