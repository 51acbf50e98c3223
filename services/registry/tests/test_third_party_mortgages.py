"""R15 (000 三(十)): a right mortgaged for someone else's loan, and uncontracted collective
耕地 or 草牧场 mortgaged by the collective on a democratic decision and township approval."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from registry_testkit import BANK_A, COUNTY, TOWNSHIP, fields

from common.contracts.collective import ResolutionPassed
from common.ids import generate_resident_id
from registry.collectives.handlers import on_resolution_passed


async def passed(reg, certificate_no: str, *, entitled: int, votes_for: int, **kw) -> str:
    """The collective publishes an effective resolution (X5); the registry follows it."""
    event = ResolutionPassed(
        **{
            "resolution_id": uuid.uuid4().hex,
            "collective_id": "c-xiaowan",
            "county": COUNTY,
            "township": TOWNSHIP,
            "matter": "land_mortgage",
            "subject_ref": certificate_no,
            "title": "以集体草牧场经营权抵押贷款",
            "threshold": "two_thirds",
            "entitled": entitled,
            "votes_for": votes_for,
            "voted_on": date(2026, 3, 1),
            "effective_at": datetime(2026, 3, 8, tzinfo=UTC),
            **kw,
        }
    )
    await reg.deliver(on_resolution_passed, event, times=2)
    return event.resolution_id


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


async def collective_application(
    reg, right: dict, land_class: str, resolution_id: str, township_approval_no: str
) -> dict:
    """A lien application on the collective's own land, with the resolution it cites and
    the township's approval, its materials uploaded (R15)."""
    return await reg.ready_application(
        right,
        extra_docs=["collective_decision", "township_approval"],
        land_class=land_class,
        collective_decision={"resolution_id": resolution_id},
        township_approval_no=township_approval_no,
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
    # 19 of 30 representatives is short of two thirds (20): the resolution as the
    # collective published it, not numbers typed by the lender
    short = await passed(reg, right["certificate_no"], entitled=30, votes_for=19)
    r = await reg.c.patch(
        f"/lien-applications/{app['id']}",
        json={
            "reason": "decision recorded",
            "land_class": "grassland",
            "collective_decision": {"resolution_id": short},
            "township_approval_no": "驿政批〔2026〕3号",
        },
        headers=BANK_A,
    )
    assert r.status_code == 200, r.text
    await reg.upload_all(app["id"], ["collective_decision", "township_approval"])
    assert await checks(reg, app["id"]) == {("collective_decision.resolution_id", "R15")}
    enough = await passed(reg, right["certificate_no"], entitled=30, votes_for=20)
    r = await reg.c.patch(
        f"/lien-applications/{app['id']}",
        json={"reason": "the valid resolution", "collective_decision": {"resolution_id": enough}},
        headers=BANK_A,
    )
    assert r.status_code == 200, r.text
    assert await checks(reg, app["id"]) == set()
    assert (await reg.register(app["id"])).status_code == 201


async def test_R15_X5_the_cited_resolution_is_verified_not_typed(reg) -> None:
    """Unknown, another collective's, another matter or another right's resolution is
    refused naming R15; typed vote numbers are no longer accepted."""
    right = await collective_right(reg)
    cert = right["certificate_no"]
    typed = reg.application_body(
        right,
        land_class="grassland",
        collective_decision={
            "resolution_ref": "R-2026-07",
            "decided_on": "2026-03-01",
            "entitled": 30,
            "votes_for": 30,
        },
    )
    r = await reg.c.post("/lien-applications", json=typed, headers=BANK_A)
    assert r.status_code == 422
    cases = {
        "unknown": uuid.uuid4().hex,
        "other collective": await passed(
            reg, cert, entitled=3, votes_for=3, collective_id="c-dawan"
        ),
        "other matter": await passed(reg, cert, entitled=3, votes_for=3, matter="land_entry"),
        "other right": await passed(reg, "GS6208219999", entitled=3, votes_for=3),
    }
    for case, rid in cases.items():
        app = await collective_application(reg, right, "grassland", rid, "批-9")
        assert await checks(reg, app["id"]) == {("collective_decision.resolution_id", "R15")}, case
        assert (await reg.register(app["id"])).status_code == 422, case


async def test_R15_000_3_10_collective_land_other_than_cultivated_or_grassland_is_refused(
    reg,
) -> None:
    right = await collective_right(reg)
    resolution = await passed(reg, right["certificate_no"], entitled=3, votes_for=3)
    app = await collective_application(reg, right, "other", resolution, "批-1")
    assert await checks(reg, app["id"]) == {("land_class", "R15")}


async def test_R15_the_decision_threshold_is_a_county_parameter(reg) -> None:
    await reg.set_parameter("collective_mortgage_threshold", "majority", "县政府令")
    right = await collective_right(reg)
    resolution = await passed(
        reg, right["certificate_no"], entitled=30, votes_for=16, threshold="majority"
    )
    app = await collective_application(reg, right, "cultivated", resolution, "批-2")
    assert await checks(reg, app["id"]) == set()


async def test_R15_a_collective_rights_title_search_names_its_origin_other(reg) -> None:
    from registry_testkit import SERVICE

    right = await collective_right(reg)
    r = await reg.c.get(f"/rights/{right['certificate_no']}/title-search", headers=SERVICE)
    assert r.status_code == 200, r.text
    assert r.json()["origin"] == "other"
