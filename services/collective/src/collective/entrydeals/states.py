"""An 入市 deal's states (DOMAIN E9, E11): the result in publicity, the contract after it,
the filing with the natural resources bureau, the settlement into the dedicated account
and its split down to the members."""

from __future__ import annotations

from common.transitions import START, StateMachine

ENTRY_DEAL = StateMachine.of(
    [
        (START, "in_publicity", "conclude"),
        ("in_publicity", "contracted", "sign"),
        ("contracted", "filed", "file"),
        ("filed", "settled", "settle"),
    ],
    rule="E9",
    label_en="entry deal",
    label_zh="入市成交",
)
