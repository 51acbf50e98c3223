"""The Quangengdai report — 劝耕贷季报、年报 (G9) in the consoles: the guarantee service's
report of a quarter or a year for the portal's one county, with its breakdown by township
and by bank (``?breakdown=true``), for the guarantor's and county finance's report pages.
The service computes every number; the page shows them as tables, a chart beside each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from common.clock import local_date
from portal.console import staff_of
from portal.filings import REPORTS, filed_versions
from portal.personas import COUNTY
from portal.views import PageAnswer, refusal

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


async def g9_report(request: Request, token: str, period: str) -> dict[str, Any]:
    """The G9 report of ``period`` with its breakdown, or the page of the service's refusal."""
    r = await request.app.state.upstream.get(
        "guarantee",
        f"/reports/{COUNTY}/{period}",
        token=token,
        params={"breakdown": "true"},
    )
    if r.status_code != 200:
        raise PageAnswer(refusal(request, r))
    return r.json()


def add_g9_pages(
    router: APIRouter, base: str, *, role: str, render: Callable[..., Response]
) -> None:
    """The G9 pages a console that reads Quangengdai has (the guarantor's, county
    finance's): ``{base}/report`` — the report as tables and charts — and
    ``{base}/filings`` — its filed versions (X7) — drawn by the console's ``render``."""

    @router.get(f"{base}/report")
    async def report_page(request: Request, period: Period = "") -> Response:
        """劝耕贷季报、年报 (G9): the county's indicators and the breakdown by township and
        by bank as tables, a chart beside each; the running quarter unless one is asked."""
        me = staff_of(request, role)
        assert me.token
        report = await g9_report(request, me.token, period or current_quarter(request))
        return render(
            request,
            "console/g9_report.html",
            base=f"{base}/report",
            report=report,
            indicators=INDICATORS,
        )

    @router.get(f"{base}/filings")
    async def filings_page(request: Request) -> Response:
        """统计报送: the county's G9 filings, each as its PDF and its spreadsheet (X7)."""
        me = staff_of(request, role)
        report = REPORTS["G9"]
        rows = await filed_versions(request, me.token, report)
        return render(
            request,
            "console/filings.html",
            base=f"{base}/filings",
            report=report,
            reports=[report],
            filings=rows,
        )
