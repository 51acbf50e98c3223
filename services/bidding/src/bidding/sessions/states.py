"""The trading session's state machine — 交易场次状态 (DOMAIN B1–B4, L12).

``services/bidding/README.md`` draws exactly these edges (a test compares them); a
session changes its status only through ``SESSION.move`` (a new session is born in the
state its mode opens with, the ``[*]`` edges).
"""

from __future__ import annotations

from common.transitions import START, StateMachine

#: Live states: the trade has not ended (a listing's suspension or termination acts on them).
LIVE = ("negotiating", "awaiting_auctioneer", "bidding", "tendering", "suspended")
_RUNNING = ("negotiating", "awaiting_auctioneer", "bidding", "tendering")

SESSION = StateMachine.of(
    {
        (START, "negotiating", "open"),  # 1 qualified buyer (B1)
        (START, "bidding", "open"),  # ≥2, mode ascending (B2)
        (START, "awaiting_auctioneer", "open"),  # ≥2, mode auction (B4)
        (START, "tendering", "open"),  # ≥2, mode tender (B4)
        ("awaiting_auctioneer", "bidding", "start_auction"),
        ("negotiating", "concluded", "conclude"),
        ("bidding", "concluded", "conclude"),
        ("tendering", "concluded", "conclude"),
        ("bidding", "failed", "fail"),
        ("tendering", "failed", "fail"),
        *((s, "suspended", "suspend") for s in _RUNNING),
        *(("suspended", s, "resume") for s in _RUNNING),
        *((s, "terminated", "terminate") for s in (*LIVE, "concluded")),
    },
    rule="B2",
    label_en="trading session",
    label_zh="交易场次",
)

#: The status a session opens with, by its mode (L7).
OPENS_AS = {
    "negotiated": "negotiating",
    "ascending": "bidding",
    "auction": "awaiting_auctioneer",
    "tender": "tendering",
    "posted": "bidding",  # 挂牌出让 (B7): bids posted through the listing period first
}
