"""A parcel's inventory states — 台账状态 (DOMAIN Z2): surveyed, then final once the
village's X5 publicity of the inventory is over."""

from __future__ import annotations

from common.transitions import START, StateMachine

PARCEL = StateMachine.of(
    [
        (START, "surveyed", "survey"),
        ("surveyed", "final", "finalise"),
    ],
    rule="Z2",
    label_en="homestead parcel",
    label_zh="宅基地宗地",
)
