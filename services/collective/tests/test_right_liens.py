"""registry's liens as the collective follows them (``right_liens``): a lien held by an
enterprise or a person on 入市 land (R23) carries no bank, and is followed the same way
as a bank's; an event from before the mortgagee fields still reads."""

from __future__ import annotations

from collective_helpers import CERT, deliver, lien_registered, person

from collective.liens.handlers import on_lien_discharged, on_lien_registered
from collective.liens.repository import active_liens
from common.contracts.registry import LienDischarged, LienRegistered
from common.ids import generate_credit_code

LESSOR = generate_credit_code(region="371324", org_body="MA3D0001")


async def _active(c) -> list[str]:
    async with c.runtime.transaction() as s:
        return await active_liens(s, CERT)


async def test_R23_a_lien_without_a_bank_is_followed_in_the_right_liens_projection(lite) -> None:
    # the payload as registry publishes an enterprise's lien: no lender_org_id at all
    payload = lien_registered("L-E1").model_dump(mode="json")
    del payload["lender_org_id"]
    payload |= {"mortgagee_kind": "enterprise", "mortgagee_party_id": LESSOR}
    event = LienRegistered.model_validate(payload)
    assert event.lender_org_id is None
    await deliver(lite, on_lien_registered, event, "L-E1")
    assert await _active(lite) == ["L-E1"]
    discharged = LienDischarged.model_validate(
        {
            "lien_id": "L-E1",
            "certificate_no": CERT,
            "reason": "repaid",
            "discharged_at": lite.clock.now().isoformat(),
            "mortgagee_kind": "person",
            "mortgagee_party_id": person(9),
        }
    )
    await deliver(lite, on_lien_discharged, discharged, "L-E1")
    assert await _active(lite) == []


def test_R23_a_bank_s_lien_event_from_before_the_mortgagee_fields_still_reads() -> None:
    old = lien_registered("L-B1").model_dump(mode="json")
    for added in ("mortgagee_kind", "mortgagee_party_id"):
        old.pop(added)
    event = LienRegistered.model_validate(old)
    assert (event.mortgagee_kind, event.lender_org_id) == ("bank", "bank-1")
