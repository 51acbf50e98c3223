"""入市 rights in registry (DOMAIN E8, E12): registry records the transfer of an entered
construction-land use right only once it has followed the collective's settlement
(``collective.entry_settled``: the adjustment fund withheld); bidding's settlement that
arrives first is refused (E12), recorded and kept, and recorded when the collective's
arrives. Rental-housing land carries ``no_sale`` and is never sold after its grant (E8)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from registry_testkit import AUTHORITY, BANK_A, COUNTY, TOWNSHIP, fields
from sqlalchemy import func, select

from common.contracts.bidding import SettlementCompleted
from common.contracts.collective import EntrySettled
from common.ids import generate_credit_code, generate_resident_id
from registry.disposals.handlers import on_entry_settled, on_settlement
from registry.rights.models import RightTransfer

BUYER = generate_credit_code(region=COUNTY, org_body="MA3C0000")
COLLECTIVE = generate_credit_code("N", "2", COUNTY, "MF000001")


async def entry_right(reg: Any) -> dict:
    """The collective's construction-land use right, as the collective holds it."""
    return await reg.right(
        right_type="collective_construction_land",
        origin="other",
        holder_party_id=COLLECTIVE,
        holder_name="小湾村股份经济合作社",
        area_mu="20",
        term_start=None,
        term_end=None,
    )


def settlement(cert: str, plan_id: str | None, **kw: Any) -> SettlementCompleted:
    base: dict[str, Any] = {
        "listing_id": "L-RM-0001",
        "trade_id": "T-" + uuid.uuid4().hex[:8],
        "right_certificate_no": cert,
        "product": "collective_construction_land",
        "way": "transfer",
        "seller_party_id": COLLECTIVE,
        "buyer_party_id": BUYER,
        "buyer_name": "庆城某商贸有限公司",
        "price": Decimal("2100000.00"),
        "term_start": datetime(2026, 3, 1).date(),
        "term_end": datetime(2066, 2, 28).date(),
        "settled_at": datetime(2026, 3, 1, tzinfo=UTC),
        "entry_plan_id": plan_id,
    }
    return SettlementCompleted(**(base | kw))


def settled(cert: str, plan_id: str, **kw: Any) -> EntrySettled:
    base: dict[str, Any] = {
        "deal_id": "D-" + plan_id,
        "plan_id": plan_id,
        "listing_id": "L-RM-0001",
        "collective_id": "c-xiaowan",
        "county": COUNTY,
        "township": TOWNSHIP,
        "certificate_no": cert,
        "land_use": "commercial",
        "way": "transfer",
        "term_years": 40,
        "buyer_party_id": BUYER,
        "buyer_name": "庆城某商贸有限公司",
        "price": Decimal("2100000.00"),
        "adjustment_fund": Decimal("450000.00"),
        "fund": "withheld",
        "contract_no": "庆入市合2026-001",
        "mortgage_allowed": True,
        "transfer_allowed": True,
        "no_sale": False,
        "settled_at": datetime(2026, 3, 1, tzinfo=UTC),
    }
    return EntrySettled(**(base | kw))


async def transfers(reg: Any) -> int:
    async with reg.c.runtime.transaction() as s:
        return (await s.execute(select(func.count()).select_from(RightTransfer))).scalar_one()


async def holder(reg: Any, cert: str) -> str:
    r = await reg.c.get(f"/rights/{cert}", headers=AUTHORITY)
    assert r.status_code == 200, r.text
    return r.json()["holder_party_id"]


async def test_E12_the_transfer_waits_for_the_fund_withheld_then_is_recorded(reg) -> None:
    right = await entry_right(reg)
    cert = right["certificate_no"]
    trade = settlement(cert, "PLAN-1")
    await reg.deliver(on_settlement, trade)
    # refused for now (E12): nothing recorded, the refusal in the right's trail
    assert await transfers(reg) == 0 and await holder(reg, cert) == right["holder_party_id"]
    assert await reg.outbox("registry.right_transferred") == []
    [refusal] = [
        d for d in await reg.decisions("right", cert) if d.action == "right.transfer_refused"
    ]
    assert refusal.rule == "E12"
    await reg.deliver(on_settlement, trade)  # a redelivery: still parked
    event = settled(cert, "PLAN-1")
    await reg.deliver(on_entry_settled, event)
    assert await transfers(reg) == 1 and await holder(reg, cert) == BUYER
    [moved] = await reg.outbox("registry.right_transferred")
    assert (moved["listing_id"], moved["to_party_id"]) == (trade.listing_id, BUYER)
    await reg.deliver(on_entry_settled, event)  # redelivered: nothing more
    assert await transfers(reg) == 1


async def test_E12_a_settlement_after_the_collective_s_is_recorded_at_once(reg) -> None:
    right = await entry_right(reg)
    cert = right["certificate_no"]
    event = settled(cert, "PLAN-2")
    await reg.deliver(on_entry_settled, event)
    trade = settlement(cert, "PLAN-2")
    await reg.deliver(on_settlement, trade)
    assert await transfers(reg) == 1 and await holder(reg, cert) == BUYER


async def test_E15_E12_a_re_transfer_waits_for_its_own_fund_not_the_first_entry_s(reg) -> None:
    """The entered right re-sold (E15): bidding's settlement names the first deal, and
    registry records the re-transfer only once the collective settled that trade's fund
    (``collective.entry_settled`` with the trade) — the first entry's settlement does not
    stand for it."""
    right = await entry_right(reg)
    cert = right["certificate_no"]
    first = settlement(cert, "PLAN-RS")
    await reg.deliver(on_settlement, first)
    await reg.deliver(on_entry_settled, settled(cert, "PLAN-RS"))
    assert await holder(reg, cert) == BUYER
    again = generate_credit_code(region=COUNTY, org_body="MA3C0009")
    resale = settlement(
        cert,
        None,
        listing_id="L-RS-0001",
        seller_party_id=BUYER,
        buyer_party_id=again,
        price=Decimal("2987654.32"),
        entry_deal_id="D-PLAN-RS",
    )
    await reg.deliver(on_settlement, resale)
    assert await transfers(reg) == 1 and await holder(reg, cert) == BUYER  # parked (E12)
    fund = settled(
        cert,
        "PLAN-RS",
        listing_id="L-RS-0001",
        buyer_party_id=again,
        price=Decimal("2987654.32"),
        adjustment_fund=Decimal("229259.26"),
        trade_id=resale.trade_id,
    )
    await reg.deliver(on_entry_settled, fund)
    assert await transfers(reg) == 2 and await holder(reg, cert) == again
    moved = await reg.outbox("registry.right_transferred")
    assert [m["listing_id"] for m in moved] == ["L-RM-0001", "L-RS-0001"]


async def test_E8_rental_housing_land_is_granted_but_never_sold(reg) -> None:
    right = await entry_right(reg)
    cert = right["certificate_no"]
    event = settled(cert, "PLAN-3", land_use="affordable_rental_housing", no_sale=True)
    await reg.deliver(on_entry_settled, event)
    grant = settlement(cert, "PLAN-3")
    await reg.deliver(on_settlement, grant)  # the 入市 grant itself
    assert await holder(reg, cert) == BUYER
    # the user sells it on the exchange (no plan: a resale): refused, named E8
    sale = settlement(
        cert,
        None,
        listing_id="L-RM-0002",
        seller_party_id=BUYER,
        buyer_party_id=generate_resident_id(COUNTY),
    )
    await reg.deliver(on_settlement, sale)
    assert await holder(reg, cert) == BUYER and await transfers(reg) == 1
    refusals = [
        d.rule for d in await reg.decisions("right", cert) if d.action == "right.transfer_refused"
    ]
    assert refusals == ["E8"]
    # a lease of it (出租, not a sale) is recorded
    lease = settlement(cert, None, listing_id="L-RM-0003", way="lease", seller_party_id=BUYER)
    await reg.deliver(on_settlement, lease)
    assert await transfers(reg) == 2


async def _acquired(reg: Any, plan_id: str, **kw: Any) -> dict:
    """A construction-land use right acquired by 入市: the collective's settlement
    followed, bidding's settlement recorded; the buyer holds it for 40 years."""
    right = await entry_right(reg)
    cert = right["certificate_no"]
    event = settled(cert, plan_id, **kw)
    await reg.deliver(on_entry_settled, event)
    trade = settlement(cert, plan_id)
    await reg.deliver(on_settlement, trade)
    r = await reg.c.get(f"/rights/{cert}", headers=AUTHORITY)
    assert r.json()["holder_party_id"] == BUYER
    return r.json()


async def _checks(reg: Any, app: dict) -> set[tuple[str, str]]:
    r = await reg.c.get(f"/lien-applications/{app['id']}/checks", headers=BANK_A)
    assert r.status_code == 200, r.text
    return {(p["field"], p["rule"]) for p in r.json()["problems"]}


def _terms(right: dict, loan: str, **kw: Any) -> dict[str, Any]:
    return {
        "borrower_party_id": right["holder_party_id"],
        "borrower_name": right["holder_name"],
        "loan_amount": loan,
        **kw,
    }


async def test_R23_an_entered_right_is_mortgaged_up_to_the_county_s_limit_not_R7_s(reg) -> None:
    right = await _acquired(reg, "PLAN-R23-1")
    # valued at 20 mu × 500 × 20 = 200,000.00: a loan of 140,000.00 is 70 %, above R7's
    # 60 % but within the county's default 入市 limit (R23, 70 %)
    app = await reg.ready_application(
        right, extra_docs=["consent_letter_A"], **_terms(right, "140000.00")
    )
    found = await _checks(reg, app)
    assert not {p for p in found if p[1] in ("R7", "R23")}, found
    over = await reg.ready_application(
        right, extra_docs=["consent_letter_A"], **_terms(right, "140000.01")
    )
    assert ("loan_amount", "R23") in await _checks(reg, over)
    # the county lowers its 入市 limit to 50 %: the 70 % loan is now refused
    await reg.set_parameter("entry_ltv_max", "0.5", "县定入市抵押率")
    assert ("loan_amount", "R23") in await _checks(reg, app)


async def test_R23_a_contract_that_forbids_a_mortgage_refuses_it(reg) -> None:
    right = await _acquired(reg, "PLAN-R23-2", mortgage_allowed=False)
    app = await reg.ready_application(
        right, extra_docs=["consent_letter_A"], **_terms(right, "5000.00")
    )
    assert ("certificate_no", "R23") in await _checks(reg, app)
    r = await reg.register(app["id"])
    assert r.status_code == 422 and ("certificate_no", "R23") in {
        (e["field"], e["rule"]) for e in r.json()["errors"]
    }


async def test_R23_the_lien_ends_within_the_40_year_use_term(reg) -> None:
    right = await _acquired(reg, "PLAN-R23-3")
    assert right["term_end"] == "2066-02-28"
    app = await reg.ready_application(
        right,
        extra_docs=["consent_letter_A"],
        **_terms(right, "5000.00", lien_term_end="2066-03-01", loan_term_end="2030-12-31"),
    )
    assert ("lien_term_end", "R23") in await _checks(reg, app)


# --- R23: enterprise and person mortgagees, filed at the authority's window ------------

LESSOR = generate_credit_code(region=COUNTY, org_body="MA3D0001")  # an enterprise lender
LENDER_PERSON = generate_resident_id(COUNTY)


def _enterprise(right: dict, loan: str, **kw: Any) -> dict[str, Any]:
    """The window's filing for an enterprise mortgagee (its name is ``lender_name``)."""
    return _terms(
        right,
        loan,
        lender_name="庆城某融资担保有限公司",
        mortgagee={"kind": "enterprise", "party_id": LESSOR},
        **kw,
    )


async def _window_checks(reg: Any, app: dict) -> set[tuple[str, str]]:
    r = await reg.c.get(f"/lien-applications/{app['id']}/checks", headers=AUTHORITY)
    assert r.status_code == 200, r.text
    return {(p["field"], p["rule"]) for p in r.json()["problems"]}


async def _window_application(reg: Any, right: dict, **kw: Any) -> dict:
    """Filed, documented and valued by the registration authority's window (20 mu × 500
    × 20 = 200,000.00), as a bank does its own."""
    return await reg.ready_application(right, AUTHORITY, extra_docs=["consent_letter_A"], **kw)


async def test_R23_an_enterprise_mortgagee_at_70_percent_is_registered_70_01_refused(
    reg,
) -> None:
    right = await _acquired(reg, "PLAN-R23-E1")
    over = await _window_application(reg, right, **_enterprise(right, "140000.01"))
    assert ("loan_amount", "R23") in await _window_checks(reg, over)
    app = await _window_application(reg, right, **_enterprise(right, "140000.00"))
    assert (app["mortgagee_kind"], app["mortgagee_party_id"]) == ("enterprise", LESSOR)
    assert app["lender_org_id"] is None
    assert await _window_checks(reg, app) == set()
    r = await reg.register(app["id"])
    assert r.status_code == 201, r.text
    lien = r.json()
    assert (lien["mortgagee_kind"], lien["lender_org_id"]) == ("enterprise", None)
    assert lien["secured_amount"] == "140000.00"
    [event] = await reg.outbox("registry.lien_registered")
    assert event["mortgagee_kind"] == "enterprise" and event["mortgagee_party_id"] == LESSOR
    assert event.get("lender_org_id") is None
    # no bank, no bank's duty: no post-loan visit is scheduled (R14 is the lender's)
    visits = await reg.c.get(f"/liens/{lien['id']}/visits", headers=AUTHORITY)
    assert visits.status_code == 200 and visits.json() == []
    # a bank sees neither the application nor the lien (X3)
    assert (await reg.c.get(f"/lien-applications/{app['id']}", headers=BANK_A)).status_code == 403
    assert (await reg.c.get(f"/liens/{lien['id']}", headers=BANK_A)).status_code == 403
    # R24 by lender: the non-bank lien is its kind's row
    period = reg.today.strftime("%Y-%m")
    st = await reg.c.get(
        f"/counties/{COUNTY}/pilot-statistics", params={"period": period}, headers=AUTHORITY
    )
    assert st.status_code == 200, st.text
    [row] = st.json()["rows"]
    assert (row["lender_org_id"], row["registered"], row["registered_amount"]) == (
        "enterprise",
        1,
        "140000.00",
    )


async def test_R23_a_person_mortgagee_with_a_wrong_id_check_character_is_refused(reg) -> None:
    right = await _acquired(reg, "PLAN-R23-P1")
    wrong = LENDER_PERSON[:-1] + ("0" if LENDER_PERSON[-1] != "0" else "1")
    body = reg.application_body(
        right,
        **_terms(
            right, "5000.00", lender_name="李四", mortgagee={"kind": "person", "party_id": wrong}
        ),
    )
    r = await reg.c.post("/lien-applications", json=body, headers=AUTHORITY)
    assert r.status_code == 422 and ("mortgagee.party_id", "X4") in fields(r)
    # an enterprise's credit code is not a person's number either
    body["mortgagee"] = {"kind": "person", "party_id": LESSOR}
    r = await reg.c.post("/lien-applications", json=body, headers=AUTHORITY)
    assert r.status_code == 422 and ("mortgagee.party_id", "X4") in fields(r)
    listed = await reg.c.get("/lien-applications", headers=AUTHORITY)
    assert listed.json() == []  # nothing filed
    body["mortgagee"] = {"kind": "person", "party_id": LENDER_PERSON}
    r = await reg.c.post("/lien-applications", json=body, headers=AUTHORITY)
    assert r.status_code == 201, r.text
    assert r.json()["mortgagee_kind"] == "person"


async def test_R23_a_non_bank_mortgagee_on_a_land_management_right_is_refused(reg) -> None:
    right = await reg.right()  # contracted land (R7's world): a bank's collateral only
    body = reg.application_body(right, **_enterprise(right, "5000.00"))
    r = await reg.c.post("/lien-applications", json=body, headers=AUTHORITY)
    assert r.status_code == 422 and fields(r) == {("mortgagee.kind", "R23")}
    assert r.json()["errors"][0]["message_zh"]
    assert (await reg.c.get("/lien-applications", headers=AUTHORITY)).json() == []


async def test_R23_who_files_a_bank_its_own_the_window_a_non_bank_mortgagee_s(reg) -> None:
    right = await _acquired(reg, "PLAN-R23-W1")
    # a bank does not file for another mortgagee; the window does not file for a bank
    r = await reg.c.post(
        "/lien-applications",
        json=reg.application_body(right, **_enterprise(right, "5000.00")),
        headers=BANK_A,
    )
    assert r.status_code == 422 and fields(r) == {("mortgagee", "R23")}
    r = await reg.c.post(
        "/lien-applications",
        json=reg.application_body(right, **_terms(right, "5000.00")),
        headers=AUTHORITY,
    )
    assert r.status_code == 422 and fields(r) == {("mortgagee", "R23")}
    # the bank's path is unchanged, and the window cannot complete a bank's application
    bank_app = await reg.apply(right, **_terms(right, "5000.00"))
    assert (bank_app["mortgagee_kind"], bank_app["lender_org_id"]) == ("bank", "abc-qingyang")
    assert (await reg.upload(bank_app["id"], "lender_id", AUTHORITY)).status_code == 403
    # nor a bank a non-bank mortgagee's
    window_app = await reg.apply(right, AUTHORITY, **_enterprise(right, "5000.00"))
    assert (await reg.upload(window_app["id"], "lender_id", BANK_A)).status_code == 403
    assert (await reg.value(window_app["id"], BANK_A)).status_code == 403
    # the window corrects the mortgagee (a person, not the enterprise); a bank cannot
    # name another mortgagee on its own application
    fix = {
        "reason": "抵押权人为个人",
        "lender_name": "李四",
        "mortgagee": {"kind": "person", "party_id": LENDER_PERSON},
    }
    url = f"/lien-applications/{window_app['id']}"
    r = await reg.c.patch(url, json=fix, headers=AUTHORITY)
    assert r.status_code == 200, r.text
    assert (r.json()["mortgagee_kind"], r.json()["mortgagee_party_id"]) == (
        "person",
        LENDER_PERSON,
    )
    r = await reg.c.patch(f"/lien-applications/{bank_app['id']}", json=fix, headers=BANK_A)
    assert r.status_code == 422 and fields(r) == {("mortgagee", "R23")}


async def test_R23_a_contract_forbidding_a_mortgage_refuses_any_mortgagee(reg) -> None:
    right = await _acquired(reg, "PLAN-R23-F1", mortgage_allowed=False)
    for terms in (
        _enterprise(right, "5000.00"),
        _terms(
            right,
            "5000.00",
            lender_name="李四",
            mortgagee={"kind": "person", "party_id": LENDER_PERSON},
        ),
    ):
        app = await _window_application(reg, right, **terms)
        assert ("certificate_no", "R23") in await _window_checks(reg, app)
        r = await reg.register(app["id"])
        assert r.status_code == 422 and ("certificate_no", "R23") in fields(r)


async def test_R23_a_non_bank_lien_past_the_use_term_is_refused(reg) -> None:
    right = await _acquired(reg, "PLAN-R23-T1")
    assert right["term_end"] == "2066-02-28"
    app = await _window_application(
        reg,
        right,
        **_enterprise(right, "5000.00", lien_term_end="2066-03-01", loan_term_end="2030-12-31"),
    )
    assert ("lien_term_end", "R23") in await _window_checks(reg, app)
    fits = await _window_application(
        reg,
        right,
        **_enterprise(right, "5000.00", lien_term_end="2066-02-28", loan_term_end="2030-12-31"),
    )
    assert not {p for p in await _window_checks(reg, fits) if p[1] == "R23"}


async def test_R23_R11_a_non_bank_lien_is_discharged_by_the_authority_on_the_written_release(
    reg,
) -> None:
    right = await _acquired(reg, "PLAN-R23-D1")
    person = {"kind": "person", "party_id": LENDER_PERSON}
    app = await _window_application(
        reg, right, **_terms(right, "80000.00", lender_name="李四", mortgagee=person)
    )
    r = await reg.register(app["id"])
    assert r.status_code == 201, r.text
    lien = r.json()
    # the public sees a person mortgagee's name masked (X3)
    [shown] = (await reg.c.get("/publicity", params={"county": COUNTY})).json()
    assert shown["lender"] != "李四" and "李四" not in shown["text"]
    url = f"/liens/{lien['id']}/discharge"
    body = {"reason": "repaid", "note": "借款已清偿"}
    assert (await reg.c.post(url, json=body, headers=BANK_A)).status_code == 403
    r = await reg.c.post(url, json=body, headers=AUTHORITY)
    assert r.status_code == 422 and fields(r) == {("mortgagee_release", "R11")}
    assert (await reg.c.get(f"/liens/{lien['id']}", headers=AUTHORITY)).json()["status"] == "active"
    r = await reg.c.post(
        url, json={**body, "mortgagee_release": "李四解除抵押申请书2026-03"}, headers=AUTHORITY
    )
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["discharge_reason"]) == ("discharged", "repaid")
    [event] = await reg.outbox("registry.lien_discharged")
    assert (event["mortgagee_kind"], event["mortgagee_party_id"]) == ("person", LENDER_PERSON)
    assert event.get("lender_org_id") is None
    [decision] = [
        d for d in await reg.decisions("lien", lien["id"]) if d.action == "lien.discharged.repaid"
    ]
    assert decision.data == {"mortgagee_release": "李四解除抵押申请书2026-03"}
