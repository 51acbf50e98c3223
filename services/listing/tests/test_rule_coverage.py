"""Every listing rule (L1–L16) and the cross-cutting rules this service owns (X1–X4)
have at least one test citing the rule id in its name."""

from __future__ import annotations

import re
from pathlib import Path

RULES = [f"L{i}" for i in range(1, 17)] + ["X1", "X2", "X3", "X4"]


def test_X4_every_rule_of_the_service_is_cited_by_a_test() -> None:
    names = set()
    for path in Path(__file__).parent.glob("test_*.py"):
        names |= set(re.findall(r"def (test_\w+)", path.read_text()))
    missing = [r for r in RULES if not any(re.search(rf"(^test_|_){r}_", n) for n in names)]
    assert missing == []


async def test_X2_qualification_bar_and_deposit_decisions_are_recorded(lite) -> None:
    from common.audit import decisions_of

    listing = await lite.to_announced()
    reg = await lite.qualified_buyer(listing["id"])
    await lite.post(f"/parties/{reg['party_id']}/bar", {"reason": "扰乱秩序"}, lite.staff(), 201)
    async with lite.rt.transaction() as s:
        reg_log = await decisions_of(s, "registration", reg["id"])
        party_log = await decisions_of(s, "party", reg["party_id"])
    assert [d.action for d in reg_log] == [
        "registration.submitted",
        "registration.qualified",
        "registration.deposit_paid",
    ]
    assert reg_log[1].actor_roles == ["exchange_staff"] and reg_log[1].rule == "L6"
    assert reg_log[2].actor_subject == "system"
    assert party_log[0].action == "party.barred" and party_log[0].reason == "扰乱秩序"
