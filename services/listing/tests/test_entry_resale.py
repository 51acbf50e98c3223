"""The secondary market of entered land (DOMAIN E15; E8): listing follows the signed 入市
contracts (``collective.entry_contracted``) and registers a user's re-listing only on the
contract's terms — the remaining term to the day (never the original 40 years), the
same use, a contract that allows transfer — and never rental-housing land (``no_sale``)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from common.contracts.collective import EntryContracted
from common.ids import generate_credit_code

#: the user who bought the entered land at the first entry (a company)
USER = generate_credit_code("9", "1", "620821")


def contracted(deal_id: str, cert: str, **over: Any) -> EntryContracted:
    """A commercial 入市 contract signed on 2026-03-01 for 40 years, to 2066-03-01."""
    return EntryContracted(
        **(
            {
                "deal_id": deal_id,
                "plan_id": uuid.uuid4().hex,
                "collective_id": "C-620821101-001",
                "county": "620821",
                "certificate_no": cert,
                "contract_no": "入市合2026-001",
                "buyer_name": "兰陵某商贸有限公司",
                "buyer_credit_code": USER,
                "way": "transfer",
                "land_use": "commercial",
                "area_m2": "1000.00",
                "term_start": date(2026, 3, 1),
                "term_end": date(2066, 3, 1),
                "mortgage_allowed": True,
                "transfer_allowed": True,
                "no_sale": False,
                "contracted_at": datetime(2026, 3, 1, 2, tzinfo=UTC),
            }
            | over
        )
    )


#: the user's re-listing five years on: 2031-03-01 to the contract's end, 35 years left
RESALE = {
    "product": "collective_construction_land",
    "way": "transfer",
    "seller_kind": "enterprise",
    "collective_id": "C-620821101-001",
    "seller_name": "兰陵某商贸有限公司",
    "seller_party_id": USER,
    "land_use": "commercial",
    "planning_conditions": "容积率≤1.5，建筑密度≤40%，绿地率≥20%",
    "spatial_plan_done": True,
    "ownership_registered": True,
    "term_start": "2031-03-01",
    "term_end": "2066-03-01",
    "area_m2": "1000",
    "reserve_price": "3000000.00",
    "deposit": "300000.00",
    "increment": "10000.00",
}


async def _register(api: Any, **over: Any) -> Any:
    """Window → township → department → the centre's registration, the last one raw."""
    lid = (await api.to_pre_reviewed(**api.body(**(RESALE | over))))["id"]
    return await api.c.post(f"/listings/{lid}/register", headers=api.staff())


def _errors(r: Any) -> set[tuple[str, str]]:
    assert r.status_code == 422, r.text
    return {(e["field"], e["rule"]) for e in r.json()["errors"]}


async def test_E15_the_remaining_term_is_registered_the_original_40_years_refused(lite) -> None:
    deal_id, cert = uuid.uuid4().hex, "集建(2026)0101"
    await lite.deliver_twice(contracted(deal_id, cert))  # a redelivery changes nothing
    # the original 40 years from the re-listing's start (to 2071-03-01) is refused
    r = await _register(
        lite, entry_deal_id=deal_id, right_certificate_no=cert, term_end="2071-03-01"
    )
    assert _errors(r) == {("term_end", "E15")}
    assert "2066-03-01" in r.text
    # one day short of the contract's end is not the remaining term either
    r = await _register(
        lite, entry_deal_id=deal_id, right_certificate_no=cert, term_end="2066-02-28"
    )
    assert _errors(r) == {("term_end", "E15")}
    # the remaining 35 years, to the contract's end day, is registered
    r = await _register(lite, entry_deal_id=deal_id, right_certificate_no=cert)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "registered"


async def test_E15_a_change_of_use_is_refused(lite) -> None:
    deal_id, cert = uuid.uuid4().hex, "集建(2026)0102"
    await lite.deliver(contracted(deal_id, cert))
    r = await _register(
        lite, entry_deal_id=deal_id, right_certificate_no=cert, land_use="industrial"
    )
    assert _errors(r) == {("land_use", "E15")}


async def test_E15_E8_a_rental_housing_re_listing_is_refused_outright(lite) -> None:
    deal_id, cert = uuid.uuid4().hex, "集建(2026)0103"
    await lite.deliver(
        contracted(
            deal_id,
            cert,
            land_use="affordable_rental_housing",
            term_end=date(2096, 3, 1),
            no_sale=True,
        )
    )
    r = await _register(
        lite,
        entry_deal_id=deal_id,
        right_certificate_no=cert,
        land_use="affordable_rental_housing",
        term_end="2096-03-01",
    )
    assert ("entry_deal_id", "E8") in _errors(r)


async def test_E15_a_contract_that_forbids_transfer_refuses_the_re_listing(lite) -> None:
    deal_id, cert = uuid.uuid4().hex, "集建(2026)0104"
    await lite.deliver(contracted(deal_id, cert, transfer_allowed=False))
    r = await _register(lite, entry_deal_id=deal_id, right_certificate_no=cert)
    assert _errors(r) == {("entry_deal_id", "E15")}


async def test_E15_only_the_contract_s_user_re_lists_a_signed_contract(lite) -> None:
    r = await _register(lite, entry_deal_id="never-contracted")
    assert _errors(r) == {("entry_deal_id", "E15")}
    deal_id, cert = uuid.uuid4().hex, "集建(2026)0105"
    await lite.deliver(contracted(deal_id, cert))
    other = generate_credit_code("9", "1", "620821")
    r = await _register(
        lite, entry_deal_id=deal_id, right_certificate_no=cert, seller_party_id=other
    )
    assert _errors(r) == {("seller_party_id", "E15")}


async def test_E15_E12_the_published_re_listing_names_its_first_deal_for_bidding(lite) -> None:
    """listing.published carries the re-listing's first 入市 deal: bidding's trade names
    it and the collective settles that re-transfer's fund before registry records it."""
    deal_id, cert = uuid.uuid4().hex, "集建(2026)0109"
    await lite.deliver(contracted(deal_id, cert))
    r = await _register(lite, entry_deal_id=deal_id, right_certificate_no=cert)
    assert r.status_code == 200, r.text
    await lite.post(f"/listings/{r.json()['id']}/publish", {"days": 20}, lite.staff())
    [published] = await lite.outbox("listing.published")
    assert published["payload"]["entry_deal_id"] == deal_id
    assert published["payload"]["entry_plan_id"] is None
