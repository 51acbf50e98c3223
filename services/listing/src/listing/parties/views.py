"""Response builders of the party projections — 交易主体视图."""

from __future__ import annotations

from listing.parties.models import Restriction


def bar_out(row: Restriction) -> dict[str, object]:
    return {"party_id": row.party_id, "barred": row.active, "reason": row.reason}


def restriction_out(row: Restriction) -> dict[str, object]:
    return {
        "source": row.source,
        "county": row.county or None,
        "active": row.active,
        "reason": row.reason,
        "changed_at": row.changed_at,
    }
