"""Z7 end to end over the real Kafka (issue 21): a voluntary paid withdrawal in the
collective service passes the right to the collective in registry, and a seizure set in
registry (``registry.right_flagged``) holds the payout until registry lifts it — every step
through the services' public HTTP APIs, time moved only through the shared clock."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from common.ids import generate_resident_id
from testkit.platform_client import Actor, PlatformClient, homestead_office, village_officer
from testkit.processes import PlatformProcesses

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]

TOWNSHIP = "620821101"
COUNTY = TOWNSHIP[:6]


def party(seq: int) -> str:
    return generate_resident_id(COUNTY, birth=date(1975, 3, 1), seq=seq % 1000)


async def test_Z7_a_paid_withdrawal_passes_the_right_to_the_collective_over_kafka(
    platform: PlatformProcesses, flow: PlatformClient
) -> None:
    holder = party(721)
    collective, cert = "C-620821101-721", "QY-ZJD-0721"
    officer, office = village_officer(collective), homestead_office(TOWNSHIP)
    county_office = Actor("county_homestead_office", "county", COUNTY, COUNTY)
    await flow.create_collective(collective, "村南村股份经济合作社")
    pilot = {"enabled": True, "reference": "青阳县宅基地改革试点方案"}
    await flow.request(
        "collective", "PUT", f"/collectives/{collective}/pilot", county_office, json=pilot
    )
    household = await flow.add_member(collective, holder, "冯六")
    # Z1 by X5 (publicity 7 days) and the compensation's X5 decision (matter homestead)
    recognition = await flow.homestead_resolution(collective, platform.today())
    compensation = await flow.homestead_resolution(
        collective, platform.today(), matter="homestead", title="宅基地退出补偿标准"
    )
    proposed = await flow.propose_qualification(collective, household["id"], recognition["id"])
    platform.advance(timedelta(days=7, minutes=1))
    for r in (recognition, compensation):
        await flow.poll(
            lambda r=r: flow.resolution(r["id"], collective),
            lambda x: x["status"] == "effective",
            what="the resolution's publicity to end (X5 timer)",
        )
    q = await flow.confirm_qualification(proposed["id"], TOWNSHIP)
    right = await flow.register_right(
        cert, holder, "冯六", right_type="farmer_housing", area_mu="0.27", collective_id=collective
    )
    # surveyed without a household: the township realizes the qualification on it (Z1, Z2)
    parcel = await flow.homestead_parcel(
        collective, "620821101721JC00001", household_id=None, certificate_no=cert
    )
    await flow.request(
        "collective",
        "POST",
        f"/qualifications/{q['id']}/realize",
        office,
        json={"parcel_id": parcel["id"], "approval_ref": "宅批2001-721"},
    )

    # Z7: application → compensation (X5) → township review → agreement (Z14)
    application = {
        "parcel_id": parcel["id"],
        "reason": "work",
        "urban_residence_proof": "兰州市城关区商品房不动产权证",
        "consents": [holder],
    }
    w = await flow.request(
        "collective", "POST", "/homestead-withdrawals", officer, json=application, expect=201
    )
    url = f"/homestead-withdrawals/{w['id']}"
    body = {
        "resolution_id": compensation["id"],
        "land_rate_per_m2": "100.00",
        "building_area_m2": "0",
        "building_rate_per_m2": "0",
    }
    await flow.request("collective", "POST", f"{url}/compensation", officer, json=body)
    await flow.request("collective", "POST", f"{url}/review", office)
    template = {
        "county": COUNTY,
        "kind": "withdrawal",
        "title": "青阳县宅基地自愿有偿退出示范协议",
        "required_fields": ["compensation"],
        "effective_from": platform.today().isoformat(),
    }
    t = await flow.request(
        "collective", "POST", "/model-contracts", county_office, json=template, expect=201
    )
    agreement = {
        "agreement_no": "退出协议2026-721",
        "contract": {"template_id": t["id"], "fields": {"compensation": "18000.00"}},
    }
    await flow.request("collective", "POST", f"{url}/agreement", officer, json=agreement)

    # a court seizure in registry crosses Kafka and holds the payout (Z7)
    await flow.flag_right(cert, "seized", True, "（2026）甘0821执721号查封裁定")
    held = await flow.poll(
        lambda: flow.request("collective", "GET", url, officer),
        lambda x: any("seized" in b["message"] for b in x["payout_blocks"]),
        what="registry's seizure reaching the collective (Z7)",
    )
    assert held["status"] == "agreed"
    pay = {"payer": "collective", "payment_ref": "付款凭证721"}
    refused = await flow.request(
        "collective", "POST", f"{url}/payment", officer, json=pay, expect=409
    )
    assert [(e["field"], e["rule"]) for e in refused["errors"]] == [("certificate_no", "Z7")]
    await flow.flag_right(cert, "seized", False, "解除查封")
    await flow.poll(
        lambda: flow.request("collective", "GET", url, officer),
        lambda x: x["payout_blocks"] == [],
        what="registry's lifting of the seizure reaching the collective (Z7)",
    )
    paid = await flow.request("collective", "POST", f"{url}/payment", officer, json=pay)
    assert paid["status"] == "paid"

    # collective.homestead_withdrawn crosses Kafka: registry passes the right (收回)
    moved = await flow.poll(
        lambda: flow.right(cert),
        lambda r: r["holder_party_id"] == collective,
        what="the withdrawal reaching registry (Z7)",
    )
    assert moved["co_owners"] == [] and moved["version"] > right["version"]
