"""Pure rules of the decision record — 四议两公开 (DOMAIN X5): the order of the four
deliberations, the vote thresholds in exact integers, and whether a resolution may be
acted on."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from collective.resolutions.models import Resolution
from common.problems import FieldProblem

# 村党组织提议 → 村“两委”会议商议 → 党员大会审议 → 村民会议或村民代表会议决议
STEPS = ("proposal", "consultation", "party_review", "vote")
STEP_ZH = {
    "proposal": "村党组织提议",
    "consultation": "村“两委”会议商议",
    "party_review": "党员大会审议",
    "vote": "村民会议或村民代表会议决议",
}
# the state a resolution is in once a step has passed, and the action that moves it
AFTER_STEP = {
    "consultation": ("deliberated", "deliberate"),
    "party_review": ("reviewed", "review"),
    "vote": ("in_publicity", "resolve"),
}
# the step a resolution in a state waits for
NEXT_STEP = {"proposed": "consultation", "deliberated": "party_review", "reviewed": "vote"}

Matter = Literal[
    "homestead_qualification", "homestead_inventory", "homestead", "land_entry", "land_mortgage"
]
Threshold = Literal["majority", "two_thirds"]
ACTIONABLE = ("effective", "closed")


def threshold_for(matter: str, homestead_threshold: str) -> str:
    """入市 (E3) and mortgaging uncontracted collective land (R15, 000 三(十)) need two
    thirds; homestead matters the county's threshold (a majority by default)."""
    return "two_thirds" if matter in ("land_entry", "land_mortgage") else homestead_threshold


def passes(threshold: str, votes_for: int, entitled: int) -> bool:
    """The final vote, counted against everyone entitled to vote (members or
    representatives), exact in integers: two thirds is 3 × for ≥ 2 × entitled, a majority
    is 2 × for > entitled."""
    if threshold == "two_thirds":
        return 3 * votes_for >= 2 * entitled
    return 2 * votes_for > entitled


def step_passes(step: str, threshold: str, votes_for: int, attendance: int, eligible: int) -> bool:
    """The first three deliberations pass with most of those present; the villagers'
    (representatives') meeting by the matter's threshold of all entitled."""
    if step == "vote":
        return passes(threshold, votes_for, eligible)
    return 2 * votes_for > attendance


def step_problems(
    expected: str | None,
    step: str,
    *,
    held_on: date,
    previous_held_on: date | None,
    today: date,
    eligible: int,
    attendance: int,
    votes: tuple[int, int, int],
) -> list[FieldProblem]:
    """Every reason a deliberation cannot be recorded, at once."""
    problems: list[FieldProblem] = []
    if expected is None:
        problems.append(
            FieldProblem("step", "X5", "the four deliberations are complete", "四议程序已全部完成")
        )
    elif step != expected:
        problems.append(
            FieldProblem(
                "step",
                "X5",
                f"the next deliberation is {expected}: a missing or out-of-order step",
                f"下一步应为{STEP_ZH[expected]}，不得缺项或颠倒顺序",
            )
        )
    if previous_held_on is not None and held_on < previous_held_on:
        problems.append(
            FieldProblem(
                "held_on",
                "X5",
                f"held before the previous deliberation ({previous_held_on})",
                f"会议日期早于上一步（{previous_held_on}）",
            )
        )
    if held_on > today:
        problems.append(
            FieldProblem("held_on", "X5", "a meeting date in the future", "会议日期不得晚于今天")
        )
    if attendance > eligible:
        problems.append(
            FieldProblem(
                "attendance",
                "X5",
                "more attended than are entitled to attend",
                "到会人数超过应到人数",
            )
        )
    if sum(votes) > attendance:
        problems.append(
            FieldProblem(
                "votes_for",
                "X5",
                "more votes than people present",
                "表决票数超过到会人数",
            )
        )
    return problems


def acting_problems(
    r: Resolution,
    *,
    field: str,
    collective_id: str,
    matters: tuple[str, ...],
    at: datetime,
    open_objections: int,
    published: bool = True,
) -> list[FieldProblem]:
    """Every reason a decision cannot be acted on yet: another collective's, another
    matter, not passed, still in publicity or with an objection open (``published``
    False: a passed vote still in its publicity is enough, as for a proposal the
    township confirms only after the publicity)."""
    problems: list[FieldProblem] = []
    if r.collective_id != collective_id:
        problems.append(
            FieldProblem(field, "X5", "a resolution of another collective", "非本集体的决议")
        )
    if r.matter not in matters:
        problems.append(
            FieldProblem(
                field,
                "X5",
                f"the resolution decides {r.matter}, not {' or '.join(matters)}",
                "决议事项不符",
            )
        )
    if r.status == "in_publicity" and not published:
        return problems
    if r.status == "in_publicity":
        if open_objections:
            problems.append(
                FieldProblem(
                    field, "X5", "an objection to the resolution is open", "决议公示异议尚未处理"
                )
            )
        if r.publicity_ends_at is not None and at < r.publicity_ends_at:
            problems.append(
                FieldProblem(
                    field,
                    "X5",
                    f"the resolution's publicity runs until {r.publicity_ends_at.isoformat()}",
                    "决议公示期未满",
                )
            )
    elif r.status not in ACTIONABLE:
        problems.append(
            FieldProblem(
                field,
                "X5",
                f"the resolution is {r.status}, not passed and published",
                "决议未经表决通过并公开",
            )
        )
    return problems
