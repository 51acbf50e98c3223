"""States of a collective resolution and of an objection to it — 决议与异议状态 (DOMAIN X5)."""

from __future__ import annotations

from common.transitions import START, StateMachine

RESOLUTION = StateMachine.of(
    [
        (START, "proposed", "propose"),
        ("proposed", "deliberated", "deliberate"),
        ("deliberated", "reviewed", "review"),
        ("reviewed", "in_publicity", "resolve"),
        ("proposed", "rejected", "reject"),
        ("deliberated", "rejected", "reject"),
        ("reviewed", "rejected", "reject"),
        ("in_publicity", "effective", "take_effect"),
        ("in_publicity", "overturned", "overturn"),
        ("effective", "closed", "publish_result"),
    ],
    rule="X5",
    label_en="resolution",
    label_zh="集体决议",
)

OBJECTION = StateMachine.of(
    [
        (START, "open", "raise"),
        ("open", "upheld", "uphold"),
        ("open", "dismissed", "dismiss"),
    ],
    rule="X5",
    label_en="objection",
    label_zh="公示异议",
)
