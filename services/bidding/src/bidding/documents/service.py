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
from bidding.sessions.models import TradeSession
from common.auth import Principal
from common.clock import local_date
from common.context import now
from common.contracts.bidding import TransactionCertificateChanged
from common.documents import (
    DocumentArea,
    DocumentKind,
    IssuedDocumentMixin,
    Issuer,
    exchange_centre,
    issue,
)
from common.money import from_fen
from common.outbox import record_event
from common.problems import Problem

AREA = DocumentArea("bidding", IssuedDocument, Path(__file__).parent / "templates", exchange_centre)
DEAL_CONFIRMATION = AREA.kind("deal_confirmation", "成交确认书", "B6")
TRANSACTION_CERTIFICATE = AREA.kind("transaction_certificate", "交易鉴证书", "L19")
DEPOSIT_NOTICES = {
    "refunded": DocumentKind(
        kind="deposit_refund", title="保证金退还通知", template="deposit_notice.html", rule="B5"
    ),
    "forfeited": DocumentKind(
        kind="deposit_forfeiture", title="保证金没收通知", template="deposit_notice.html", rule="B5"
    ),
}
issuer = AREA.issuer


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
        base_number=deal.confirmation_no,
        data=data,
        summary=summary,
        reason=reason,
        again=again,
    )


async def on_deal_void(session: AsyncSession, who: Principal | None, deal: Deal) -> None:
    """A deal void before its contract (B5 default, L12 termination) voids its
    confirmation: verification then says revoked."""
    why = "terminated" if deal.default_decision == "terminated" else "the buyer defaulted"
    await AREA.revoke_current(
        session, who, DEAL_CONFIRMATION, deal.id, f"成交无效 the deal is void: {why} (B6)"
    )


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
    before = await AREA.current(session, TRANSACTION_CERTIFICATE, deal.id)
    doc = await issue(
        session,
        who,
        issuer,
        TRANSACTION_CERTIFICATE,
        subject_id=deal.id,
        county=deal.county,
        base_number="JZ" + deal.confirmation_no.removeprefix("CJ"),
        data=data,
        summary=summary,
    )
    if doc is not before:  # newly issued (and any earlier one superseded): tell the registry
        for changed in (before, doc):
            if changed is not None:
                await certificate_changed(session, deal, ts, changed)
    return doc


async def certificate_changed(
    session: AsyncSession, deal: Deal, ts: TradeSession, doc: IssuedDocumentMixin
) -> None:
    """``bidding.transaction_certificate_changed`` (L19 for R18): the certificate's number,
    code and status with the parties and the right it certifies, so the registry checks a
    cited certificate against what the centre issued."""
    listing = await session.get(ListingView, deal.listing_id)
    await record_event(
        session,
        TransactionCertificateChanged(
            listing_id=deal.listing_id,
            trade_id=deal.id,
            number=doc.number,
            code=doc.code,
            status=doc.status,  # type: ignore[arg-type]
            right_certificate_no=listing.right_certificate_no if listing else None,
            seller_party_id=ts.seller_party_id,
            buyer_party_id=deal.buyer_party_id,
            price=from_fen(deal.price_fen),
            contract_no=deal.contract_no,
            changed_at=now(session),
        ),
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
        base_number=f"{prefix}{listing.county}{local_date(deposit.settled_at):%Y%m%d}"
        f"{deposit.id:06d}",
        data=data,
        summary=summary,
    )
