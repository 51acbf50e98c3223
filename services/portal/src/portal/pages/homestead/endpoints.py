"""The homestead consoles — 宅基地管理工作台 (issue 21): the village homestead officer's and
the township homestead office's work queues over the collective service.

- the village officer (村级宅基地管理员): its collective's qualification proposals waiting
  for the township, its open dispute cases (X6) and violation cases (Z12);
- the township office (乡镇宅基地管理办公室): the proposals of its township's collectives
  waiting for its confirmation (Z1), the disputes it may mediate, the open violation cases.

And their actions, as forms over the collective API with the person's own token (CSRF
checked, a refusal shown in Chinese with its fields highlighted, nothing changed): the
village officer records the village first review of an application (村级初审, Z3); the
township office confirms a qualification (Z1), records a department's joint-review
opinion and the approval (联审联办、乡级审批, Z3) and reviews a withdrawal (Z7).

Every call carries the officer's own token; the collective service decides who sees which
collective (X3: ``GET /collectives`` answers only the caller's own).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from portal.console import Refused, fetch, form_page, kept_fields, staff_of
from portal.session import Visitor, check_csrf, visitor
from portal.views import error_page, redirect_with_notice

router = APIRouter()

BASE = "/console/homestead"
VILLAGE_ROLE = "village_homestead_officer"
TOWNSHIP_ROLE = "township_homestead_office"
STAGES = {
    "negotiation": "协商",
    "mediation": "调解",
    "arbitration": "仲裁",
    "court": "诉讼",
    "closed": "已结案",
    "open": "未结",
}
QUALIFICATION_STATUSES = {
    "proposed": "待乡镇确认",
    "recognized": "已认定",
    "realized": "已实现",
    "realized_other": "以其他方式实现",
    "retained": "退出后保留",
    "regained": "重新取得",
    "refused": "不予认定",
    "extinguished": "已灭失",
}


APPLICATION_STATUSES = {
    "applied": "待村级初审",
    "village_reviewed": "待联审和乡级审批",
    "approved": "已批准，待县级备案",
    "filed": "已备案，待验收",
    "accepted": "已验收",
    "refused": "不予批准",
}
WITHDRAWAL_STATUSES = {
    "applied": "已申请，待集体决定补偿",
    "compensated": "补偿已决定，待乡镇审核",
    "reviewed": "乡镇已审核，待签订协议",
    "agreed": "协议已签订，待支付补偿",
    "paid": "补偿已支付",
}
#: what waits for each console's own step (its queue shows only these)
APPLICATION_WAITS = {VILLAGE_ROLE: {"applied"}, TOWNSHIP_ROLE: {"village_reviewed"}}
WITHDRAWAL_WAITS = {
    VILLAGE_ROLE: {"applied", "compensated", "reviewed", "agreed"},
    TOWNSHIP_ROLE: {"compensated"},
}
DEPARTMENTS = {
    "agriculture": "农业农村",
    "natural_resources": "自然资源和规划",
    "housing": "住房城乡建设",
}
FIELD_LABELS = {
    "resolution_id": "村民会议决议编号",
    "department": "联审部门",
    "approve": "联审意见",
    "opinion": "意见",
    "approval_no": "宅基地批准书编号",
    "permit_no": "乡村建设规划许可证编号",
    "household_id": "农户",
    "parcel_id": "宗地",
    "certificate_no": "不动产权证号",
    "withdrawal_id": "退出申请",
    "application_id": "建房申请",
    "qualification_id": "资格权",
    "status": "状态",
}


@dataclass(slots=True)
class Queues:
    """What waits for the console, gathered over the caller's collectives."""

    collectives: list[dict[str, Any]] = field(default_factory=list)
    proposed: list[dict[str, Any]] = field(default_factory=list)
    qualified: int = 0
    disputes: list[dict[str, Any]] = field(default_factory=list)
    violations: list[dict[str, Any]] = field(default_factory=list)
    applications: list[dict[str, Any]] = field(default_factory=list)
    withdrawals: list[dict[str, Any]] = field(default_factory=list)


async def _queues(request: Request, me: Visitor) -> Queues:
    collectives = await fetch(request, me, "collective", "/collectives")
    out = Queues(collectives=collectives)
    for c in collectives:
        names = {"collective_name": c["name"]}
        register = await fetch(request, me, "collective", f"/collectives/{c['id']}/qualifications")
        disputes = await fetch(request, me, "collective", f"/collectives/{c['id']}/disputes")
        violations = await fetch(request, me, "collective", f"/collectives/{c['id']}/violations")
        out.proposed += [q | names for q in register if q["status"] == "proposed"]
        out.qualified += sum(1 for q in register if q["qualified"])
        out.disputes += [d | names for d in disputes if d["stage"] != "closed"]
        out.violations += [v | names for v in violations if v["status"] == "open"]
        # the applications and withdrawals waiting for this console's own step
        applications = await fetch(
            request, me, "collective", f"/collectives/{c['id']}/homestead-applications"
        )
        withdrawals = await fetch(
            request, me, "collective", f"/collectives/{c['id']}/homestead-withdrawals"
        )
        waiting = APPLICATION_WAITS[me.role or ""]
        out.applications += [a | names for a in applications if a["status"] in waiting]
        waiting = WITHDRAWAL_WAITS[me.role or ""]
        out.withdrawals += [w | names for w in withdrawals if w["status"] in waiting]
    # oldest first: what has waited longest
    out.proposed.sort(key=lambda q: q["proposed_at"])
    out.disputes.sort(key=lambda d: d["opened_at"])
    out.violations.sort(key=lambda v: v["opened_at"])
    out.applications.sort(key=lambda a: a["applied_at"])
    out.withdrawals.sort(key=lambda w: w["applied_at"])
    return out


def _home(me: Visitor) -> str:
    return f"{BASE}/township" if me.role == TOWNSHIP_ROLE else f"{BASE}/village"


#: each console's name in the page frame
CONSOLE_LABELS = {VILLAGE_ROLE: "村级宅基地管理", TOWNSHIP_ROLE: "乡镇宅基地管理办公室"}


def _page(
    request: Request,
    me: Visitor,
    template: str,
    refused: Refused | None = None,
    form: dict[str, Any] | None = None,
    *,
    home: str = "",
    **context: Any,
) -> Response:
    """A page in the frame of the person's own console (the village officer's or the
    township office's): its name, the link to its queues (``home``, by default the
    role's queue page) and a refusal's fields marked."""
    return form_page(
        request,
        template,
        refused,
        form,
        console_label=CONSOLE_LABELS[me.role or ""],
        links=[(home or _home(me), "工作队列")],
        labels=FIELD_LABELS,
        flash=request.session.pop("flash", None),
        **context,
    )


async def _console(
    request: Request, role: str, hints: dict[str, str], refused: Refused | None = None
) -> Response:
    me = staff_of(request, role)
    queues = await _queues(request, me)
    return _page(
        request,
        me,
        "console/homestead_queue.html",
        refused,
        home=request.url.path,
        queues=queues,
        hints=hints,
        stages=STAGES,
        statuses=QUALIFICATION_STATUSES,
        application_statuses=APPLICATION_STATUSES,
        withdrawal_statuses=WITHDRAWAL_STATUSES,
        township=role == TOWNSHIP_ROLE,
    )


VILLAGE_HINTS = {
    "proposed": "已报乡镇、等待确认的资格权认定（Z1）",
    "disputes": "本村未结的纠纷案件：协商、调解、仲裁或诉讼中（X6）",
    "violations": "联合检查发现、尚未作出处理决定的违法用地案件（Z12）",
    "applications": "乡镇窗口受理、等待村级初审（附村民会议决议）的建房申请（Z3）",
    "withdrawals": "本村办理中的宅基地自愿有偿退出（Z7）",
}
TOWNSHIP_HINTS = {
    "proposed": "村级公示期满后等待本办公室确认的资格权认定（Z1）",
    "disputes": "辖区内未结的纠纷案件，可由乡镇调解（X6）",
    "violations": "辖区内未结的违法用地案件：宗地暂停转让、抵押和退出补偿（Z12）",
    "applications": "村级初审通过、等待联审意见和乡级审批的建房申请（Z3）",
    "withdrawals": "集体已决定补偿、等待乡镇审核的宅基地退出（Z7）",
}


@router.get(f"{BASE}/village")
async def village_queue(request: Request) -> Response:
    """村级宅基地管理员: its own collective's queues."""
    return await _console(request, VILLAGE_ROLE, VILLAGE_HINTS)


@router.get(f"{BASE}/township")
async def township_queue(request: Request) -> Response:
    """乡镇宅基地管理办公室: the queues of its township's collectives."""
    return await _console(request, TOWNSHIP_ROLE, TOWNSHIP_HINTS)


# --- actions (Z1, Z3, Z7) ---------------------------------------------------------------


def _either(request: Request) -> Visitor:
    """The village officer or the township office (the collective decides the rest)."""
    me = visitor(request)
    if me.signed_in and me.role == TOWNSHIP_ROLE:
        return staff_of(request, TOWNSHIP_ROLE)
    return staff_of(request, VILLAGE_ROLE)


async def _application_page(
    request: Request,
    me: Visitor,
    application_id: str,
    refused: Refused | None = None,
    form: dict[str, Any] | None = None,
) -> Response:
    a = await fetch(request, me, "collective", f"/homestead-applications/{application_id}")
    township = me.role == TOWNSHIP_ROLE
    return _page(
        request,
        me,
        "console/homestead_application.html",
        refused,
        form,
        item=a,
        statuses=APPLICATION_STATUSES,
        departments=DEPARTMENTS,
        village_step=not township and a["status"] == "applied",
        township_step=township and a["status"] == "village_reviewed",
    )


@router.get(f"{BASE}/applications/{{application_id}}")
async def application_page(request: Request, application_id: str) -> Response:
    """A homestead application with the step that waits for this console (Z3)."""
    me = _either(request)
    return await _application_page(request, me, application_id)


#: step → (the role that takes it, the collective's endpoint, the flash on success)
APPLICATION_STEPS = {
    "village-review": (VILLAGE_ROLE, "village-review", "村级初审已记录，申请转乡镇联审。"),
    "opinions": (TOWNSHIP_ROLE, "opinions", "联审意见已记录。"),
    "approve": (TOWNSHIP_ROLE, "approve", "已批准，宅基地批准书已登记台账，等待县级备案。"),
}


def _application_body(step: str, form: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The request body from the form, or the portal's own refusals (field → words)."""
    own: dict[str, str] = {}
    if step == "village-review":
        if not form.get("resolution_id"):
            own["resolution_id"] = "请填写村民会议（代表会议）决议编号"
        return {"resolution_id": form.get("resolution_id", "")}, own
    if step == "opinions":
        if form.get("department") not in DEPARTMENTS:
            own["department"] = "请选择联审部门"
        if form.get("approve") not in ("yes", "no"):
            own["approve"] = "请选择同意或不同意"
        if not form.get("opinion"):
            own["opinion"] = "请填写意见"
        body = {
            "department": form.get("department", ""),
            "approve": form.get("approve") == "yes",
            "opinion": form.get("opinion", ""),
        }
        return body, own
    for name, words in (("approval_no", "宅基地批准书编号"), ("permit_no", "规划许可证编号")):
        if not form.get(name):
            own[name] = f"请填写{words}"
    return {"approval_no": form.get("approval_no", ""), "permit_no": form.get("permit_no", "")}, own


@router.post(f"{BASE}/applications/{{application_id}}/{{step}}")
async def application_step(
    request: Request, application_id: str, step: str, form: dict = Depends(check_csrf)
) -> Response:
    """村级初审 (village officer), 联审意见 and 乡级审批 (township office): the collective
    checks everything again; a refusal comes back with its fields highlighted."""
    me = _either(request)
    if step not in APPLICATION_STEPS:
        return error_page(request, 404, "没有这个操作", f"建房申请没有“{step}”这一步。", "X4")
    role, endpoint, done = APPLICATION_STEPS[step]
    if me.role != role:
        return error_page(request, 403, "无权办理", "这一步不由您的岗位办理。", "X3")
    kept = {k: v.strip() for k, v in kept_fields(form).items()}
    body, own = _application_body(step, kept)
    if own:
        return await _application_page(request, me, application_id, Refused.local("Z3", own), kept)
    r = await request.app.state.upstream.call(
        "collective",
        "POST",
        f"/homestead-applications/{application_id}/{endpoint}",
        token=me.token,
        json=body,
    )
    if r.status_code not in (200, 201):
        return await _application_page(request, me, application_id, Refused.of(r), kept)
    return redirect_with_notice(request, done, f"{BASE}/applications/{application_id}")


@router.post(f"{BASE}/qualifications/{{qualification_id}}/confirm")
async def confirm_qualification(
    request: Request, qualification_id: str, form: dict = Depends(check_csrf)
) -> Response:
    """乡镇确认资格权 (Z1): from the township's queue; a refusal is shown on the queue."""
    me = staff_of(request, TOWNSHIP_ROLE)
    r = await request.app.state.upstream.call(
        "collective", "POST", f"/qualifications/{qualification_id}/confirm", token=me.token
    )
    if r.status_code != 200:
        return await _console(request, TOWNSHIP_ROLE, TOWNSHIP_HINTS, Refused.of(r))
    return redirect_with_notice(
        request, f"资格权 {qualification_id} 已确认（Z1）。", f"{BASE}/township"
    )


async def _withdrawal_page(
    request: Request, me: Visitor, withdrawal_id: str, refused: Refused | None = None
) -> Response:
    w = await fetch(request, me, "collective", f"/homestead-withdrawals/{withdrawal_id}")
    return _page(
        request,
        me,
        "console/homestead_withdrawal.html",
        refused,
        item=w,
        statuses=WITHDRAWAL_STATUSES,
        review_step=me.role == TOWNSHIP_ROLE and w["status"] == "compensated",
    )


@router.get(f"{BASE}/withdrawals/{{withdrawal_id}}")
async def withdrawal_page(request: Request, withdrawal_id: str) -> Response:
    """A withdrawal with what blocks its payout now (Z7) and the township's review."""
    me = _either(request)
    return await _withdrawal_page(request, me, withdrawal_id)


@router.post(f"{BASE}/withdrawals/{{withdrawal_id}}/review")
async def review_withdrawal(
    request: Request, withdrawal_id: str, form: dict = Depends(check_csrf)
) -> Response:
    """乡镇审核 (Z7)."""
    me = staff_of(request, TOWNSHIP_ROLE)
    r = await request.app.state.upstream.call(
        "collective", "POST", f"/homestead-withdrawals/{withdrawal_id}/review", token=me.token
    )
    if r.status_code != 200:
        return await _withdrawal_page(request, me, withdrawal_id, Refused.of(r))
    return redirect_with_notice(
        request, "乡镇审核已记录，集体可签订退出协议（Z7）。", f"{BASE}/withdrawals/{withdrawal_id}"
    )
