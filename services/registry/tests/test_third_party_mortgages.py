"""R15 (000 三(十)): a right mortgaged for someone else's loan, and uncontracted collective
耕地 or 草牧场 mortgaged by the collective on a democratic decision and township approval."""

from __future__ import annotations

from registry_testkit import AUTHORITY, BANK_A, COUNTY, fields

from common.ids import generate_resident_id


async def checks(reg, app_id: str) -> set[tuple[str, str]]:
    r = await reg.c.get(f"/lien-applications/{app_id}/checks", headers=BANK_A)
    assert r.status_code == 200, r.text
    return {(p["field"], p["rule"]) for p in r.json()["problems"]}


async def test_R15_000_3_10_a_third_party_mortgage_needs_the_mortgagors_and_co_owners_consent(
    reg,
) -> None:
    co = generate_resident_id(COUNTY)
    right = await reg.right(co_owners=[{"party_id": co, "name": "李四"}])
    borrower = generate_resident_id(COUNTY)
    app = await reg.ready_application(
        right,
        extra_docs=["consent_letter_A"],
        borrower_party_id=borrower,
        borrower_name="赵六家庭农场",
        mortgagor_party_id=right["holder_party_id"],
        mortgagor_name=right["holder_name"],
        consenting_co_owners=[],
    )
    assert app["mortgagor_party_id"] == right["holder_party_id"]
    assert app["borrower_party_id"] == borrower
    open_ = await checks(reg, app["id"])
    assert ("documents.third_party_consent", "R15") in open_
    assert ("consenting_co_owners", "R15") in open_
    r = await reg.register(app["id"])
    assert r.status_code == 422
    assert ("documents.third_party_consent", "R15") in fields(r)

    r = await reg.c.patch(
        f"/lien-applications/{app['id']}",
        json={"reason": "李四 signed", "consenting_co_owners": [co]},
        headers=BANK_A,
    )
    assert r.status_code == 200, r.text
    assert (await reg.upload(app["id"], "third_party_consent")).status_code == 201
    assert await checks(reg, app["id"]) == set()
    r = await reg.register(app["id"])
    assert r.status_code == 201, r.text
    assert r.json()["borrower_party_id"] == borrower


async def test_R15_000_3_10_the_mortgagor_must_hold_the_right_and_credit_is_the_borrowers(
    reg,
) -> None:
    right = await reg.right()
    stranger = generate_resident_id(COUNTY)
    r = await reg.c.post(
        "/lien-applications",
        json=reg.application_body(
            right,
            borrower_party_id=generate_resident_id(COUNTY),
            mortgagor_party_id=stranger,
            mortgagor_name="某人",
        ),
        headers=BANK_A,
    )
    assert r.status_code == 422
    assert ("mortgagor_party_id", "R15") in fields(r)
    # the borrower's bad credit refuses a third-party mortgage like any other (R2)
    app = await reg.ready_application(
        right,
        extra_docs=["consent_letter_A", "third_party_consent"],
        borrower_party_id=generate_resident_id(COUNTY),
        mortgagor_party_id=right["holder_party_id"],
        good_credit=False,
    )
    assert await checks(reg, app["id"]) == {("good_credit", "R2")}


def collective_right(reg):
    return reg.right(
        origin="collective",
        holder_party_id=generate_resident_id(COUNTY),
        holder_name="小湾村股份经济合作社",
    )


async def test_R15_000_3_10_uncontracted_collective_land_needs_two_thirds_and_township_approval(
    reg,
) -> None:
    right = await collective_right(reg)
    app = await reg.ready_application(right, employer_informed=False)
    assert await checks(reg, app["id"]) == {
        ("land_class", "R15"),
        ("collective_decision", "R15"),
        ("township_approval_no", "R15"),
    }
    # 19 of 30 representatives is short of two thirds (20)
    r = await reg.c.patch(
        f"/lien-applications/{app['id']}",
        json={
            "reason": "decision recorded",
            "land_class": "grassland",
            "collective_decision": {
                "resolution_ref": "R-2026-07",
                "decided_on": "2026-03-01",
                "entitled": 30,
                "votes_for": 19,
            },
            "township_approval_no": "驿政批〔2026〕3号",
        },
        headers=BANK_A,
    )
    assert r.status_code == 200, r.text
    await reg.upload_all(app["id"], ["collective_decision", "township_approval"])
    assert await checks(reg, app["id"]) == {("collective_decision.votes_for", "R15")}
    r = await reg.c.patch(
        f"/lien-applications/{app['id']}",
        json={
            "reason": "recount",
            "collective_decision": {
                "resolution_ref": "R-2026-07",
                "decided_on": "2026-03-01",
                "entitled": 30,
                "votes_for": 20,
            },
        },
        headers=BANK_A,
    )
    assert r.status_code == 200, r.text
    assert await checks(reg, app["id"]) == set()
    assert (await reg.register(app["id"])).status_code == 201


async def test_R15_000_3_10_collective_land_other_than_cultivated_or_grassland_is_refused(
    reg,
) -> None:
    right = await collective_right(reg)
    app = await reg.ready_application(
        right,
        extra_docs=["collective_decision", "township_approval"],
        land_class="other",
        collective_decision={
            "resolution_ref": "R-1",
            "decided_on": "2026-03-01",
            "entitled": 3,
            "votes_for": 3,
        },
        township_approval_no="批-1",
    )
    assert await checks(reg, app["id"]) == {("land_class", "R15")}


async def test_R15_the_decision_threshold_is_a_county_parameter(reg) -> None:
    r = await reg.c.put(
        f"/county-parameters/{COUNTY}/collective_mortgage_threshold",
        json={
            "value": "majority",
            "effective_from": reg.today.isoformat(),
            "reason": "县政府令",
        },
        headers=AUTHORITY,
    )
    assert r.status_code == 201, r.text
    right = await collective_right(reg)
    app = await reg.ready_application(
        right,
        extra_docs=["collective_decision", "township_approval"],
        land_class="cultivated",
        collective_decision={
            "resolution_ref": "R-2",
            "decided_on": "2026-03-01",
            "entitled": 30,
            "votes_for": 16,
        },
        township_approval_no="批-2",
    )
    assert await checks(reg, app["id"]) == set()


async def test_R15_a_collective_rights_title_search_names_its_origin_other(reg) -> None:
    from registry_testkit import SERVICE

    right = await collective_right(reg)
    r = await reg.c.get(f"/rights/{right['certificate_no']}/title-search", headers=SERVICE)
    assert r.status_code == 200, r.text
    assert r.json()["origin"] == "other"
