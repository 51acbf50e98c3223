"""What listing's documents certify — pure: the records → a document's data and its
masked summary (the public verification page's facts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from common.audit import DecisionOut
from common.ids import mask_name, mask_party_id
from common.money import fen_text
from common.products import PRODUCT_NAMES_ZH, Product
from listing.board.rules import is_natural_person
from listing.listings.models import Document, Listing
from listing.listings.schemas import METHODS, REQUIRED_DOCUMENTS, WAYS

MATERIAL_NAMES = {**REQUIRED_DOCUMENTS, "other": "其他材料"}


def _product_zh(product: str) -> str:
    try:
        return PRODUCT_NAMES_ZH[Product(product)]
    except ValueError:
        return product


def intake_receipt(
    listing: Listing, materials: list[Document], received_at: datetime, received_by: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """受理回执 (L3): the application the window took in — the object, the seller, the
    reserve price and every material received (name, file, its SHA-256) — at the time
    it was submitted."""
    data = {
        "listing_id": listing.id,
        "title": listing.title,
        "product_zh": _product_zh(listing.product),
        "way_zh": WAYS.get(listing.way, listing.way),
        "location": listing.location,
        "area_mu": "" if listing.area_mu is None else format(listing.area_mu.normalize(), "f"),
        "term_start": listing.term_start,
        "term_end": listing.term_end,
        "right_certificate_no": listing.right_certificate_no,
        "seller": {"party_id": listing.seller_party_id, "name": listing.seller_name},
        "reserve_price": fen_text(listing.reserve_price_fen),
        "deposit": fen_text(listing.deposit_fen),
        "township": listing.township,
        "received_at": received_at,
        "received_by": received_by,
        "materials": [
            {
                "type": d.doc_type,
                "name": MATERIAL_NAMES.get(d.doc_type, d.doc_type),
                "filename": d.filename,
                "sha256": d.sha256,
            }
            for d in sorted(materials, key=lambda d: (d.doc_type, d.id))
        ],
    }
    summary = {
        "listing_id": listing.id,
        "title": listing.title,
        "seller": mask_name(listing.seller_name),
        "seller_party_id": mask_party_id(listing.seller_party_id),
        "received_at": received_at,
        "materials": [MATERIAL_NAMES.get(d.doc_type, d.doc_type) for d in materials],
    }
    return data, summary


#: The announcement's own changes (L5, L12) printed on a re-issued 交易公告.
ANNOUNCEMENT_CHANGES = {
    "listing.extended": "延长公告期",
    "listing.suspended": "中止",
    "listing.resumed": "恢复",
}


def _public_party(party_id: str | None, name: str | None) -> dict[str, str] | None:
    """A party as a public document prints it: a natural person masked (L14)."""
    if party_id is None:
        return None
    if not is_natural_person(party_id):  # a legal person's name and code are public
        return {"party_id": party_id, "name": name or ""}
    return {"party_id": mask_party_id(party_id), "name": mask_name(name or "")}


def _object(listing: Listing) -> dict[str, Any]:
    """The traded object as every public listing document describes it."""
    return {
        "listing_id": listing.id,
        "title": listing.title,
        "product_zh": _product_zh(listing.product),
        "way_zh": WAYS.get(listing.way, listing.way),
        "mode_zh": METHODS.get(listing.mode, listing.mode),
        "location": listing.location,
        "area_mu": "" if listing.area_mu is None else format(listing.area_mu.normalize(), "f"),
        "term_start": listing.term_start,
        "term_end": listing.term_end,
        "right_certificate_no": listing.right_certificate_no,
        "seller": _public_party(listing.seller_party_id, listing.seller_name),
    }


def announcement(
    listing: Listing, decisions: list[DecisionOut]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """交易公告 (L5): the object, the prices, the announcement's period, and every change
    made to it while it ran (extension L5, suspension and resumption L12). The changes
    are those decided before the announcement's current end: a suspension in the trading
    phase, after the end, is not the announcement's. Public: personal data masked."""
    ends_at = listing.announcement_ends_at
    assert ends_at is not None and listing.published_at is not None
    changes = [
        {"action_zh": ANNOUNCEMENT_CHANGES[d.action], "at": d.decided_at, "reason": d.reason or ""}
        for d in decisions
        if d.action in ANNOUNCEMENT_CHANGES and d.decided_at <= ends_at
    ]
    suspended = listing.status == "suspended" and listing.suspended_phase == "announcement"
    data = _object(listing) | {
        "reserve_price": fen_text(listing.reserve_price_fen),
        "deposit": fen_text(listing.deposit_fen),
        "increment": fen_text(listing.increment_fen),
        "published_at": listing.published_at,
        "ends_at": ends_at,
        "tender_opening_at": listing.tender_opening_at if listing.mode == "tender" else None,
        "suspended": suspended,
        "changes": changes,
    }
    summary = {
        "listing_id": listing.id,
        "title": listing.title,
        "seller": data["seller"]["name"],
        "seller_party_id": data["seller"]["party_id"],
        "reserve_price": data["reserve_price"],
        "ends_at": ends_at,
        "suspended": suspended,
    }
    return data, summary


def result_publication(listing: Listing) -> tuple[dict[str, Any], dict[str, Any]]:
    """成交公示 (L14): the result of the trade — the buyer (masked when a natural person),
    the price, when, whether by the priority right (L10) — and, once signed, the
    contract's number and date. Public: personal data masked."""
    assert listing.result_price_fen is not None
    data = _object(listing) | {
        "reserve_price": fen_text(listing.reserve_price_fen),
        "buyer": _public_party(listing.result_buyer_party_id, listing.result_buyer_name),
        "price": fen_text(listing.result_price_fen),
        "via_priority": listing.result_via_priority,
        "concluded_at": listing.result_at,
        "contract_no": listing.contract_no,
        "contract_signed_at": listing.contract_signed_at,
    }
    summary = {
        "listing_id": listing.id,
        "title": listing.title,
        "buyer": None if data["buyer"] is None else data["buyer"]["name"],
        "buyer_party_id": None if data["buyer"] is None else data["buyer"]["party_id"],
        "price": data["price"],
        "contract_no": listing.contract_no,
    }
    return data, summary
