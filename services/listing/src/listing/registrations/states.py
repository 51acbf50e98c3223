"""A registration's states — 报名状态 (L6): ``pending → qualified | rejected``; a
rejected party may register again (back to ``pending``)."""

from __future__ import annotations

from common.transitions import START, StateMachine

REGISTRATION = StateMachine.of(
    {
        (START, "pending", "register"),
        ("rejected", "pending", "register_again"),
        ("pending", "qualified", "qualify"),
        ("pending", "rejected", "reject"),
    },
    rule="L6",
    label_en="registration",
    label_zh="意向受让登记",
)
