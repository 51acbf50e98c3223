"""What listing's documents certify — pure: the records → a document's data and its
masked summary (the public verification page's facts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from common.ids import mask_name, mask_party_id
from common.money import fen_text
from common.products import PRODUCT_NAMES_ZH, Product
from listing.listings.models import Document, Listing
from listing.listings.schemas import REQUIRED_DOCUMENTS, WAYS

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
