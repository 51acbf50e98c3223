"""The listing's state machine — 挂牌状态: every allowed move, in one place.

``services/listing/README.md`` draws exactly these edges (a test compares them), and
``move`` refuses any other, so the drawing and the code cannot drift apart.
"""

from __future__ import annotations

from common.problems import Problem
from listing.listings.models import Listing

START = "[*]"

#: (from, to, action)
EDGES: frozenset[tuple[str, str, str]] = frozenset(
    {
        (START, "draft", "create"),
        (START, "registered", "disposal_requested"),
        (START, "pre_reviewed", "relist"),
        ("draft", "submitted", "submit"),
        ("returned", "submitted", "submit"),
        ("submitted", "pre_review", "township_approve"),
        ("submitted", "returned", "township_reject"),
        ("pre_review", "pre_reviewed", "pre_review_pass"),
        ("pre_review", "returned", "pre_review_reject"),
        ("pre_reviewed", "registered", "register"),
        ("pre_reviewed", "returned", "centre_return"),
        ("registered", "returned", "centre_return"),
        ("registered", "announced", "publish"),
        ("announced", "suspended", "suspend"),
        ("trading", "suspended", "suspend"),
        ("suspended", "announced", "resume"),
        ("suspended", "trading", "resume"),
        ("registered", "terminated", "terminate"),
        ("announced", "terminated", "terminate"),
        ("suspended", "terminated", "terminate"),
        ("trading", "terminated", "terminate"),
        ("announced", "failed", "close_no_buyer"),
        ("announced", "trading", "close_with_buyers"),
        ("trading", "concluded", "trade_concluded"),
        ("suspended", "concluded", "trade_concluded"),
        ("trading", "failed", "trade_failed"),
        ("suspended", "failed", "trade_failed"),
        ("concluded", "failed", "trade_failed"),
        ("concluded", "contracted", "contract_signed"),
        ("trading", "contracted", "contract_signed"),
    }
)


#: Every status a listing can be in (the query filters accept exactly these).
STATUSES: frozenset[str] = frozenset(to for _, to, _ in EDGES)


def allowed_from(action: str) -> set[str]:
    return {a for a, _b, act in EDGES if act == action}


def move(listing: Listing, to: str, action: str) -> None:
    """Change the listing's state along a drawn edge; any other move is a 409."""
    if (listing.status, to, action) not in EDGES:
        raise Problem(
            409,
            "wrong-state",
            f"A {listing.status} listing cannot {action}",
            f"挂牌项目当前状态为{listing.status}，不能执行此操作",
            rule="L4",
            extra={"status": listing.status},
        )
    listing.status = to
