"""The collective service's links to the others end to end (issue 21): every step through
the services' public HTTP APIs, the facts crossing the real Kafka
(``collective.member_changed``, ``collective.case_changed``), time moved only through the
shared clock.

- Z1 → L11/L24: a qualification recognized in collective lets its member buy a farm house
  in listing, a non-member is refused the transfer, and a lease of a homestead house is
  open to anyone.
- Z12 → R3: a violation case on a homestead refuses its mortgage in registry.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from common.ids import generate_resident_id
from testkit.platform_client import HOUSE, PlatformClient, bank
from testkit.processes import PlatformProcesses

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]

TOWNSHIP = "620821101"
BANK = "BANK-QY-ABC"


def party(seq: int) -> str:
    return generate_resident_id("620821", birth=date(1980, 6, 1), seq=seq % 1000)


async def test_Z1_L11_L24_qualification_recognized_in_collective_reaches_listing_over_kafka(
    platform: PlatformProcesses, flow: PlatformClient
) -> None:
    holder, member, outsider, lessee = party(701), party(702), party(703), party(704)
    collective, cert = "C-620821101-701", "QY-FH-0701"
    await flow.create_collective(collective, "村东村股份经济合作社", TOWNSHIP)
    await flow.add_member(collective, holder, "周一")
    household = await flow.add_member(collective, member, "吴二")
    # Z1: the collective proposes by its X5 resolution; the township confirms after the
    # 7-day publicity, once the collective's timer made the resolution effective
    resolution = await flow.homestead_resolution(collective, platform.today())
    assert resolution["status"] == "in_publicity"
    proposed = await flow.propose_qualification(collective, household["id"], resolution["id"])
    platform.advance(timedelta(days=7, minutes=1))
    await flow.poll(
        lambda: flow.resolution(resolution["id"], collective),
        lambda r: r["status"] == "effective",
        what="the resolution's publicity to end (X5 timer)",
    )
    recognized = await flow.confirm_qualification(proposed["id"], TOWNSHIP)
    assert recognized["status"] == "recognized" and recognized["qualified"] is True

    # the holder's farm house, registered in registry, is sold (transfer: L11 restricted)
    await flow.register_right(
        cert, holder, "周一", right_type="farmer_housing", area_mu="0.3", collective_id=collective
    )
    house = dict(
        seller_party_id=holder,
        seller_name="周一",
        product="farmer_housing",
        right_certificate_no=cert,
        collective_id=collective,
        area_mu="0.3",
        reserve_price="80000.00",
        deposit="8000.00",
        increment="500.00",
    )
    sale = await flow.announced_listing(title="村东村农房转让", way="transfer", **house)
    refused = await flow.register_buyer(sale["id"], outsider, "郑三", expect=422)
    assert [(e["field"], e["rule"]) for e in refused["errors"]] == [("party_id", "L11")]
    # the qualified member is accepted once collective.member_changed reached listing
    accepted = await flow.poll(
        lambda: flow.register_buyer(sale["id"], member, "吴二", expect=(201, 422)),
        lambda r: r.get("status") == "pending",
        what="the member's qualification reaching listing (Z1 → L11)",
    )
    assert accepted["party_id"] == member

    # L24/Z6: a lease of the idle farm house (≤ 20 years) is open to any party
    lease = await flow.announced_listing(title="村东村闲置农房出租", way="lease", **house)
    leased = await flow.register_buyer(lease["id"], lessee, "王四")
    assert leased["status"] == "pending"


async def test_Z12_a_violation_case_in_collective_refuses_the_mortgage_in_registry(
    platform: PlatformProcesses, flow: PlatformClient
) -> None:
    holder = party(711)
    collective, cert = "C-620821101-711", "QY-FH-0711"
    await flow.create_collective(collective, "村西村股份经济合作社", TOWNSHIP)
    household = await flow.add_member(collective, holder, "孙五")
    right = await flow.register_right(
        cert, holder, "孙五", right_type="farmer_housing", area_mu="0.3", collective_id=collective
    )
    parcel = await flow.homestead_parcel(
        collective, "620821101711JC00001", household_id=household["id"], certificate_no=cert
    )
    case = await flow.open_violation(parcel["id"], "联检2026-711", "未批先建，超占面积")
    assert case["status"] == "open" and case["certificate_no"] == cert

    lender = bank(BANK)
    # a farm house's lien: the house valued by the lender (R6), the housing materials (R4)
    house_loan = {
        "bank_org": BANK,
        "lender_name": "农业银行青阳支行",
        "loan_amount": "30000.00",
        "loan_term_end": "2029-12-31",
        "loan_contract_no": "JK-711",
        "mortgage_contract_no": "DY-711",
        "valuation": {"method": "lender", "land": None, "attachments": [HOUSE]},
        "consent_letter": None,
        "extra_docs": ("other_residence_proof", "collective_consent"),
    }
    app = await flow.lien_application(right, **house_loan)
    # collective.case_changed crosses Kafka into registry's projection of the cases
    checks = await flow.poll(
        lambda: flow.request("registry", "GET", f"/lien-applications/{app['id']}/checks", lender),
        lambda c: any(p["rule"] == "Z12" for p in c["problems"]),
        what="the violation case reaching registry (Z12)",
    )
    assert checks["ready"] is False
    refused = await flow.register_lien(app["id"], expect=422)
    assert ("certificate_no", "Z12") in {(e["field"], e["rule"]) for e in refused["errors"]}
