"""The supervisor's console — 监督委员会工作台: read-only views of the listing queues
and the lien registration queue of the county, and the audit trail (X2) of any object,
found by its kind and number.

Read only: the pages offer no action. Every read carries the supervisor's own token and
each service decides what a supervisor may read (its county's, X3); the trail is each
service's own ``…/decisions`` (common.audit records), never a copy in the portal.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from common.clock import local_date
from portal.console import ID, LISTING_SORTS, Queue, add_queue_page, console_frame, fetch, staff_of
from portal.filings import REPORTS, filed_versions
from portal.pages.bank.endpoints import APPLICATION_STATUSES
from portal.pages.bank.endpoints import COLUMNS as APPLICATION_COLUMNS
from portal.pages.bank.endpoints import SORTS as APPLICATION_SORTS
from portal.pages.bank.endpoints import SOURCE as APPLICATIONS
from portal.pages.township.endpoints import COLUMNS, STATUSES
from portal.personas import COUNTY

router = APIRouter()

BASE = "/console/supervisor"
ROLE = "supervisor"

QUEUES: tuple[Queue, ...] = (
    Queue("submitted", "待乡镇初审", "submitted", "乡镇窗口已提交，等待乡镇初审"),
    Queue("pre_review", "待前置审核", "pre_review", "等待县级主管部门前置审核"),
    Queue("pre_reviewed", "待登记", "pre_reviewed", "等待交易中心登记"),
    Queue("registered", "待发布", "registered", "等待交易中心发布公告"),
    Queue("announced", "公告中", "announced", "公告期内的项目"),
    Queue("suspended", "已中止", "suspended", "已中止的项目"),
    Queue("trading", "交易中", "trading", "交易进行中的项目"),
    Queue("concluded", "已成交", "concluded", "已成交待签合同的项目"),
)
LIEN_QUEUES: tuple[Queue, ...] = (
    Queue("open", "待登记", "submitted", "银行已提交、登记机构尚未办结的抵押登记申请"),
    Queue("refused", "不予登记", "refused", "登记机构不予登记的申请"),
    Queue("registered", "已登记", "registered", "已登记的申请"),
)
#: the objects whose audit trail the console reads: kind → (label, service, path)
TRAILS: dict[str, tuple[str, str, str]] = {
    "listing": ("挂牌项目", "listing", "/listings/{id}/decisions"),
    "lien_application": ("抵押登记申请", "registry", "/lien-applications/{id}/decisions"),
    "lien": ("抵押权", "registry", "/liens/{id}/decisions"),
    "guarantee": ("劝耕贷担保", "guarantee", "/guarantees/{id}/decisions"),
}
TrailKind = Literal["listing", "lien_application", "lien", "guarantee"]


_page = console_frame(
    "监督委员会",
    [
        (BASE, "挂牌项目队列"),
        (f"{BASE}/liens", "抵押登记队列"),
        (f"{BASE}/audit", "办理记录查询"),
        (f"{BASE}/monitoring", "市场监测月报"),
        (f"{BASE}/filings", "统计报送"),
    ],
    flash=False,
    statuses=STATUSES,
    app_statuses=APPLICATION_STATUSES,
    trails=TRAILS,
)


add_queue_page(
    router,
    BASE,
    role=ROLE,
    queues=QUEUES,
    sorts=LISTING_SORTS,
    render=_page,
    template="console/supervisor_queue.html",
    description="Every listing queue of the county, read only, oldest first, with counts.",
    base=BASE,
    kind="listing",
    columns=COLUMNS,
)


add_queue_page(
    router,
    f"{BASE}/liens",
    role=ROLE,
    queues=LIEN_QUEUES,
    sorts=APPLICATION_SORTS,
    default_sort="created_at",
    source=APPLICATIONS,
    render=_page,
    template="console/supervisor_queue.html",
    description="The county's lien registration queue, read only.",
    base=f"{BASE}/liens",
    kind="lien_application",
    columns=APPLICATION_COLUMNS,
)


@router.get(f"{BASE}/audit")
async def audit_page(
    request: Request,
    kind: Annotated[TrailKind, Query()] = "listing",
    id: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    """办理记录 (X2): who decided what about the object, when and why, oldest first —
    the owning service's own trail. An unknown number is the service's 404, on the page."""
    me = staff_of(request, ROLE)
    wanted = id.strip()
    trail: list[dict[str, Any]] | None = None
    problem = ""
    status = 200
    if wanted and not ID.match(wanted):
        problem, status = "编号只能包含字母、数字、下划线和连字符。", 422
    elif wanted:
        _, service, path = TRAILS[kind]
        r = await request.app.state.upstream.get(service, path.format(id=wanted), token=me.token)
        if r.status_code == 200:
            trail = r.json()
        else:
            status = r.status_code
            try:
                body = r.json()
            except ValueError:
                body = {}
            problem = (
                str(
                    (body.get("detail_zh") or body.get("title_zh"))
                    if isinstance(body, dict)
                    else ""
                )
                or "没有找到该对象，或无权查看。"
            )
    return _page(
        request,
        "console/supervisor_audit.html",
        status,
        kind=kind,
        wanted=wanted,
        trail=trail,
        problem=problem,
    )


@router.get(f"{BASE}/monitoring")
async def monitoring_page(
    request: Request,
    month: Annotated[str, Query(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$")] = "",
) -> Response:
    """市场监测月报 (L25): the county's month per township, read only, with the month's
    filed versions (X7: when, late or not, the content hash). Last month unless one is
    asked for."""
    me = staff_of(request, ROLE)
    if not month:
        first = local_date(request.app.state.clock.now()).replace(day=1)
        month = f"{first - timedelta(days=1):%Y-%m}"
    r = await fetch(request, me, "listing", f"/monitoring/{COUNTY}/{month}")
    base = f"/counties/{COUNTY}/market-monitoring/filings"
    filed = await fetch(request, me, "listing", f"{base}?period={month}")
    return _page(
        request,
        "console/supervisor_monitoring.html",
        month=month,
        report=r,
        filings=filed,
        filed_report=REPORTS["L25"],
    )


#: the filed reports the supervisor reads (X7): the market's, the lien pilot's and the
#: homestead reform's (G9 is the guarantor's and county finance's console)
SUPERVISED = ("L25", "R24", "Z13")


@router.get(f"{BASE}/filings")
async def filings_page(
    request: Request,
    report: Annotated[Literal["L25", "R24", "Z13"], Query()] = "L25",
) -> Response:
    """统计报送: every filed version of L25, R24 or Z13, each as its PDF and spreadsheet."""
    me = staff_of(request, ROLE)
    shown = REPORTS[report]
    rows = await filed_versions(request, me.token, shown)
    return _page(
        request,
        "console/filings.html",
        base=f"{BASE}/filings",
        report=shown,
        reports=[REPORTS[k] for k in SUPERVISED],
        filings=rows,
    )
