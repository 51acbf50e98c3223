"""A homestead qualification's states — 资格权状态 (DOMAIN Z1)."""

from __future__ import annotations

from common.transitions import START, StateMachine

QUALIFICATION = StateMachine.of(
    [
        (START, "proposed", "propose"),
        ("proposed", "recognized", "confirm"),
        ("proposed", "refused", "refuse"),
        ("recognized", "realized", "realize"),
        ("recognized", "realized_other", "realize_other"),
        ("regained", "realized", "realize"),
        ("regained", "realized_other", "realize_other"),
        ("realized", "retained", "withdraw"),
        ("realized", "extinguished", "withdraw"),
        ("retained", "regained", "regain"),
        ("recognized", "extinguished", "extinguish"),
        ("realized", "extinguished", "extinguish"),
        ("realized_other", "extinguished", "extinguish"),
        ("retained", "extinguished", "extinguish"),
        ("regained", "extinguished", "extinguish"),
    ],
    rule="Z1",
    label_en="homestead qualification",
    label_zh="宅基地资格权",
)
# the states in which the household holds the qualification (what listing and registry follow)
QUALIFIED = frozenset({"recognized", "realized", "realized_other", "retained", "regained"})
# the states that end it: a household may be proposed again
ENDED = frozenset({"refused", "extinguished"})
