"""Pure 入市 rules registry applies (DOMAIN E8)."""

from __future__ import annotations

from registry.entry.models import EntryRight


def sale_refused(entry: EntryRight | None, way: str, *, first_grant: bool) -> bool:
    """E8: rental-housing land is never sold — a transfer (sale) of a ``no_sale`` right
    after its 入市 grant is refused; the grant itself is how the user gets it."""
    return entry is not None and entry.no_sale and way == "transfer" and not first_grant
