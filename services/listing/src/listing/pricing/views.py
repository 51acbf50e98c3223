"""The reference price as the centre reads it — 参考价视图 (L16)."""

from __future__ import annotations

from common.money import from_fen
from common.views import yuan
from listing.pricing.rules import ListingReference
from listing.pricing.schemas import ReferenceOut


def reference_out(ref: ListingReference) -> ReferenceOut:
    """L16 beside the reserve: the base land price range, or the Appendix E value."""
    r = ref.reference
    land = r.basis.startswith("base_land_price")
    warning_text = (
        ("底价低于基准地价变幅下限" if land else "底价低于附录E参考价") if r.warning else None
    )
    return ReferenceOut(
        basis=r.basis,
        valuation_date=ref.valuation_date,
        document_no=ref.document_no,
        table_version=ref.table_version,
        stale=ref.stale,
        stale_text="基准地价估价期日已超过更新周期，请核对是否已更新" if ref.stale else None,
        reserve_price=from_fen(ref.reserve_fen),
        reference_value=yuan(r.reference_fen),
        range_low=from_fen(r.low_fen or 0) if land else None,
        range_high=from_fen(r.high_fen or 0) if land else None,
        warning=r.warning,
        warning_text=warning_text,
    )
