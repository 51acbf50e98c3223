"""The deal's state machine — 成交状态 (DOMAIN B5, B6).

``services/bidding/README.md`` draws exactly these edges (a test compares them); a deal
changes its status only through ``DEAL.move``.
"""

from __future__ import annotations

from common.transitions import START, StateMachine

DEAL = StateMachine.of(
    {
        (START, "awaiting_contract", "confirm"),  # deal confirmation issued
        ("awaiting_contract", "contract_signed", "sign_contract"),  # before the deadline
        ("awaiting_contract", "defaulted", "default"),  # deadline passed: deposit forfeited
        ("awaiting_contract", "defaulted", "terminate"),  # listing terminated before signing
        ("contract_signed", "settled", "settle"),  # paid in full
        ("settled", "released", "release"),  # registry.right_transferred
    },
    rule="B6",
    label_en="deal",
    label_zh="成交",
)
