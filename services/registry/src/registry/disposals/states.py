"""The states of a disposal (R13) — 处置状态机.

A disposal outside the exchange is ``recorded`` and one through it ``requested`` (set
when the row is made); a requested one is ``settled`` when its trade settles.
"""

from __future__ import annotations

from common.transitions import START, StateMachine

DISPOSAL = StateMachine.of(
    [
        (START, "recorded", "record"),
        (START, "requested", "request"),
        ("requested", "settled", "settle"),
    ],
    rule="R13",
    label_en="disposal",
    label_zh="处置",
)
