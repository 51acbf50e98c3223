"""Queries of buyer registrations — 报名查询."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.listing import QualifiedBuyer
from common.db import all_of, load_or_404
from listing.listings.models import Listing
from listing.registrations.models import Registration


async def get_registration(
    session: AsyncSession, registration_id: str, *, lock: bool = False
) -> Registration:
    """The registration or 404; ``lock`` (``FOR UPDATE``) only when a write follows."""
    return await load_or_404(
        session,
        Registration,
        Registration.id,
        registration_id,
        "Registration",
        "意向受让登记",
        lock=lock,
    )


async def registration_of_party(
    session: AsyncSession, listing_id: str, party_id: str
) -> Registration | None:
    """The party's registration for the listing, locked: registering again writes it."""
    return (
        await session.execute(
            select(Registration)
            .where(Registration.listing_id == listing_id, Registration.party_id == party_id)
            .with_for_update()
        )
    ).scalar_one_or_none()


async def registration_paying(
    session: AsyncSession, listing_id: str, party_id: str, registration_id: str | None
) -> Registration | None:
    """The registration a deposit is paid for (by id, else by party), locked for the sum."""
    query = select(Registration).where(Registration.listing_id == listing_id)
    query = (
        query.where(Registration.id == registration_id)
        if registration_id
        else query.where(Registration.party_id == party_id)
    )
    return (await session.execute(query.with_for_update())).scalar_one_or_none()


async def registrations_of_listing(session: AsyncSession, listing_id: str) -> list[Registration]:
    return await all_of(
        session,
        Registration,
        Registration.listing_id == listing_id,
        order_by=[Registration.registered_at],
    )


async def registrations_of_party(
    session: AsyncSession, party_id: str
) -> list[tuple[Registration, Listing]]:
    rows = await session.execute(
        select(Registration, Listing)
        .join(Listing, Listing.id == Registration.listing_id)
        .where(Registration.party_id == party_id)
        .order_by(Registration.registered_at)
    )
    return [(reg, listing) for reg, listing in rows.all()]


async def qualified_buyers(session: AsyncSession, listing_id: str) -> list[QualifiedBuyer]:
    """The buyers that count when the announcement closes (L6): qualified, deposit paid,
    in the order they registered."""
    rows = await session.execute(
        select(Registration)
        .where(
            Registration.listing_id == listing_id,
            Registration.status == "qualified",
            Registration.deposit_paid.is_(True),
        )
        .order_by(Registration.registered_at, Registration.id)
    )
    return [
        QualifiedBuyer(
            registration_id=b.id,
            party_id=b.party_id,
            name=b.name,
            priority=b.priority,
            registered_at=b.registered_at,
        )
        for b in rows.scalars()
    ]
