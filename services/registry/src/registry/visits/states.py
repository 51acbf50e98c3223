"""The states of a post-loan visit (R14) — 贷后回访状态机.

A visit is ``scheduled`` when made (the lien registered, or the previous visit recorded).
"""

from __future__ import annotations

from common.transitions import START, StateMachine

VISIT = StateMachine.of(
    [
        (START, "scheduled", "schedule"),
        ("scheduled", "done", "record"),
        ("scheduled", "overdue", "overdue"),
        ("overdue", "done_late", "record"),
        ("scheduled", "cancelled", "cancel"),
    ],
    rule="R14",
    label_en="visit",
    label_zh="回访",
)
