"""The supervision's states — 三方监管 (DOMAIN E10): the checklist drawn up by the
government side, signed once the collective and the user have signed too, construction
started and completed by the user's declarations; the land recovered (idle, or early for
the public interest with compensation) before completion."""

from __future__ import annotations

from common.transitions import START, StateMachine

ENTRY_SUPERVISION = StateMachine.of(
    [
        (START, "drafted", "draw_up"),
        ("drafted", "signed", "sign"),
        ("signed", "started", "start"),
        ("started", "completed", "complete"),
        ("signed", "recovered", "recover"),
        ("started", "recovered", "recover"),
    ],
    rule="E10",
    label_en="entry supervision",
    label_zh="入市三方监管",
)
