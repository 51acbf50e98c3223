"""The listing's state machine — 挂牌状态: every allowed move, in one place.

``services/listing/README.md`` draws exactly these edges (a test compares them), and
``LISTING.move`` refuses any other, so the drawing and the code cannot drift apart.
"""

from __future__ import annotations

from common.problems import Problem
from common.transitions import START, StateMachine

LISTING = StateMachine.of(
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
    },
    rule="L4",
    label_en="listing",
    label_zh="挂牌项目",
)

#: (from, to, action) — the edges the README draws.
EDGES = LISTING.edges
#: Every status a listing can be in (the query filters accept exactly these).
STATUSES = LISTING.states
#: Listings that have been published: the public board shows them (L14).
PUBLISHED_STATES = frozenset(
    {"announced", "suspended", "trading", "concluded", "contracted", "failed", "terminated"}
)
#: The window may correct a listing and its materials only before it is submitted.
EDITABLE_STATES = ("draft", "returned")
#: A right flagged at the registry matters to the centre while the listing is live (L12).
LIVE_STATES = ("registered", "announced", "suspended", "trading")


def require_status(status: str, *allowed: str, rule: str) -> None:
    """Refuse (409) a step that needs one of ``allowed`` before any other check, naming
    the step's own rule (the machine's ``move`` names L4 for every edge)."""
    if status not in allowed:
        raise Problem(
            409,
            "wrong-state",
            f"The listing is {status}; this needs {' or '.join(allowed)}",
            f"挂牌项目当前状态为{status}，不能执行此操作",
            rule=rule,
            extra={"status": status},
        )
