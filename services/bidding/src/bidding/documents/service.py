"""Bidding's documents — 文书: issued from its own records (common.documents)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bidding.deals import repository as deals
from bidding.deals.models import Deal
from bidding.deposits.models import Deposit
from bidding.documents import rules
from bidding.documents.models import IssuedDocument
from bidding.listings.models import ListingView
from common.auth import Principal
from common.clock import local_date
from common.documents import (
    DocumentKind,
    IssuedDocumentMixin,
    Issuer,
    Renderer,
    current_of,
    exchange_centre,
    issue,
    revoke,
)
from common.problems import Problem
from common.settings import Settings
from common.storage import DocumentStore

RENDERER = Renderer(Path(__file__).parent / "templates")
DEAL_CONFIRMATION = DocumentKind(
    kind="deal_confirmation",
    title="成交确认书",
    template="deal_confirmation.html",
    rule="B6",
)

TRANSACTION_CERTIFICATE = DocumentKind(
    kind="transaction_certificate",
    title="交易鉴证书",
    template="transaction_certificate.html",
    rule="L19",
)
DEPOSIT_NOTICES = {
    "refunded": DocumentKind(
        kind="deposit_refund", title="保证金退还通知", template="deposit_notice.html", rule="B5"
    ),
    "forfeited": DocumentKind(
        kind="deposit_forfeiture", title="保证金没收通知", template="deposit_notice.html", rule="B5"
    ),
}


def issuer(settings: Settings, store: DocumentStore) -> Issuer:
    return Issuer("bidding", IssuedDocument, RENDERER, store, settings)


async def deal_confirmation(
    session: AsyncSession,
    who: Principal | None,
    trade_id: str,
    issuer: Issuer,
    *,
    reason: str | None = None,
    again: bool = False,
) -> IssuedDocumentMixin:
    """The deal's valid 成交确认书 (B1, B6): issued on first request, the same one after
    while the deal's facts stand, a new one superseding it when asked again (补发)."""
    deal, ts = await deals.deal_and_session(session, trade_id, lock=True)
    data, summary = rules.deal_confirmation(deal, ts)
    return await issue(
        session,
        who,
        issuer,
        DEAL_CONFIRMATION,
        subject_id=deal.id,
        county=deal.county,
        issuing_org=exchange_centre(deal.county),
        base_number=deal.confirmation_no,
        data=data,
        summary=summary,
        reason=reason,
        again=again,
    )


async def on_deal_void(session: AsyncSession, who: Principal | None, deal: Deal) -> None:
    """A deal void before its contract (B5 default, L12 termination) voids its
    confirmation: verification then says revoked."""
    current = await current_of(session, IssuedDocument, DEAL_CONFIRMATION.kind, deal.id)
    if current is not None:
        reason = "成交无效 the deal is void: " + (
            "terminated" if deal.default_decision == "terminated" else "the buyer defaulted"
        )
        await revoke(session, who, current, reason + " (B6)")


async def transaction_certificate(
    session: AsyncSession, who: Principal | None, trade_id: str, issuer: Issuer
) -> IssuedDocumentMixin:
    """The deal's 交易鉴证书 (L19), once the contract is signed and the price paid in
    full (settled, or released after the transfer); before, a 409."""
    deal, ts = await deals.deal_and_session(session, trade_id, lock=True)
    if deal.status not in ("settled", "released") or deal.settled_at is None:
        raise Problem(
            409,
            "not-settled",
            "The contract is not signed or the price not paid in full yet",
            "合同尚未签订或价款尚未付清",
            rule="L19",
            extra={"status": deal.status},
        )
    data, summary = rules.transaction_certificate(deal, ts)
    return await issue(
        session,
        who,
        issuer,
        TRANSACTION_CERTIFICATE,
        subject_id=deal.id,
        county=deal.county,
        issuing_org=exchange_centre(deal.county),
        base_number="JZ" + deal.confirmation_no.removeprefix("CJ"),
        data=data,
        summary=summary,
    )


async def deposit_notice(
    session: AsyncSession, who: Principal | None, deposit: Deposit, issuer: Issuer
) -> IssuedDocumentMixin:
    """The deposit's 保证金退还通知 or 保证金没收通知 (B5), once it is refunded or
    forfeited; a deposit still held or applied to the price has none (409)."""
    kind = DEPOSIT_NOTICES.get(deposit.state)
    listing = await session.get(ListingView, deposit.listing_id)
    if kind is None or listing is None or deposit.settled_at is None:
        raise Problem(
            409,
            "deposit-not-settled",
            "The deposit is neither refunded nor forfeited yet",
            "该保证金尚未退还或没收",
            rule="B5",
            extra={"state": deposit.state},
        )
    data, summary = rules.deposit_notice(deposit, listing)
    prefix = "TH" if deposit.state == "refunded" else "MS"
    return await issue(
        session,
        who,
        issuer,
        kind,
        subject_id=str(deposit.id),
        county=listing.county,
        issuing_org=exchange_centre(listing.county),
        base_number=f"{prefix}{listing.county}{local_date(deposit.settled_at):%Y%m%d}"
        f"{deposit.id:06d}",
        data=data,
        summary=summary,
    )
