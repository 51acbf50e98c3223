"""The bank's Quangengdai — 银行劝耕贷 (issue 19): the guarantees the guarantor recommended
to this bank as a work queue by state, and one guarantee's page with the bank's own
reports over the guarantee service's API: the due-diligence report (G5, G15, with its
file), drawdowns, repayments and overdue reports (Idempotency-Key, X1).

Each loan entry form carries an ``Idempotency-Key`` made when the page was drawn (a hidden
field, kept through the confirmation), so a double submit is one entry: the service
replays its first answer. Every action is confirmed on the server first; the due
diligence, whose file cannot ride through a confirmation page, is confirmed by a
checkbox on its own form, checked here before anything is sent. The guarantee service
shows a bank only its own guarantees (X3): another bank's is its 403/404, as a page.
"""

from __future__ import annotations

import re
import uuid
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from portal.console import (
    ID,
    Queue,
    Refused,
    add_queue_page,
    confirm_page,
    confirmed,
    fetch,
    form_page,
    kept_fields,
    staff_of,
)
from portal.pages.bank.endpoints import BASE, ROLE
from portal.pages.bank.endpoints import frame as bank_page
from portal.session import Visitor, check_csrf, file_part, uploaded
from portal.views import not_found, redirect_with_notice

router = APIRouter()

QGD = f"{BASE}/guarantees"
SOURCE = ("guarantee", "/guarantees")
KEY = re.compile(r"^[0-9a-f]{32}$")

QUEUES: tuple[Queue, ...] = (
    Queue("diligence", "待尽调", "recommended", "担保公司推荐的项目：提交尽调报告（G5）", "state"),
    Queue("issued", "待放款", "issued", "已签订担保合同：报送放款", "state"),
    Queue("active", "在保", "active", "已放款：报送还款或逾期", "state"),
    Queue("overdue", "逾期", "overdue", "已报逾期：报送还款或更新逾期", "state"),
)
SORTS = Literal["updated_at", "-updated_at", "created_at", "-created_at", "amount", "-amount"]
COLUMNS = (
    ("updated_at", "等待自"),
    ("", "担保项目"),
    ("", "借款主体"),
    ("", "乡镇"),
    ("amount", "金额"),
    ("", "状态"),
)
STATES = {
    "recommended": "待尽调",
    "diligence_reported": "尽调已报",
    "approved": "已审批",
    "in_notice": "公示中",
    "issued": "待放款",
    "active": "在保",
    "overdue": "逾期",
    "compensated": "已代偿",
    "repaid": "已结清",
}
#: What the bank reports in a state: (step, label, what the confirmation warns).
STEPS: dict[str, tuple[str, str]] = {
    "diligence": ("提交尽调报告", "提交后由担保公司审批，不能撤回（G5、G15）。"),
    "drawdown": ("报送放款", "放款报送后计入在保余额，不能撤回。"),
    "repayment": ("报送还款", "还款报送后冲减未还本金，不能撤回。"),
    "overdue": ("报送逾期", "逾期报送后项目进入逾期，担保公司据此决定代偿（G6），不能撤回。"),
}
StepName = Literal["diligence", "drawdown", "repayment", "overdue"]
ACTIONS = {
    "recommended": ("diligence",),
    "issued": ("drawdown",),
    "active": ("drawdown", "repayment", "overdue"),
    "overdue": ("repayment", "overdue"),
}
#: the guarantee service's path of each loan entry
ENTRY_PATHS = {"drawdown": "drawdowns", "repayment": "repayments", "overdue": "overdue"}
ENTRY_FIELDS = {
    "drawdown": ("amount", "bank_reference"),
    "repayment": ("principal", "interest", "bank_reference"),
    "overdue": ("principal", "interest", "bank_reference"),
}
DILIGENCE_FIELDS = (
    "amount",
    "loan_rate",
    "term_months",
    "summary",
    "certificate_no",
    "truth_information",
    "truth_identity",
    "truth_purpose",
    "truth_operation",
)
FIELD_LABELS = {
    "amount": "金额（元）",
    "principal": "本金（元）",
    "interest": "利息（元）",
    "bank_reference": "银行流水号",
    "loan_rate": "贷款年利率",
    "term_months": "期限（月）",
    "summary": "尽调结论",
    "certificate_no": "抵押权证编号",
    "truth_information": "信息真实",
    "truth_identity": "身份真实",
    "truth_purpose": "用途真实",
    "truth_operation": "经营真实",
    "report": "尽调报告文件",
    "confirmed": "确认",
    "idempotency_key": "幂等键",
}
ENTRY_KINDS = {"drawdown": "放款", "repayment": "还款", "overdue": "逾期"}


def _render(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    """The bank console's frame, with this page's words."""
    context.setdefault("labels", FIELD_LABELS)
    return bank_page(request, template, status, **context)


add_queue_page(
    router,
    QGD,
    role=ROLE,
    queues=QUEUES,
    sorts=SORTS,
    source=SOURCE,
    render=lambda request, template, **kw: _render(request, template, **kw),
    template="console/bank_guarantees.html",
    description="劝耕贷: the guarantees recommended to the bank, by state, oldest first.",
    columns=COLUMNS,
    qgd_states=STATES,
)


def _not_found(request: Request) -> Response:
    return not_found(request, "没有这个担保项目。")


async def _detail(
    request: Request,
    me: Visitor,
    guarantee_id: str,
    refused: Refused | None = None,
    form: dict[str, Any] | None = None,
    step: str = "",
) -> Response:
    """The page with one report's form at a time (``step``; the state's first by default),
    so each field id is unique and a refusal marks exactly its field."""
    r = await fetch(request, me, "guarantee", f"/guarantees/{guarantee_id}")
    item = r
    offered = ACTIONS.get(item["state"], ())
    shown = step if step in offered else (offered[0] if offered else "")
    # the form's key, made now: a double submit of this page's form is one entry (X1);
    # a refused entry keeps its key (the service recorded nothing under it)
    key = uuid.uuid4().hex
    if form and step == shown and KEY.match(str(form.get("idempotency_key", ""))):
        key = str(form["idempotency_key"])
    return form_page(
        request,
        "console/bank_guarantee.html",
        refused,
        form,
        frame=_render,
        item=item,
        qgd_states=STATES,
        actions=[(s, *STEPS[s]) for s in offered],
        shown=shown,
        key=key,
        entry_kinds=ENTRY_KINDS,
        refused_step=step,
    )


@router.get(f"{QGD}/{{guarantee_id}}")
async def guarantee_page(
    request: Request, guarantee_id: str, step: StepName = "diligence"
) -> Response:
    """One guarantee of the bank's: its facts, the bank's entries and one report's form
    (``step``, when its state offers it)."""
    me = staff_of(request, ROLE)
    if not ID.match(guarantee_id):
        return _not_found(request)
    return await _detail(request, me, guarantee_id, step=step)


@router.post(f"{QGD}/{{guarantee_id}}/diligence")
async def diligence(
    request: Request, guarantee_id: str, form: dict = Depends(check_csrf)
) -> Response:
    """尽调报告 (G5, G15): the report's file, the proposed terms and the four truths; the
    form's own confirmation box is checked first, then the guarantee service decides."""
    me = staff_of(request, ROLE)
    if not ID.match(guarantee_id):
        return _not_found(request)
    kept = {k: v for k, v in kept_fields(form).items() if k in DILIGENCE_FIELDS}
    upload = uploaded(form, "report")
    own: dict[str, str] = {}
    if upload is None:
        own["report"] = "请选择尽调报告文件"
    for name in ("amount", "loan_rate", "term_months", "summary"):
        if not kept.get(name, "").strip():
            own[name] = f"请填写{FIELD_LABELS[name]}"
    if form.get("confirmed") != "yes":
        own["confirmed"] = "请勾选确认：提交后不能撤回"
    if own:
        return await _detail(request, me, guarantee_id, Refused.local("G5", own), kept, "diligence")
    assert upload is not None
    r = await request.app.state.upstream.call(
        "guarantee",
        "POST",
        f"/guarantees/{guarantee_id}/due-diligence",
        token=me.token,
        data={k: v.strip() for k, v in kept.items() if v.strip()},
        files={"report": await file_part(upload, "application/pdf")},
    )
    if r.status_code != 200:
        return await _detail(request, me, guarantee_id, Refused.of(r), kept, "diligence")
    return redirect_with_notice(request, "已提交尽调报告。", f"{QGD}/{guarantee_id}")


@router.post(f"{QGD}/{{guarantee_id}}/{{step}}")
async def entry(
    request: Request, guarantee_id: str, step: str, form: dict = Depends(check_csrf)
) -> Response:
    """放款 / 还款 / 逾期: a loan entry, confirmed first, sent with the form's
    Idempotency-Key (a second submit of the same form is the service's replay)."""
    me = staff_of(request, ROLE)
    if step not in ENTRY_PATHS or not ID.match(guarantee_id):
        return _not_found(request)
    fields = ENTRY_FIELDS[step]
    kept = {k: v.strip() for k, v in kept_fields(form).items() if k in (*fields, "idempotency_key")}
    own = {
        name: f"请填写{FIELD_LABELS[name]}"
        for name in fields
        if name != "interest" and not kept.get(name)
    }
    if not KEY.match(kept.get("idempotency_key", "")):
        own["idempotency_key"] = "表单已失效，请重新打开页面"
    if own:
        return await _detail(request, me, guarantee_id, Refused.local("X1", own), kept, step)
    label, warning = STEPS[step]
    back = f"{QGD}/{guarantee_id}"
    if not confirmed(form):
        facts = [("担保项目", guarantee_id)]
        facts += [(FIELD_LABELS[k], kept[k]) for k in fields if kept.get(k)]
        return confirm_page(
            request,
            frame=_render,
            heading=label,
            warning=warning,
            verb=label.removeprefix("报送"),
            action=f"{back}/{step}",
            back=back,
            facts=facts,
            kept=kept,
        )
    body: dict[str, Any] = {k: kept[k] for k in fields if kept.get(k)}
    r = await request.app.state.upstream.call(
        "guarantee",
        "POST",
        f"/guarantees/{guarantee_id}/{ENTRY_PATHS[step]}",
        token=me.token,
        json=body,
        headers={"Idempotency-Key": kept["idempotency_key"]},
    )
    if r.status_code != 201:
        return await _detail(request, me, guarantee_id, Refused.of(r), kept, step)
    return redirect_with_notice(request, f"已{label}。", back)
