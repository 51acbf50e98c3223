"""Case states — 案件状态: a dispute's stages (X6) and a violation case (Z12)."""

from __future__ import annotations

from itertools import pairwise

from common.transitions import START, StateMachine

#: X6: negotiation → mediation (township or collective) → arbitration → court; any open
#: stage closes with an outcome.
OPEN_STAGES = ("negotiation", "mediation", "arbitration", "court")
NEXT_STAGE = dict(pairwise(OPEN_STAGES))

DISPUTE = StateMachine.of(
    [
        (START, "negotiation", "open"),
        ("negotiation", "mediation", "escalate"),
        ("mediation", "arbitration", "escalate"),
        ("arbitration", "court", "escalate"),
        *((stage, "closed", "close") for stage in OPEN_STAGES),
    ],
    rule="X6",
    label_en="dispute case",
    label_zh="纠纷案件",
    attribute="stage",
)

VIOLATION = StateMachine.of(
    [(START, "open", "open"), ("open", "closed", "close")],
    rule="Z12",
    label_en="violation case",
    label_zh="违法用地案件",
)
