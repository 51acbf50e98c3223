"""A re-transfer's states (DOMAIN E15, E12): bidding's trade of a re-listing, then its
adjustment fund settled (withheld or proven paid) before registry records it."""

from __future__ import annotations

from common.transitions import START, StateMachine

ENTRY_RESALE = StateMachine.of(
    [
        (START, "concluded", "conclude"),
        ("concluded", "settled", "settle"),
    ],
    rule="E12",
    label_en="entry resale",
    label_zh="入市土地再转让",
)
