"""The guarantee's state machine — 担保项目状态 (DOMAIN G5): every allowed move, in one place.

``services/guarantee/README.md`` draws exactly these edges (a test compares them), and
``GUARANTEE.move`` refuses any other (409 ``wrong-state``, rule G5). A self-loop is a
step that keeps the state (one of two approvals, a repayment, a recovery), declared so
that the step's precondition is read off the same table.
"""

from __future__ import annotations

from common.transitions import START, StateMachine

GUARANTEE = StateMachine.of(
    [
        (START, "recommended", "recommend"),
        ("recommended", "diligence_reported", "report_diligence"),
        ("diligence_reported", "diligence_reported", "approve_one"),
        ("diligence_reported", "approved", "approve"),
        ("diligence_reported", "rejected", "reject"),
        ("approved", "in_notice", "start_notice"),
        ("in_notice", "in_notice", "object"),
        ("in_notice", "in_notice", "resolve_objection"),
        ("in_notice", "notice_passed", "pass_notice"),
        ("in_notice", "rejected", "uphold_objection"),
        ("notice_passed", "township_recommended", "recommend_township"),
        ("township_recommended", "county_recommended", "recommend_county"),
        ("county_recommended", "issued", "issue"),
        ("issued", "active", "draw"),
        ("active", "active", "draw"),
        ("active", "active", "repay"),
        ("active", "repaid", "repay"),
        ("overdue", "overdue", "repay"),
        ("overdue", "repaid", "repay"),
        ("active", "overdue", "report_overdue"),
        ("overdue", "overdue", "report_overdue"),
        ("overdue", "compensated", "compensate"),
        ("compensated", "compensated", "recover"),
        ("issued", "issued", "monitor"),
        ("active", "active", "monitor"),
        ("overdue", "overdue", "monitor"),
        ("compensated", "compensated", "monitor"),
    ],
    rule="G5",
    label_en="guarantee",
    label_zh="担保项目",
    attribute="state",
)

#: States whose guaranteed amount counts towards the borrower's balance (G3).
COMMITTED = ("approved", "in_notice", "notice_passed", "township_recommended", "county_recommended")
#: A loan under guarantee: its amount less repaid principal counts (G3).
LIVE = ("issued", "active", "overdue")
