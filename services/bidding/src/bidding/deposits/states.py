"""The deposit's state machine — 保证金状态 (DOMAIN B5).

``services/bidding/README.md`` draws exactly these edges (a test compares them); a
deposit changes its ``state`` only through ``DEPOSIT.move``.
"""

from __future__ import annotations

from common.transitions import START, StateMachine

DEPOSIT = StateMachine.of(
    {
        (START, "held", "pay"),
        ("held", "applied", "apply_to_price"),  # the winner's, part of the price
        ("applied", "forfeited", "forfeit"),  # the winner defaulted
        ("held", "refunded", "refund"),  # everyone else; all on a failure or termination
        ("applied", "held", "unapply"),  # terminated before signing: back, then refunded
    },
    rule="B5",
    label_en="deposit",
    label_zh="保证金",
    attribute="state",
)
