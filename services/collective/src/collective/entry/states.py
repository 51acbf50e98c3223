"""An entry plan's states — 入市方案 (DOMAIN E3, E4): drawn up after the collective's
2/3 decision (decided), cleared once it is in the county's supply plan with every joint
review opinion passed (the gate listing follows)."""

from __future__ import annotations

from common.transitions import START, StateMachine

ENTRY_PLAN = StateMachine.of(
    [
        (START, "decided", "decide"),
        ("decided", "cleared", "clear"),
    ],
    rule="E3",
    label_en="entry plan",
    label_zh="入市方案",
)
