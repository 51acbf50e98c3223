"""A fund payment's states — 资金支付状态 (DOMAIN G8, G10): paid at once when the balance
covers it and nothing waits, else queued (reward pool) until money comes in."""

from __future__ import annotations

from common.transitions import START, StateMachine

PAYMENT = StateMachine.of(
    [
        (START, "queued", "queue"),
        ("queued", "paid", "pay"),
    ],
    rule="G8",
    label_en="fund payment",
    label_zh="资金支付",
)
