"""A reserve entry's states — 宅基地收储 (DOMAIN Z10): reserved with a planned disposition
until reallocated to a qualified household or put to another use."""

from __future__ import annotations

from common.transitions import START, StateMachine

RESERVE = StateMachine.of(
    [
        (START, "reserved", "enter"),
        ("reserved", "reallocated", "reallocate"),
        ("reserved", "put_to_use", "put_to_use"),
    ],
    rule="Z10",
    label_en="homestead reserve entry",
    label_zh="收储宅基地",
)
