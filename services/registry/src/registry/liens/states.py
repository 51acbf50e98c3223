"""The states of a lien application and of a lien (R9, R11, R13) — 状态机.

A new application is ``submitted`` and a new lien ``active`` (set when the row is
made: the ``[*]`` edges); every later move goes through ``move`` along these edges.
The README's diagrams are drawn from them (``services/registry/tests/test_states.py``).
"""

from __future__ import annotations

from common.transitions import START, StateMachine

APPLICATION = StateMachine.of(
    [
        (START, "submitted", "apply"),
        ("submitted", "registered", "register"),
        ("submitted", "refused", "refuse"),
    ],
    rule="R9",
    label_en="lien application",
    label_zh="抵押登记申请",
)

LIEN = StateMachine.of(
    [
        (START, "active", "register"),
        ("active", "discharged", "discharge"),
    ],
    rule="R11",
    label_en="lien",
    label_zh="抵押权",
)
