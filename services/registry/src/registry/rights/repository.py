"""Rights ledger queries. The ledger shows what encumbers a right (R9 annotation, title
search, search certificates), so it reads the liens table here, in one place: the rights
area never imports the liens area's code, only its table (import-linter allows exactly
this module)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import all_of, find_row, load_or_404
from registry.liens.models import Lien
from registry.rights.models import (
    RecordedInterest,
    Right,
    RightFlagChange,
    RightHistory,
    RightTransfer,
    TransactionCertificate,
)


async def get_right(session: AsyncSession, certificate_no: str, *, lock: bool = False) -> Right:
    """The right (404 if the ledger has none); ``lock`` only when a write follows."""
    return await load_or_404(
        session,
        Right,
        Right.certificate_no,
        certificate_no,
        f"right {certificate_no}",
        f"权利{certificate_no}",
        lock=lock,
    )


async def find_right(
    session: AsyncSession, certificate_no: str, *, lock: bool = False
) -> Right | None:
    return await find_row(session, Right, Right.certificate_no, certificate_no, lock=lock)


async def certificate_exists(session: AsyncSession, certificate_no: str) -> bool:
    return bool(
        await session.scalar(
            select(func.count()).select_from(Right).where(Right.certificate_no == certificate_no)
        )
    )


async def children(session: AsyncSession, certificate_no: str) -> list[Right]:
    """The transferred-right certificates issued from this one (R18: overlap check)."""
    return list(
        (
            await session.scalars(
                select(Right).where(Right.parent_certificate_no == certificate_no)
            )
        ).all()
    )


async def children_count(session: AsyncSession, certificate_no: str) -> int:
    """Transferred-right certificates issued from this one (``<certificate>-L<n>``)."""
    return int(
        await session.scalar(
            select(func.count())
            .select_from(Right)
            .where(Right.parent_certificate_no == certificate_no)
        )
        or 0
    )


async def transfer_of_trade(session: AsyncSession, trade_id: str) -> RightTransfer | None:
    return await session.scalar(select(RightTransfer).where(RightTransfer.trade_id == trade_id))


async def history_of(session: AsyncSession, certificate_no: str) -> list[RightHistory]:
    return await all_of(
        session,
        RightHistory,
        RightHistory.certificate_no == certificate_no,
        order_by=[RightHistory.version, RightHistory.id],
    )


async def flag_changes_of(session: AsyncSession, certificate_no: str) -> list[RightFlagChange]:
    return await all_of(
        session,
        RightFlagChange,
        RightFlagChange.certificate_no == certificate_no,
        order_by=[RightFlagChange.id],
    )


async def last_flag_change(
    session: AsyncSession, certificate_no: str, flag: str
) -> RightFlagChange | None:
    return (
        await session.execute(
            select(RightFlagChange)
            .where(RightFlagChange.certificate_no == certificate_no, RightFlagChange.flag == flag)
            .order_by(RightFlagChange.id.desc())
            .limit(1)
        )
    ).scalar_one_or_none()


async def has_interest(session: AsyncSession, certificate_no: str, parties: list[str]) -> bool:
    return bool(
        await session.scalar(
            select(func.count())
            .select_from(RecordedInterest)
            .where(
                RecordedInterest.certificate_no == certificate_no,
                RecordedInterest.party_id.in_(parties),
            )
        )
    )


# --- the liens on a right (read only) ---------------------------------------------------


async def active_liens(session: AsyncSession, certificate_no: str) -> list[Lien]:
    """The right's active liens by rank."""
    return await all_of(
        session,
        Lien,
        Lien.certificate_no == certificate_no,
        Lien.status == "active",
        order_by=[Lien.rank],
    )


async def all_liens(session: AsyncSession, certificate_no: str) -> list[Lien]:
    """Every lien the right ever had, in the order registered."""
    return await all_of(
        session, Lien, Lien.certificate_no == certificate_no, order_by=[Lien.registered_at]
    )


async def bank_has_lien(session: AsyncSession, certificate_no: str, bank: str) -> bool:
    return bool(
        await session.scalar(
            select(func.count())
            .select_from(Lien)
            .where(Lien.certificate_no == certificate_no, Lien.lender_org_id == bank)
        )
    )


async def rights_held_by(session: AsyncSession, party_id: str, *, limit: int = 100) -> list[Right]:
    """The rights a party holds as the registered holder, by certificate number — 我的权利
    (co-owned rights are left out: co-owners are kept in a JSON column, not indexed)."""
    rows = await session.execute(
        select(Right)
        .where(Right.holder_party_id == party_id)
        .order_by(Right.certificate_no)
        .limit(limit)
    )
    return list(rows.scalars())


async def transaction_certificate(
    session: AsyncSession, cited: str
) -> TransactionCertificate | None:
    """A followed 交易鉴证书 (L19) by its verification code or its number (the latest
    version of a number when it was reissued)."""
    found = await session.get(TransactionCertificate, cited)
    if found is not None:
        return found
    rows = await session.scalars(
        select(TransactionCertificate)
        .where(TransactionCertificate.number == cited)
        .order_by(TransactionCertificate.changed_at.desc())
    )
    return rows.first()
