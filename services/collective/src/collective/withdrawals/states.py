"""A withdrawal's states — 宅基地自愿有偿退出 (DOMAIN Z7): applied → compensation decided
by X5 → township review → agreement (Z14) → paid (the right to the collective in
registry, the parcel back to the collective)."""

from __future__ import annotations

from common.transitions import START, StateMachine

WITHDRAWAL = StateMachine.of(
    [
        (START, "applied", "apply"),
        ("applied", "compensated", "compensate"),
        ("compensated", "reviewed", "review"),
        ("reviewed", "agreed", "agree"),
        ("agreed", "paid", "pay"),
    ],
    rule="Z7",
    label_en="homestead withdrawal",
    label_zh="宅基地退出",
)
