"""Response builders of the public board — 公告栏视图: personal data masked (L14)."""

from __future__ import annotations

from datetime import datetime

from common.audit import DecisionOut
from common.ids import mask_name, mask_party_id
from common.money import from_fen
from common.views import view_of, yuan
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


def _computed(listing: Listing, at: datetime) -> dict[str, object]:
    """What a board item computes from its listing; its other fields are the listing's."""
    return dict(
        product_zh=PRODUCTS.get(listing.product, listing.product),
        area_mu=format(listing.area_mu.normalize(), "f"),
        reserve_price=from_fen(listing.reserve_price_fen),
        deposit=from_fen(listing.deposit_fen),
        server_now=at,
        seconds_left=seconds_left(listing, at),
        notice=listing.public_notice,
    )


def board_item(listing: Listing, at: datetime) -> BoardItem:
    return view_of(BoardItem, listing, **_computed(listing, at))


def board_detail(page: Announcement, at: datetime) -> BoardDetail:
    """An announcement with its end time, result and contract (L14), personal data masked."""
    listing = page.listing
    kind = rules.priority_kind(listing)
    trading_at, trading_zh = rules.trading_time(listing)
    return view_of(
        BoardDetail,
        listing,
        **_computed(listing, at),
        seller=masked(listing.seller_party_id, listing.seller_name),
        increment=from_fen(listing.increment_fen),
        registration_opens_at=listing.published_at,
        registration_closes_at=listing.announcement_ends_at,
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
        result_buyer=masked(listing.result_buyer_party_id, listing.result_buyer_name),
        result_price=yuan(listing.result_price_fen),
        disposal=listing.disposal_id is not None,
    )
