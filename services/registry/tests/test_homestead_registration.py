"""Z4 first registration of a new homestead (房地一体首次登记): the collective service's
acceptance event carries the three documents (宅基地批准书, 乡村建设规划许可证, 验收意见表);
registry records the homestead use right once, and refuses (recorded, X2) a house on more
land than approved. Z7: a paid withdrawal passes the right to the collective."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

from registry_testkit import COUNTY, STAFF, TOWNSHIP
from sqlalchemy import select

from common.context import session_context
from common.contracts.collective import CoOwnerRef, HomesteadAccepted, HomesteadWithdrawn
from common.ids import generate_resident_id
from registry.rights.handlers import on_homestead_accepted, on_homestead_withdrawn
from registry.rights.homesteads import certificate_of

HEAD = generate_resident_id(COUNTY, seq=11)
SPOUSE = generate_resident_id(COUNTY, seq=12)


def accepted(**kw) -> HomesteadAccepted:
    base = dict(
        application_id=uuid.uuid4().hex,
        household_id=uuid.uuid4().hex,
        collective_id=f"{TOWNSHIP}201",
        county=COUNTY,
        township=TOWNSHIP,
        parcel_id=uuid.uuid4().hex,
        parcel_number="JC00100",
        location="某村东街",
        approved_area_m2="150.00",
        built_area_m2="148.50",
        holder_party_id=HEAD,
        holder_name="王大",
        co_owners=[CoOwnerRef(party_id=SPOUSE, name="李二")],
        approval_no="宅批(2026)001",
        permit_no="乡字第2026-001号",
        acceptance_no="验收2026-001",
        accepted_at=datetime(2026, 12, 6, tzinfo=UTC),
    )
    base.update(kw)
    return HomesteadAccepted(**base)


async def deliver(reg, event: HomesteadAccepted | HomesteadWithdrawn) -> None:
    """Apply the consumer's handler in its own transaction, as the inbox does."""
    handler = (
        on_homestead_accepted if isinstance(event, HomesteadAccepted) else on_homestead_withdrawn
    )
    await reg.deliver(handler, event)


async def decisions(reg, rule: str) -> list[dict]:
    async with reg.c.runtime.transaction() as s:
        d = session_context(s).infra.decisions
        rows = await s.execute(select(d).where(d.c.rule == rule).order_by(d.c.id))
        return [dict(r._mapping) for r in rows]


async def test_Z4_the_accepted_homestead_is_registered_once_from_the_three_documents(reg) -> None:
    ev = accepted()
    await deliver(reg, ev)
    await deliver(reg, ev)  # redelivered: one right
    got = await reg.c.get(f"/rights/{certificate_of(ev)}", headers=STAFF)
    assert got.status_code == 200, got.text
    right = got.json()
    assert right["right_type"] == "homestead" and right["holder_party_id"] == HEAD
    assert [c["party_id"] for c in right["co_owners"]] == [SPOUSE]
    assert right["area_mu"] == "0.2250"  # 150 m² at 666.67 m² per mu (DOMAIN units)
    trail = await decisions(reg, "Z4")
    assert [(d["action"], d["data"]["approval_no"]) for d in trail] == [
        ("right.first_registration", "宅批(2026)001")
    ]


async def test_Z4_a_house_on_more_land_than_approved_is_not_registered(reg) -> None:
    ev = accepted(built_area_m2="150.01")
    await deliver(reg, ev)
    assert (await reg.c.get(f"/rights/{certificate_of(ev)}", headers=STAFF)).status_code == 404
    trail = await decisions(reg, "Z4")
    assert [d["action"] for d in trail] == ["right.first_registration_refused"]
    assert "built_area_m2" in trail[0]["reason"]


def withdrawn(certificate_no: str) -> HomesteadWithdrawn:
    return HomesteadWithdrawn(
        withdrawal_id=uuid.uuid4().hex,
        household_id=uuid.uuid4().hex,
        collective_id=f"{TOWNSHIP}201",
        collective_name="某村股份经济合作社",
        county=COUNTY,
        township=TOWNSHIP,
        parcel_id=uuid.uuid4().hex,
        certificate_no=certificate_no,
        agreement_no="退出协议2026-001",
        compensation=Decimal("79030.52"),
        paid_at=datetime(2026, 12, 6, tzinfo=UTC),
    )


async def test_Z7_a_paid_withdrawal_passes_the_right_to_the_collective(reg) -> None:
    ev = accepted()
    await deliver(reg, ev)
    out = withdrawn(certificate_of(ev))
    await deliver(reg, out)
    await deliver(reg, out)  # redelivered: one new version
    right = (await reg.c.get(f"/rights/{certificate_of(ev)}", headers=STAFF)).json()
    assert right["holder_party_id"] == f"{TOWNSHIP}201" and right["co_owners"] == []
    assert right["version"] == 2
    assert [d["action"] for d in await decisions(reg, "Z7")] == ["right.withdrawn_to_collective"]


async def test_Z7_a_withdrawal_of_a_right_outside_the_ledger_is_recorded_as_refused(reg) -> None:
    await deliver(reg, withdrawn("NOPE-0001"))
    trail = await decisions(reg, "Z7")
    assert [d["action"] for d in trail] == ["right.withdrawal_refused"]
    assert "NOPE-0001" in trail[0]["reason"]
