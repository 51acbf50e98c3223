"""R21 (001 5.4.5; 000-地 四(四)4; 000-房 三(三)): guarantee insurance, housing insurance
(housing rights only) and the platform's guarantee as credit enhancements; a guarantee
company's entry may cite a guarantee id, checked against the guarantees issued."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from registry_testkit import BANK_A, COUNTY, HOUSING_TERMS, fields

from common.contracts.guarantee import GuaranteeIssued
from common.ids import generate_resident_id
from registry.liens.handlers import on_guarantee_issued


async def enhance(reg, app_id: str, **body):
    body.setdefault("provider", "某保险公司")
    body.setdefault("reference", "BX-1")
    return await reg.c.post(
        f"/lien-applications/{app_id}/credit-enhancements", json=body, headers=BANK_A
    )


async def issue(reg, **kw) -> str:
    event = GuaranteeIssued(
        **{
            "guarantee_id": uuid.uuid4().hex,
            "borrower_party_id": generate_resident_id(COUNTY),
            "lender_org_id": "abc-qingyang",
            "guarantor_org_id": "gansu-nongdan",
            "county": COUNTY,
            "amount": "100000.00",
            "loan_rate": "0.0414",
            "fee_rate": "0.008",
            "issued_at": datetime(2026, 1, 2, tzinfo=UTC),
            **kw,
        }
    )
    await reg.deliver(on_guarantee_issued, event, times=2)
    return event.guarantee_id


async def test_R21_001_5_4_5_the_new_kinds_count_as_enhancements_for_the_ltv(reg) -> None:
    right = await reg.right()
    for kind in ("guarantee_insurance", "platform_guarantee"):
        # 120,000.01 of a 200,000 value is above 60%: allowed only with an enhancement
        app = await reg.ready_application(
            right,
            extra_docs=["consent_letter_A"],
            loan_amount="120000.01",
            above_normal_reason="good record",
        )
        r = await enhance(reg, app["id"], kind=kind)
        assert r.status_code == 201, r.text
        checks = (await reg.c.get(f"/lien-applications/{app['id']}/checks", headers=BANK_A)).json()
        assert checks["ready"] is True, checks


async def test_R21_000_fang_3_3_housing_insurance_only_on_a_housing_right(reg) -> None:
    land = await reg.right()
    app = await reg.apply(land)
    r = await enhance(reg, app["id"], kind="housing_insurance")
    assert r.status_code == 422 and fields(r) == {("kind", "R21")}
    house = await reg.right(right_type="farmer_housing", area_mu="0.3")
    app = await reg.apply(house, loan_terms=HOUSING_TERMS)
    assert (await enhance(reg, app["id"], kind="housing_insurance")).status_code == 201


async def test_R21_000_4_4_4_a_cited_guarantee_must_have_been_issued(reg) -> None:
    right = await reg.right()
    app = await reg.apply(right)
    r = await enhance(
        reg, app["id"], kind="guarantee_company", provider="县担保公司", guarantee_id="nope"
    )
    assert r.status_code == 422 and fields(r) == {("guarantee_id", "R21")}
    r = await enhance(reg, app["id"], kind="agricultural_insurance", guarantee_id="nope")
    assert fields(r) == {("guarantee_id", "R21")}
    # issued, but to another lender for another borrower: both reasons at once
    other = await issue(reg, lender_org_id="rcc-qingyang")
    r = await enhance(reg, app["id"], kind="guarantee_company", guarantee_id=other)
    assert r.status_code == 422
    assert len(r.json()["errors"]) == 2
    mine = await issue(reg, borrower_party_id=right["holder_party_id"])
    r = await enhance(reg, app["id"], kind="guarantee_company", guarantee_id=mine)
    assert r.status_code == 201, r.text
    got = (await reg.c.get(f"/lien-applications/{app['id']}", headers=BANK_A)).json()
    assert got["enhancements"][0]["guarantee_id"] == mine
