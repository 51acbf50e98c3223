"""The Quangengdai report — 劝耕贷季报、年报 (G9) in the consoles: the guarantee service's
report of a quarter or a year for the portal's one county, with its breakdown by township
and by bank (``?breakdown=true``), for the guarantor's and county finance's report pages.
The service computes every number; the page shows them as tables, a chart beside each.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import Response

from common.clock import local_date
from portal.personas import COUNTY
from portal.views import refusal

#: A quarter ("2026-Q4") or a year ("2026"), as the guarantee service names its periods.
Period = Annotated[str, Query(pattern=r"^20[0-9]{2}(-Q[1-4])?$")]

#: The indicators in the order the report prints them: (key, label, kind).
INDICATORS: tuple[tuple[str, str, str], ...] = (
    ("townships", "乡镇数", "count"),
    ("townships_covered", "已覆盖乡镇", "count"),
    ("township_coverage", "乡镇覆盖率", "rate"),
    ("coverage_target", "覆盖率目标", "rate"),
    ("new_entities", "建档主体", "count"),
    ("beneficiaries", "受益主体", "count"),
    ("beneficiary_rate", "受益率", "rate"),
    ("beneficiary_target", "受益率目标", "rate"),
    ("guarantees_issued", "担保笔数", "count"),
    ("guaranteed_amount", "担保金额", "money"),
    ("in_guarantee_balance", "在保余额", "money"),
    ("overdue_principal", "逾期本金", "money"),
    ("overdue_rate", "逾期率", "rate"),
    ("compensated_amount", "代偿金额", "money"),
    ("compensation_rate", "代偿率", "rate"),
)


def current_quarter(request: Request) -> str:
    """The running quarter by the portal's clock, in Beijing time."""
    today = local_date(request.app.state.clock.now())
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


async def g9_report(request: Request, token: str, period: str) -> dict[str, Any] | Response:
    """The G9 report of ``period`` with its breakdown, or the page of the service's refusal."""
    r = await request.app.state.upstream.get(
        "guarantee",
        f"/reports/{COUNTY}/{period}",
        token=token,
        params={"breakdown": "true"},
    )
    if r.status_code != 200:
        return refusal(request, r)
    return r.json()
