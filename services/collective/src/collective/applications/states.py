"""A homestead application's states — 宅基地申请审批 (DOMAIN Z3): the township window takes
it in, the village reviews it (村级初审), the township approves it after the joint review
(乡级审批), the county receives the filing (县级备案), the township accepts the building
(验收)."""

from __future__ import annotations

from common.transitions import START, StateMachine

APPLICATION = StateMachine.of(
    [
        (START, "applied", "apply"),
        ("applied", "village_reviewed", "village_review"),
        ("applied", "refused", "refuse"),
        ("village_reviewed", "approved", "approve"),
        ("village_reviewed", "refused", "refuse"),
        ("approved", "filed", "file"),
        ("filed", "accepted", "accept"),
    ],
    rule="Z3",
    label_en="homestead application",
    label_zh="宅基地申请",
)
# an application still under way: a household has at most one (Z3)
OPEN = frozenset({"applied", "village_reviewed", "approved", "filed"})
