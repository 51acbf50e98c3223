"""Collective membership followed from the collective service (L10/L11, Z1), farmer
housing (R4), disposal (R13), settlement of a trade (R1, R11, R13) and post-loan visits
(R14) — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from registry_testkit import (
    AUTHORITY,
    BANK_A,
    BANK_B,
    BASE_DOCS,
    CLERK,
    COUNTY,
    HOUSE,
    HOUSING_DOCS,
    HOUSING_TERMS,
    STAFF,
    TOWNSHIP,
    auth,
    fields,
    off_exchange_filing,
    settlement,
)
from sqlalchemy import func, select

from common.contracts.bidding import SettlementCompleted
from common.contracts.collective import CaseChanged, MemberChanged
from common.ids import generate_resident_id
from common.scheduler import Scheduler
from registry.collectives.handlers import on_case_changed, on_member_changed
from registry.disposals.handlers import on_settlement
from registry.rights.rules import term_years


async def deliver(reg, event: SettlementCompleted) -> None:
    await reg.deliver(on_settlement, event)


def member_changed(party: str, *, member: bool, qualified: bool, day: int) -> MemberChanged:
    return MemberChanged(
        collective_id="c-xiaowan",
        collective_name="小湾村股份经济合作社",
        county=COUNTY,
        township=TOWNSHIP,
        household_id="H-xiaowan-1",
        party_id=party,
        name="张三",
        member=member,
        homestead_qualified=qualified,
        changed_at=datetime(2026, 1, day, tzinfo=UTC),
    )


async def follow(reg, event: MemberChanged) -> None:
    await reg.deliver(on_member_changed, event)


async def test_L11_Z1_registry_follows_the_collective_services_members_and_qualification(
    reg,
) -> None:
    """The collective service owns the roster; registry keeps a projection of it
    (membership and the homestead qualification, Z1) and takes no hand entry."""
    party = generate_resident_id(COUNTY)
    url = f"/collectives/c-xiaowan/members/{party}"
    await follow(reg, member_changed(party, member=True, qualified=True, day=2))
    await follow(reg, member_changed(party, member=True, qualified=True, day=2))  # no change
    assert (await reg.c.get(url, headers=CLERK)).json()["version"] == 1
    await follow(reg, member_changed(party, member=False, qualified=False, day=3))
    left = (await reg.c.get(url, headers=AUTHORITY)).json()
    assert (left["member"], left["homestead_qualified"], left["version"]) == (False, False, 2)
    # an older fact arriving late does not revive the membership
    await follow(reg, member_changed(party, member=True, qualified=True, day=1))
    assert (await reg.c.get(url, headers=STAFF)).json()["member"] is False
    other_clerk = auth("township_clerk", org_type="township", org_id="620821102")
    assert (await reg.c.get(url, headers=other_clerk)).status_code == 403
    assert (await reg.c.get(url, headers=BANK_A)).status_code == 403
    members = (await reg.c.get("/collectives/c-xiaowan/members", headers=STAFF)).json()
    assert [(m["party_id"], m["member"]) for m in members] == [(party, False)]
    # the hand entry went to the collective service
    body = {"id": "c-other", "name": "某村", "county": COUNTY, "township": TOWNSHIP}
    assert (await reg.c.post("/collectives", json=body, headers=CLERK)).status_code in (404, 405)
    put = await reg.c.put(url, json={"name": "张三"}, headers=CLERK)
    assert put.status_code in (404, 405)


def case(cert: str, kind: str, *, flags: bool, version: int, case_id: str) -> CaseChanged:
    return CaseChanged(
        case_id=case_id,
        kind=kind,
        flag="disputed" if kind == "dispute" else "violation",
        rule="X6" if kind == "dispute" else "Z12",
        flags=flags,
        object_type="right" if kind == "dispute" else "parcel",
        object_ref=cert if kind == "dispute" else "P-" + case_id,
        certificate_no=cert,
        collective_id="c-xiaowan",
        county=COUNTY,
        township=TOWNSHIP,
        stage=("negotiation" if kind == "dispute" else "open") if flags else "closed",
        version=version,
        changed_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=version),
    )


async def deliver_case(reg, event: CaseChanged) -> None:
    await reg.deliver(on_case_changed, event)


async def test_X6_Z12_an_open_dispute_or_violation_case_refuses_the_mortgage(reg) -> None:
    """The collective service's open cases on a right (an ownership dispute, X6; a
    violation case on its homestead, Z12) refuse its lien with every reason; closed, the
    lien registers. A late, older version of a case changes nothing."""
    right = await reg.right()
    cert = right["certificate_no"]
    app = await reg.ready_application(right, extra_docs=["consent_letter_A"])
    await deliver_case(reg, case(cert, "dispute", flags=True, version=1, case_id="D1"))
    await deliver_case(reg, case(cert, "violation", flags=True, version=1, case_id="V1"))
    refused = await reg.register(app["id"])
    assert refused.status_code == 422, refused.text
    assert {("certificate_no", "X6"), ("certificate_no", "Z12")} <= fields(refused)
    await deliver_case(reg, case(cert, "dispute", flags=False, version=2, case_id="D1"))
    await deliver_case(reg, case(cert, "violation", flags=False, version=2, case_id="V1"))
    await deliver_case(reg, case(cert, "violation", flags=True, version=1, case_id="V1"))  # late
    registered = await reg.register(app["id"])
    assert registered.status_code == 201, registered.text


async def test_X6_Z12_an_open_collective_case_refuses_a_transfer_filed_off_the_exchange(
    reg,
) -> None:
    """A transfer filed at the township (R18) of a right the collective service keeps
    disputed (X6) or in violation (Z12) is refused with both reasons and nothing issued;
    closed, it is issued."""
    right = await reg.right()
    cert = right["certificate_no"]
    filing = off_exchange_filing()
    url = f"/rights/{cert}/off-exchange-transfers"
    await deliver_case(reg, case(cert, "dispute", flags=True, version=1, case_id="D9"))
    await deliver_case(reg, case(cert, "violation", flags=True, version=1, case_id="V9"))
    refused = await reg.c.post(url, json=filing, headers=CLERK)
    assert refused.status_code == 422, refused.text
    assert fields(refused) == {("certificate_no", "X6"), ("certificate_no", "Z12")}
    assert (await reg.c.get(f"/rights/{cert}-L1", headers=AUTHORITY)).status_code == 404
    await deliver_case(reg, case(cert, "dispute", flags=False, version=2, case_id="D9"))
    await deliver_case(reg, case(cert, "violation", flags=False, version=2, case_id="V9"))
    issued = await reg.c.post(url, json=filing, headers=CLERK)
    assert issued.status_code == 201, issued.text


async def test_R4_farmer_housing_needs_another_residence_and_the_collectives_consent(reg) -> None:
    right = await reg.right(right_type="farmer_housing", area_mu="0.3")
    app = await reg.apply(right, loan_amount="30000.00", loan_terms=HOUSING_TERMS)
    await reg.upload_all(app["id"], BASE_DOCS)
    r = await reg.value(app["id"], land=None, attachments=[HOUSE])
    assert r.status_code == 200 and r.json()["total"] == "96000.00"  # 150 × 800 × 0.8
    r = await reg.register(app["id"])
    assert fields(r) == {
        ("documents.other_residence_proof", "R4"),
        ("documents.collective_consent", "R4"),
    }
    await reg.upload_all(app["id"], HOUSING_DOCS)
    r = await reg.register(app["id"])
    assert r.status_code == 201, r.text
    lien = r.json()
    # disposal must leave the household somewhere to live
    body = {
        "method": "auction",
        "through_exchange": True,
        "default_on": str(reg.today),
        "outstanding_debt": "30000.00",
        "reserve_price": "80000.00",
        "note": "逾期90天",
    }
    r = await reg.c.post(f"/liens/{lien['id']}/disposals", json=body, headers=BANK_A)
    assert r.status_code == 422 and fields(r) == {("residence_arrangement", "R4")}
    body["residence_arrangement"] = "借款人在镇上另有住房（房产证 庆房2019-88），处置后仍有居所"
    r = await reg.c.post(f"/liens/{lien['id']}/disposals", json=body, headers=BANK_A)
    assert r.status_code == 201, r.text


async def test_R13_disposal_through_the_exchange_pays_the_lender_first_and_enforces(reg) -> None:
    right = await reg.right()
    cert = right["certificate_no"]
    lien = await reg.lien(right, loan_amount="60000.00", above_normal_reason=None)
    url = f"/liens/{lien['id']}/disposals"
    base = {"default_on": str(reg.today), "outstanding_debt": "52000.00", "note": "逾期"}
    bad = await reg.c.post(
        url, json={**base, "method": "court", "through_exchange": True}, headers=BANK_A
    )
    assert fields(bad) == {
        ("through_exchange", "R13"),
        ("details.case_no", "R13"),
        ("reserve_price", "R13"),
    }
    r = await reg.c.post(
        url,
        json={**base, "method": "restructuring", "details": {"new_term_end": "2031-12-31"}},
        headers=BANK_A,
    )
    assert r.status_code == 201 and r.json()["status"] == "recorded"
    assert await reg.outbox("registry.disposal_requested") == []
    assert (
        await reg.c.post(
            url,
            json={
                **base,
                "method": "auction",
                "through_exchange": True,
                "reserve_price": "150000.00",
            },
            headers=BANK_B,
        )
    ).status_code == 403
    r = await reg.c.post(
        url,
        json={**base, "method": "auction", "through_exchange": True, "reserve_price": "150000.00"},
        headers=BANK_A,
    )
    assert r.status_code == 201, r.text
    disposal = r.json()
    assert (await reg.c.get(f"/disposals/{disposal['id']}", headers=BANK_B)).status_code == 403
    assert (await reg.c.get("/disposals", headers=BANK_B)).json() == []
    [event] = await reg.outbox("registry.disposal_requested")
    assert event["disposal_id"] == disposal["id"] and event["lien_id"] == lien["id"]
    assert (event["lender_org_id"], event["collective_id"], event["method"], event["way"]) == (
        "abc-qingyang",
        "c-xiaowan",
        "auction",
        "transfer",
    )
    assert (event["reserve_price"], event["outstanding_debt"], event["area_mu"]) == (
        "150000.00",
        "52000.00",
        "20",
    )
    # the trade settles: lender first up to the debt, the rest to the holder; lien enforced
    ev = settlement(
        cert,
        disposal_id=disposal["id"],
        lien_id=lien["id"],
        seller_party_id=right["holder_party_id"],
    )
    await deliver(reg, ev)
    await deliver(reg, ev)  # redelivered: changes nothing
    got = (await reg.c.get(f"/disposals/{disposal['id']}", headers=BANK_A)).json()
    assert (got["status"], got["to_lender"], got["to_holder"]) == (
        "settled",
        "52000.00",
        "128000.00",
    )
    lien_now = (await reg.c.get(f"/liens/{lien['id']}", headers=BANK_A)).json()
    assert (lien_now["status"], lien_now["discharge_reason"]) == ("discharged", "enforced")
    assert [(e["lien_id"], e["reason"]) for e in await reg.outbox("registry.lien_discharged")] == [
        (lien["id"], "enforced")
    ]
    transferred = await reg.outbox("registry.right_transferred")
    assert len(transferred) == 1
    assert (transferred[0]["listing_id"], transferred[0]["to_party_id"]) == (
        ev.listing_id,
        ev.buyer_party_id,
    )
    now = (await reg.c.get(f"/rights/{cert}", headers=STAFF)).json()
    assert now["holder_party_id"] == ev.buyer_party_id and now["encumbrances"] == []


async def leased(
    reg, term_start: date, term_end: date, price: str
) -> tuple[dict, SettlementCompleted]:
    """A new right whose 10 mu are leased through the exchange (R1) and the settlement that
    the registry applied."""
    right = await reg.right()
    ev = settlement(
        right["certificate_no"],
        way="lease",
        term_start=term_start,
        term_end=term_end,
        price=Decimal(price),
        area_mu="10",
    )
    await deliver(reg, ev)
    return right, ev


async def test_R1_annual_rent_per_mu_is_exact_across_leap_years(reg) -> None:
    """Issue 15 item 10: 51,000 元 for 10 mu over 2027-03-01..2032-02-29 (five calendar
    years, two leap days) is 1,020.00 元 a mu a year, not 1,019.44 (days ÷ 365)."""
    right, _ = await leased(reg, date(2027, 3, 1), date(2032, 2, 29), "51000.00")
    cert = right["certificate_no"]
    child = (await reg.c.get(f"/rights/{cert}-L1", headers=STAFF)).json()
    assert child["annual_rent_per_mu"] == "1020.00"


def test_R1_term_years_counts_calendar_years_months_and_days() -> None:
    assert term_years(date(2027, 3, 1), date(2032, 2, 29)) == 5
    assert term_years(date(2026, 2, 1), date(2031, 1, 31)) == 5
    assert term_years(date(2028, 2, 29), date(2029, 2, 27)) == 1  # leap day: to 28 Feb
    assert term_years(date(2027, 1, 31), date(2027, 2, 27)) == Fraction(1, 12)
    assert term_years(date(2027, 1, 1), date(2027, 7, 15)) == Fraction(6, 12) + Fraction(
        15, 12 * 31
    )
    assert term_years(date(2027, 1, 1), date(2027, 1, 1)) == Fraction(1, 12 * 31)
    assert term_years(date(2027, 1, 2), date(2027, 1, 1)) is None


async def test_R1_a_lease_issues_a_new_certificate_for_the_traded_term(reg) -> None:
    right, ev = await leased(reg, date(2026, 2, 1), date(2031, 1, 31), "50000.00")
    cert = right["certificate_no"]
    [event] = await reg.outbox("registry.right_transferred")
    assert event["new_certificate_no"] == f"{cert}-L1" and event["way"] == "lease"
    child = (await reg.c.get(f"/rights/{cert}-L1", headers=STAFF)).json()
    assert (child["origin"], child["holder_party_id"], child["contractor_party_id"]) == (
        "transfer",
        ev.buyer_party_id,
        right["holder_party_id"],
    )
    assert (child["term_start"], child["term_end"], child["parent_certificate_no"]) == (
        "2026-02-01",
        "2031-01-31",
        cert,
    )
    # 50,000 元 over 10 mu for 1825 days (5 × 365): 1,000 元 a mu a year
    assert child["annual_rent_per_mu"] == "1000.00"
    parent = (await reg.c.get(f"/rights/{cert}", headers=STAFF)).json()
    assert parent["holder_party_id"] == right["holder_party_id"] and parent["version"] == 2


async def test_R1_a_trade_of_an_asset_outside_the_ledger_is_still_acknowledged(reg) -> None:
    ev = settlement(None, product="agricultural_ip")
    await deliver(reg, ev)
    [event] = await reg.outbox("registry.right_transferred")
    assert event["certificate_no"] == f"listing-{ev.listing_id}"
    assert event["listing_id"] == ev.listing_id


async def test_R14_the_visits_due_list_shows_a_bank_its_open_visits_earliest_first(reg) -> None:
    lien = await reg.lien()
    [visit] = (await reg.c.get(f"/liens/{lien['id']}/visits", headers=BANK_A)).json()
    due = (await reg.c.get("/visits", headers=BANK_A)).json()
    assert [(v["id"], v["status"]) for v in due] == [(visit["id"], "scheduled")]
    assert (await reg.c.get("/visits", headers=BANK_B)).json() == []
    assert len((await reg.c.get("/visits", headers=STAFF)).json()) == 1
    await reg.discharge(lien["id"], note="x")
    assert (await reg.c.get("/visits", headers=BANK_A)).json() == []  # cancelled


async def test_R14_visits_are_timers_and_an_overdue_visit_is_a_warning(reg) -> None:
    lien = await reg.lien()
    [visit] = (await reg.c.get(f"/liens/{lien['id']}/visits", headers=BANK_A)).json()
    assert visit["due_on"] == str(reg.today + timedelta(days=90))
    scheduler = Scheduler(reg.c.runtime)
    reg.clock.advance(days=90 + 15)  # the due day plus the grace days: not yet overdue
    await scheduler.run_once()
    assert (await reg.c.get("/visit-warnings", headers=BANK_A)).json() == []
    reg.clock.advance(days=1)
    await scheduler.run_once()
    warnings = (await reg.c.get("/visit-warnings", headers=BANK_A)).json()
    assert [(w["id"], w["status"], w["warning"]) for w in warnings] == [
        (visit["id"], "overdue", True)
    ]
    assert (await reg.c.get("/visit-warnings", headers=BANK_B)).json() == []
    assert len((await reg.c.get("/visit-warnings", headers=STAFF)).json()) == 1
    log = await reg.decisions("lien", lien["id"])
    assert log[-1].action == "visit.overdue" and log[-1].rule == "R14"
    r = await reg.visit(lien["id"], visit["id"])
    assert r.status_code == 200 and r.json()["status"] == "done_late"
    visits = (await reg.c.get(f"/liens/{lien['id']}/visits", headers=BANK_A)).json()
    assert [v["status"] for v in visits] == ["done_late", "scheduled"]
    assert visits[1]["due_on"] == str(reg.today + timedelta(days=90))
    # a visit with adverse findings raises a warning at once
    r = await reg.visit(
        lien["id"],
        visits[1]["id"],
        collateral_condition="damaged",
        use_of_funds="diverted",
        operation="difficult",
        notes="大棚倒塌",
    )
    assert r.json()["warning"] is True
    # discharging the lien cancels the next visit's timer
    await reg.discharge(lien["id"], note="x")
    rt = reg.c.runtime
    t = rt.definition.infra.timers
    async with rt.transaction() as s:
        pending = await s.scalar(
            select(func.count())
            .select_from(t)
            .where(t.c.state == "pending", t.c.kind == "visit.overdue")
        )
    assert pending == 0


async def test_R13_R14_the_visits_and_disposals_lists_page_with_their_total(reg) -> None:
    """Issue 19: the bank console pages both lists (``limit``/``offset``, the total in
    ``X-Total-Count``); disposals newest first on request."""
    liens = [await reg.lien() for _ in range(3)]
    r = await reg.c.get("/visits?limit=2&offset=0", headers=BANK_A)
    assert r.status_code == 200 and r.headers["X-Total-Count"] == "3" and len(r.json()) == 2
    rest = await reg.c.get("/visits?limit=2&offset=2", headers=BANK_A)
    assert rest.headers["X-Total-Count"] == "3" and len(rest.json()) == 1
    assert {v["id"] for v in r.json()}.isdisjoint(v["id"] for v in rest.json())
    none = await reg.c.get("/visits?limit=2", headers=BANK_B)
    assert none.headers["X-Total-Count"] == "0" and none.json() == []
    body = {
        "method": "restructuring",
        "details": {"new_term_end": "2031-12-31"},
        "default_on": str(reg.today),
        "outstanding_debt": "30000.00",
        "note": "逾期",
    }
    made = []
    for lien in liens:
        r = await reg.c.post(f"/liens/{lien['id']}/disposals", json=body, headers=BANK_A)
        assert r.status_code == 201, r.text
        made.append(r.json()["id"])
        reg.clock.advance(timedelta(minutes=1))
    page = await reg.c.get("/disposals?sort=-requested_at&limit=2", headers=BANK_A)
    assert page.headers["X-Total-Count"] == "3"
    assert [d["id"] for d in page.json()] == made[::-1][:2]
    assert (await reg.c.get("/disposals?limit=0", headers=BANK_A)).status_code == 422
    other = await reg.c.get("/disposals?limit=5", headers=BANK_B)
    assert other.headers["X-Total-Count"] == "0"
