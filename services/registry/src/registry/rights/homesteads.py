"""The homestead right's two events from the collective service — 宅基地使用权的登记与收回.

- the first registration of the homestead use right with the house (房地一体首次登记,
  DOMAIN Z4), entered by the county real-estate centre (县不动产登记中心审核登簿) from the
  three documents the accepted application carries;
- a paid withdrawal: the right goes back to the collective (收回, DOMAIN Z7).
Both refuse what they cannot do by recording the refusal (X2): an event is never lost."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_decision
from common.contracts.collective import HomesteadAccepted, HomesteadWithdrawn
from common.products import Product
from common.quantities import mu_of_m2
from registry.rights import repository
from registry.rights.schemas import CoOwner, RightIn
from registry.rights.service import create_right, encumbrances, new_version


def certificate_of(event: HomesteadAccepted) -> str:
    """One certificate per accepted application (a redelivery finds it)."""
    return f"ZJD{event.county}{event.application_id}"


async def register_homestead(
    session: AsyncSession, event: HomesteadAccepted, event_id: UUID
) -> None:
    """Register the homestead right; refuse (recorded, X2) a document missing or a house on
    more land than approved (Z4)."""
    reasons = [
        name
        for name in ("approval_no", "permit_no", "acceptance_no")
        if not getattr(event, name).strip()
    ]
    if Decimal(event.built_area_m2) > Decimal(event.approved_area_m2):
        reasons.append("built_area_m2 above approved_area_m2")
    if reasons:
        await record_decision(
            session,
            subject_type="homestead_application",
            subject_id=event.application_id,
            action="right.first_registration_refused",
            by=None,
            rule="Z4",
            reason="; ".join(reasons),
        )
        return
    certificate_no = certificate_of(event)
    if await repository.certificate_exists(session, certificate_no):
        return
    area_mu = mu_of_m2(Decimal(event.approved_area_m2))
    await create_right(
        session,
        None,
        RightIn(
            certificate_no=certificate_no,
            county=event.county,
            township=event.township,
            collective_id=event.collective_id,
            right_type=Product.homestead.value,
            origin="other",
            holder_party_id=event.holder_party_id,
            holder_name=event.holder_name,
            co_owners=[CoOwner(party_id=c.party_id, name=c.name) for c in event.co_owners],
            location=event.location,
            area_mu=area_mu,
        ),
        action="first_registration",
    )
    await record_decision(
        session,
        subject_type="right",
        subject_id=certificate_no,
        action="right.first_registration",
        by=None,
        rule="Z4",
        data={
            "application_id": event.application_id,
            "approval_no": event.approval_no,
            "permit_no": event.permit_no,
            "acceptance_no": event.acceptance_no,
            "event_id": str(event_id),
        },
    )


async def withdraw_to_collective(
    session: AsyncSession, event: HomesteadWithdrawn, event_id: UUID
) -> None:
    """The household's right passes to the collective; a right still encumbered (the
    collective's lien projection lagging) or unknown is refused and recorded (X2)."""
    right = await repository.find_right(session, event.certificate_no, lock=True)
    if right is not None and right.holder_party_id == event.collective_id:
        return  # redelivered
    reason = None
    if right is None:
        reason = f"right {event.certificate_no} is not in the ledger"
    elif liens := await encumbrances(session, right):
        reason = f"the right carries active liens: {'; '.join(liens)}"
    if reason is not None or right is None:
        await record_decision(
            session,
            subject_type="homestead_withdrawal",
            subject_id=event.withdrawal_id,
            action="right.withdrawal_refused",
            by=None,
            rule="Z7",
            reason=reason,
        )
        return
    right.holder_party_id, right.holder_name = event.collective_id, event.collective_name[:100]
    right.co_owners = []
    await new_version(
        session, None, right, "withdrawn_to_collective", f"withdrawal {event.agreement_no}"
    )
    await record_decision(
        session,
        subject_type="right",
        subject_id=right.certificate_no,
        action="right.withdrawn_to_collective",
        by=None,
        rule="Z7",
        data={
            "withdrawal_id": event.withdrawal_id,
            "agreement_no": event.agreement_no,
            "compensation": str(event.compensation),
            "event_id": str(event_id),
        },
    )
