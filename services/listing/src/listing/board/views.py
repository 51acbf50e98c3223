"""Response builders of the public board — 公告栏视图: personal data masked (L14)."""

from __future__ import annotations

from datetime import datetime

from common.audit import DecisionOut
from common.ids import mask_name, mask_party_id
from common.money import from_fen
from listing.board import rules
from listing.board.schemas import (
    Announcement,
    BoardDetail,
    BoardItem,
    HistoryEntry,
    Material,
    Party,
)
from listing.listings.models import Document, Listing
from listing.listings.rules import seconds_left
from listing.listings.schemas import METHODS, PRODUCTS, REASON_CODES, REQUIRED_DOCUMENTS


def masked(party_id: str | None, name: str | None) -> Party | None:
    """Natural persons are masked (L14); a legal person's name and code are public."""
    if party_id is None:
        return None
    natural = rules.is_natural_person(party_id)
    return Party(
        party_id=mask_party_id(party_id) if natural else party_id,
        name=mask_name(name or "") if natural else (name or ""),
    )


def _at(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def history(decisions: list[DecisionOut]) -> list[HistoryEntry]:
    """The public steps of the listing's decision log (README, "State history")."""
    out = []
    for d in decisions:
        if d.action not in rules.PUBLIC_ACTIONS:
            continue
        role = rules.public_role(d)
        code = d.data.get("reason_code") if d.action in rules.REASON_PUBLIC else None
        code = code if isinstance(code, str) else None
        ends = d.data.get(rules.END_KEYS[d.action]) if d.action in rules.END_KEYS else None
        out.append(
            HistoryEntry(
                action=d.action.removeprefix("listing."),
                action_zh=rules.PUBLIC_ACTIONS[d.action],
                at=d.decided_at,
                rule=d.rule,
                by_role=role,
                by_role_zh=rules.ROLE_ZH.get(role, role),
                reason=d.reason if d.action in rules.REASON_PUBLIC else None,
                reason_code=code,
                reason_code_zh=REASON_CODES.get(code) if code else None,
                ends_at=_at(ends),
            )
        )
    return out


def materials(documents: list[Document]) -> list[Material]:
    """The L3 kinds on file, in the rule's order; no file is public (README)."""
    kinds = {d.doc_type for d in documents}
    names = REQUIRED_DOCUMENTS | {"other": "其他材料"}
    return [Material(kind=k, kind_zh=v) for k, v in names.items() if k in kinds]


def item(listing: Listing, at: datetime) -> dict[str, object]:
    return dict(
        id=listing.id,
        county=listing.county,
        township=listing.township,
        title=listing.title,
        product=listing.product,
        product_zh=PRODUCTS.get(listing.product, listing.product),
        way=listing.way,
        location=listing.location,
        area_mu=format(listing.area_mu.normalize(), "f"),
        term_start=listing.term_start,
        term_end=listing.term_end,
        reserve_price=from_fen(listing.reserve_price_fen),
        deposit=from_fen(listing.deposit_fen),
        status=listing.status,
        published_at=listing.published_at,
        announcement_ends_at=listing.announcement_ends_at,
        server_now=at,
        seconds_left=seconds_left(listing, at),
        notice=listing.public_notice,
    )


def board_item(listing: Listing, at: datetime) -> BoardItem:
    return BoardItem(**item(listing, at))


def board_detail(page: Announcement, at: datetime) -> BoardDetail:
    """An announcement with its end time, result and contract (L14), personal data masked."""
    listing = page.listing
    kind = rules.priority_kind(listing)
    trading_at, trading_zh = rules.trading_time(listing)
    return BoardDetail(
        **item(listing, at),
        description=listing.description,
        seller=masked(listing.seller_party_id, listing.seller_name),  # type: ignore[arg-type]
        increment=from_fen(listing.increment_fen),
        registration_opens_at=listing.published_at,
        registration_closes_at=listing.announcement_ends_at,
        mode=listing.mode,
        mode_zh=METHODS.get(listing.mode, listing.mode),
        tender_opening_at=listing.tender_opening_at if listing.mode == "tender" else None,
        trading_starts_at=trading_at,
        trading_time_zh=trading_zh,
        priority_right=kind is not None,
        priority_right_kind=kind,
        priority_right_zh=rules.PRIORITY_ZH.get(kind) if kind else None,
        deposit_instructions=page.deposit_instructions,
        contact=page.contact,
        admin_names=page.admin_names,
        materials=materials(page.documents),
        history=history(page.decisions),
        outcome=listing.outcome,
        result_buyer=masked(listing.result_buyer_party_id, listing.result_buyer_name),
        result_price=None
        if listing.result_price_fen is None
        else from_fen(listing.result_price_fen),
        result_at=listing.result_at,
        failed_reason=listing.failed_reason,
        contract_no=listing.contract_no,
        contract_signed_at=listing.contract_signed_at,
        disposal=listing.disposal_id is not None,
    )
