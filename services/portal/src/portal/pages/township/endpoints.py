"""The township window console — 乡镇服务窗口: intake wizard (L1–L3) with the
construction-land step (集体经营性建设用地, L15/L16), the L3 checklist with uploads, the
site inspection (现场勘察, L21) when the listing needs one, submit, the township initial
review (初审, L4), corrections after a rejection with every reason at once (一次性告知,
L4) and the farmer's receipt.

Every call carries the clerk's own token: the listing service decides (another
township's listing is its X3 refusal, shown in its words).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from common.clock import local_date
from portal import labels
from portal.console import (
    LISTING_SORTS,
    Queue,
    Refused,
    add_queue_page,
    confirm_page,
    confirmed,
    console_frame,
    fetch,
    form_page,
    kept_fields,
    staff_of,
)
from portal.jobs import LABELS as JOB_LABELS
from portal.jobs import add_job_pages
from portal.pages.board.endpoints import LISTING_ID
from portal.pages.entry.endpoints import PRICE_USES
from portal.pages.entry.endpoints import USES as LAND_USES
from portal.session import Visitor, check_csrf, chosen_file, file_part, uploaded
from portal.views import PageAnswer, not_found, redirect_with_notice

router = APIRouter()

BASE = "/console/township"
ROLE = "township_clerk"

#: The window's work queues, in the order of the tabs.
QUEUES: tuple[Queue, ...] = (
    Queue("review", "待初审", "submitted", "已提交的申请，等待乡镇初审"),
    Queue("returned", "退回待补正", "returned", "被退回的申请，按全部理由补正后重新提交"),
    Queue("draft", "草稿", "draft", "已录入、材料未齐或尚未提交的申请"),
)
#: Table columns: (the service's sort key, or "" for none; the header).
COLUMNS = (
    ("updated_at", "等待自"),
    ("title", "项目名称"),
    ("", "出让方"),
    ("area_mu", "面积"),
    ("reserve_price", "底价"),
    ("", "状态"),
)
STATUSES = {
    "draft": "草稿",
    "submitted": "待初审",
    "returned": "已退回",
    "pre_review": "待县级前置审核",
    "pre_reviewed": "前置审核通过",
    "registered": "交易中心已登记",
} | labels.STATUSES
#: L3 required materials (第十条), as listing names them.
DOCUMENTS = {
    "application_form": "交易申请书",
    "seller_qualification": "出让方资格证明",
    "title_certificate": "产权权属证明",
    "trade_permission": "准予交易证明",
    "object_description": "交易标的基本情况",
    "reserve_price_basis": "底价或底价依据",
}
OTHER_DOCUMENT = {"other": "其他材料（交易中心要求的）"}
SELLER_KINDS = {
    "farmer": "农户",
    "collective": "农村集体经济组织",
    "cooperative": "农民专业合作社",
    "enterprise": "企业",
}
MODES = {k: v for k, v in labels.MODES.items() if k != "negotiation"}
#: The wizard's fields, by step: (step title, field names).
STEPS = (
    ("交易标的", ("title", "product", "description")),
    ("方式与期限", ("way", "mode", "term_start", "term_end")),
    ("面积与坐落", ("area_mu", "location", "right_certificate_no")),
    ("出让方", ("seller_kind", "seller_name", "seller_party_id", "collective_id")),
    ("价格", ("reserve_price", "deposit", "increment")),
)
#: L15: the product whose listing has the construction-land step of its own.
CONSTRUCTION_LAND = "collective_construction_land"
#: That step's text fields (L15's use and planning conditions, L16's class, grade and
#: area for the base land price, the appraisal) and L15's yes/no facts (checkboxes).
CONSTRUCTION_FIELDS = (
    "land_use",
    "planning_conditions",
    "area_m2",
    "price_class",
    "land_grade",
    "appraisal_value",
)
L15_FACTS = {
    "spatial_plan_done": "已编制国土空间规划",
    "ownership_registered": "已办理集体土地所有权和使用权登记",
    "converted_farmland": "属于新增建设用地占用的耕地",
    "is_homestead": "属于宅基地",
    "for_commercial_housing": "拟用于商品住宅开发",
}
INSPECTOR_ROLES = {"township_window": "乡镇服务窗口工作人员", "village_liaison": "村级联络员"}
FIELD_LABELS = (
    {
        "title": "项目名称",
        "product": "交易品种",
        "description": "标的描述",
        "way": "流转方式",
        "mode": "竞价方式",
        "term_start": "流转起始日",
        "term_end": "流转终止日",
        "area_mu": "面积（亩）",
        "location": "坐落",
        "right_certificate_no": "权证编号",
        "seller_kind": "出让方类型",
        "seller_name": "出让方姓名/名称",
        "seller_party_id": "身份证号/统一社会信用代码",
        "reserve_price": "底价（元）",
        "deposit": "交易保证金（元）",
        "increment": "加价幅度（元）",
        "collective_id": "所属集体经济组织编号",
        "land_use": "土地用途",
        "planning_conditions": "规划条件（容积率、建筑密度、绿地率等）",
        "area_m2": "土地面积（平方米）",
        "price_class": "基准地价用途类别",
        "land_grade": "土地级别（1–9，定级范围外不填）",
        "appraisal_value": "评估价（元）",
        "site_inspection": "现场勘察",
        "inspector_name": "勘察人",
        "inspector_role": "勘察人身份",
        "inspected_on": "勘察日期（年-月-日）",
        "boundary_matches": "四至核对",
        "boundary_note": "核对说明",
        "photos": "现场照片",
        "opinion": "初审意见",
        "reasons": "退回理由",
        "approve": "初审结论",
    }
    | DOCUMENTS
    | OTHER_DOCUMENT
    | L15_FACTS
)
OPTIONAL = {"description", "term_start", "term_end", "right_certificate_no", "collective_id"}
#: Fields of the listing a correction keeps although the wizard does not show them (for
#: its product): the whole-listing PUT would otherwise reset them to the defaults.
CARRIED = (
    "tender_opening_at",
    "extension_seconds",
    "free_period_seconds",
    "asset_value",
    "annual_transfer_price_per_mu",
    "intended_use",
    "entrustments",
    "entry_plan_id",
    "entry_deal_id",
    *CONSTRUCTION_FIELDS,
    *L15_FACTS,
)


_page = console_frame(
    "乡镇服务窗口",
    [(BASE, "工作队列"), (f"{BASE}/new", "受理新申请"), (f"{BASE}/jobs", "摸底表导入")],
    labels=FIELD_LABELS | JOB_LABELS,
    statuses=STATUSES,
    products=labels.PRODUCTS,
    ways=labels.WAYS,
    modes=MODES,
    seller_kinds=SELLER_KINDS,
    documents=DOCUMENTS,
    steps=STEPS,
    land_uses=LAND_USES,
    price_uses=PRICE_USES,
    l15_facts=L15_FACTS,
    inspector_roles=INSPECTOR_ROLES,
    construction_land=CONSTRUCTION_LAND,
)


def _clerk(request: Request) -> Visitor:
    return staff_of(request, ROLE)


# 建档立卡: the survey sheet's bulk import as a job (G5; the guarantee service's worker)
add_job_pages(router, BASE, role=ROLE, render=_page, start="borrower_import")


add_queue_page(
    router,
    BASE,
    role=ROLE,
    queues=QUEUES,
    sorts=LISTING_SORTS,
    render=_page,
    template="console/township_queue.html",
    description="工作队列: what waits for the window, oldest first, with counts per queue.",
    columns=COLUMNS,
)


# --- intake wizard ------------------------------------------------------------------------


def listing_body(form: dict[str, Any]) -> dict[str, Any]:
    """The listing as the service takes it (ListingIn) from the wizard's fields; empty
    optional fields are left out, so the service's defaults apply."""
    body: dict[str, Any] = {}
    for _title, names in STEPS:
        for name in names:
            value = str(form.get(name, "")).strip()
            if name == "seller_party_id":
                value = value.upper()
            if value or name not in OPTIONAL:
                body[name] = value
    if body.get("product") == CONSTRUCTION_LAND:  # L15/L16: that product's own step
        for name in CONSTRUCTION_FIELDS:
            if value := str(form.get(name, "")).strip():
                body[name] = value
        for name in L15_FACTS:
            body[name] = form.get(name) == "yes"
    return body


def shown_fields(product: str) -> set[str]:
    """What the wizard shows (and so sends) for a product: a correction carries the
    rest of the listing as it was."""
    shown = {name for _title, names in STEPS for name in names}
    if product == CONSTRUCTION_LAND:
        shown |= {*CONSTRUCTION_FIELDS, *L15_FACTS}
    return shown


def _wizard(
    request: Request, form: dict[str, Any], refused: Refused | None, **context: Any
) -> Response:
    return form_page(request, "console/township_wizard.html", refused, form, frame=_page, **context)


@router.get(f"{BASE}/new")
async def wizard_page(request: Request) -> Response:
    """受理新申请: the intake wizard (keyboard: Tab, Enter to go on)."""
    _clerk(request)  # the gate only: the wizard's first page asks the service nothing
    form = {
        "product": "contracted_land",
        "way": "lease",
        "mode": "ascending",
        "seller_kind": "farmer",
    }
    return _wizard(request, form, None, action=f"{BASE}/new", correcting=None)


@router.post(f"{BASE}/new")
async def wizard_post(request: Request, form: dict = Depends(check_csrf)) -> Response:
    """Creates the listing (a draft); the materials come next."""
    me = _clerk(request)
    r = await request.app.state.upstream.call(
        "listing", "POST", "/listings", token=me.token, json=listing_body(form)
    )
    if r.status_code != 201:
        return _wizard(
            request, kept_fields(form), Refused.of(r), action=f"{BASE}/new", correcting=None
        )
    listing = r.json()
    return redirect_with_notice(
        request,
        f"申请已录入（编号 {listing['id']}），请上传申请材料。",
        f"{BASE}/listings/{listing['id']}#materials",
    )


# --- one listing: materials, submit, review --------------------------------------------


async def staff_listing(
    request: Request, me: Visitor, listing_id: str, *, documents: bool = True
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The listing as this staff member may see it (the service decides), and its
    materials unless ``documents`` is False (the wizard's pages need only the listing:
    one request, not two). The window and the county department both read it so."""
    if not LISTING_ID.match(listing_id):
        raise PageAnswer(not_found(request, "没有这个挂牌项目。"))
    r = await fetch(request, me, "listing", f"/listings/{listing_id}")
    if not documents:
        return r, []
    docs = await fetch(request, me, "listing", f"/listings/{listing_id}/documents")
    return r, docs


async def _listing_page(
    request: Request,
    me: Visitor,
    listing_id: str,
    refused: Refused | None = None,
    form: dict[str, Any] | None = None,
) -> Response:
    found = await staff_listing(request, me, listing_id)
    listing, docs = found
    have = {d["doc_type"] for d in docs}
    inspections = (  # L21: the service says whether this listing needs one
        await fetch(request, me, "listing", f"/listings/{listing_id}/site-inspections")
        if listing.get("site_inspection_required")
        else []
    )
    return form_page(
        request,
        "console/township_listing.html",
        refused,
        form,
        frame=_page,
        item=listing,
        docs=docs,
        missing=[k for k in DOCUMENTS if k not in have],
        photos=[d for d in docs if d["doc_type"] == "site_photo"],
        inspections=inspections,
        reference=await _reference(request, me, listing),
        today=local_date(request.app.state.clock.now()),
    )


async def _reference(request: Request, me: Visitor, listing: dict[str, Any]) -> Any:
    """L16's reference beside the reserve of construction land with a base land price
    class: a warning to show, never a refusal (the service's answer when it has one)."""
    if listing["product"] != CONSTRUCTION_LAND or not listing.get("price_class"):
        return None
    r = await request.app.state.upstream.get(
        "listing", f"/listings/{listing['id']}/reference", token=me.token
    )
    return r.json() if r.status_code == 200 else None


@router.get(f"{BASE}/listings/{{listing_id}}")
async def listing_page(request: Request, listing_id: str) -> Response:
    """One application: its facts, the L3 checklist, and what the window does next."""
    me = _clerk(request)
    return await _listing_page(request, me, listing_id)


async def _send(
    request: Request, me: Visitor, listing_id: str, doc_type: str, upload: UploadFile
) -> tuple[int | None, str, Refused | None]:
    """One file to the listing's materials: its document id, or why not (in Chinese)
    with the service's refusal when the service refused it."""
    limit = request.app.state.settings.max_document_bytes
    if (upload.size or 0) > limit:
        return None, f"文件过大，不得超过 {limit // (1024 * 1024)} MB（L3）", None
    r = await request.app.state.upstream.call(
        "listing",
        "POST",
        f"/listings/{listing_id}/documents",
        token=me.token,
        data={"doc_type": doc_type},
        files={"file": await file_part(upload)},
    )
    if r.status_code != 201:
        one = Refused.of(r)
        return None, "；".join(one.fields.values()) or one.detail or one.title, one
    return r.json()["id"], "", None


@router.post(f"{BASE}/listings/{{listing_id}}/documents")
async def documents_post(
    request: Request, listing_id: str, form: dict = Depends(check_csrf)
) -> Response:
    """Sends each chosen file of the checklist to the service; a refused file is named
    (and highlighted), the others stand."""
    me = _clerk(request)
    if not LISTING_ID.match(listing_id):
        return not_found(request, "没有这个挂牌项目。")
    chosen = [(k, f) for k in (*DOCUMENTS, *OTHER_DOCUMENT) if (f := uploaded(form, k))]
    if not chosen:
        missing = Refused.local("L3", {"application_form": "请至少选择一个文件"}, "没有选择文件")
        return await _listing_page(request, me, listing_id, missing)
    fields: dict[str, str] = {}
    refused: Refused | None = None
    for doc_type, upload in chosen:
        _sent, why, one = await _send(request, me, listing_id, doc_type, upload)
        if why:
            fields[doc_type] = why
            refused = refused or one
    if fields:
        shown = refused or Refused.local("L3", {})
        shown.fields = fields
        shown.title = "部分材料未能上传"
        return await _listing_page(request, me, listing_id, shown)
    return redirect_with_notice(
        request, f"已上传 {len(chosen)} 份材料。", f"{BASE}/listings/{listing_id}#materials"
    )


# --- the site inspection (L21) ------------------------------------------------------------


def _inspection_problems(kept: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The inspection as the service takes it (SiteInspectionIn, without the photos) and
    what the page itself finds missing, all at once."""
    own: dict[str, str] = {}
    name = kept.get("inspector_name", "").strip()
    if not name:
        own["inspector_name"] = "请填写勘察人姓名"
    role = kept.get("inspector_role", "")
    if role not in INSPECTOR_ROLES:
        own["inspector_role"] = "请选择勘察人身份"
    try:
        on = date.fromisoformat(kept.get("inspected_on", "").strip())
    except ValueError:
        own["inspected_on"] = "请按 年-月-日 填写勘察日期"
        on = None
    boundary = kept.get("boundary_matches")
    if boundary not in ("yes", "no"):
        own["boundary_matches"] = "请选择现场四至是否与申请一致"
    body = {
        "inspector_name": name,
        "inspector_role": role,
        "inspected_on": on.isoformat() if on else "",
        "boundary_matches": boundary == "yes",
        "boundary_note": kept.get("boundary_note", "").strip(),
    }
    return body, own


@router.post(f"{BASE}/listings/{{listing_id}}/site-inspections")
async def site_inspection_post(
    request: Request, listing_id: str, form: dict = Depends(check_csrf)
) -> Response:
    """现场勘察 (L21): the photos chosen are uploaded as the listing's site photos, then
    the inspection — who, date, the boundary check — is recorded with every site photo
    of the listing. The service decides the rest (a date after today is its refusal)."""
    me = _clerk(request)
    if not LISTING_ID.match(listing_id):
        return not_found(request, "没有这个挂牌项目。")
    kept = kept_fields(form)
    body, own = _inspection_problems(kept)
    chosen = [f for f in (await request.form()).getlist("photos") if chosen_file(f)]
    _listing, docs = await staff_listing(request, me, listing_id)
    photo_ids = [d["id"] for d in docs if d["doc_type"] == "site_photo"]
    if not chosen and not photo_ids:
        own["photos"] = "请上传现场勘察照片"
    if own:
        return await _listing_page(request, me, listing_id, Refused.local("L21", own), kept)
    for upload in chosen:
        sent, why, one = await _send(request, me, listing_id, "site_photo", upload)
        if sent is None:
            shown = one or Refused.local("L21", {})
            shown.fields = {"photos": why}
            return await _listing_page(request, me, listing_id, shown, kept)
        photo_ids.append(sent)
    r = await request.app.state.upstream.call(
        "listing",
        "POST",
        f"/listings/{listing_id}/site-inspections",
        token=me.token,
        json=body | {"photo_document_ids": photo_ids},
    )
    if r.status_code != 201:
        return await _listing_page(request, me, listing_id, Refused.of(r), kept)
    return redirect_with_notice(
        request,
        (
            "已记录现场勘察，四至与申请一致。"
            if body["boundary_matches"]
            else "已记录现场勘察：四至与申请不符，初审不能同意，请核实后重新勘察。"
        ),
        f"{BASE}/listings/{listing_id}#site-inspection",
    )


@router.post(f"{BASE}/listings/{{listing_id}}/documents/{{document_id}}/delete")
async def document_delete(
    request: Request, listing_id: str, document_id: str, form: dict = Depends(check_csrf)
) -> Response:
    """A wrong upload removed, after confirmation, while the listing is a draft or
    returned (the service refuses otherwise; its log keeps what was removed, X2)."""
    me = _clerk(request)
    # a text path parameter checked here, after the gate: another role gets its 403 first
    if not document_id.isdigit() or not 1 <= int(document_id) < 2**63:
        return not_found(request, "没有这份材料。")
    found = await staff_listing(request, me, listing_id)
    listing, docs = found
    doc = next((d for d in docs if d["id"] == int(document_id)), None)
    if doc is None:
        return not_found(request, "没有这份材料。")
    back = f"{BASE}/listings/{listing_id}"
    if not confirmed(form):
        return confirm_page(
            request,
            frame=_page,
            heading=f"删除材料 {doc['filename']}",
            warning="删除后须重新上传这份材料；删除记录（类型、文件名、校验码）保留在审核日志中。",
            verb="删除",
            action=f"{back}/documents/{document_id}/delete",
            back=back,
            facts=[
                ("项目", listing["title"]),
                ("材料", f"{DOCUMENTS.get(doc['doc_type'], '其他材料')}：{doc['filename']}"),
            ],
            kept={},
        )
    r = await request.app.state.upstream.call(
        "listing", "DELETE", f"/listings/{listing_id}/documents/{document_id}", token=me.token
    )
    if r.status_code != 204:
        return await _listing_page(request, me, listing_id, Refused.of(r))
    return redirect_with_notice(
        request, f"已删除材料 {doc['filename']}，请重新上传。", f"{back}#materials"
    )


@router.post(f"{BASE}/listings/{{listing_id}}/submit")
async def submit_post(
    request: Request, listing_id: str, form: dict = Depends(check_csrf)
) -> Response:
    """提交: after confirmation (the application then leaves the window, L3)."""
    me = _clerk(request)
    found = await staff_listing(request, me, listing_id)
    listing, docs = found
    back = f"{BASE}/listings/{listing_id}"
    if not confirmed(form):
        return confirm_page(
            request,
            frame=_page,
            heading=f"提交申请 {listing['title']}",
            warning="提交后申请离开窗口进入乡镇初审，材料不能再修改或删除。",
            verb="提交",
            action=f"{back}/submit",
            back=back,
            facts=[("编号", listing["id"]), ("出让方", listing["seller_name"])]
            + [
                ("材料", f"{DOCUMENTS.get(d['doc_type'], d['doc_type'])}：{d['filename']}")
                for d in docs
            ],
            kept={},
        )
    r = await request.app.state.upstream.call(
        "listing", "POST", f"/listings/{listing_id}/submit", token=me.token, json={}
    )
    if r.status_code != 200:
        return await _listing_page(request, me, listing_id, Refused.of(r))
    return redirect_with_notice(
        request, "申请已提交，等待乡镇初审。可打印受理回执交给出让方。", back
    )


@router.post(f"{BASE}/listings/{{listing_id}}/review")
async def review_post(
    request: Request, listing_id: str, form: dict = Depends(check_csrf)
) -> Response:
    """初审: approve (to the county department) or return with every reason (L4)."""
    me = _clerk(request)
    kept = kept_fields(form)
    approve = kept.get("approve")
    opinion = kept.get("opinion", "").strip()
    reasons = [line.strip() for line in kept.get("reasons", "").splitlines() if line.strip()]
    own: dict[str, str] = {}
    if approve not in ("yes", "no"):
        own["approve"] = "请选择同意上报或退回补正"
    if not opinion:
        own["opinion"] = "请填写初审意见"
    if approve == "no" and not reasons:
        own["reasons"] = "退回须逐条写明全部理由（一次性告知）"
    if own:
        return await _listing_page(request, me, listing_id, Refused.local("L4", own), kept)
    back = f"{BASE}/listings/{listing_id}"
    if not confirmed(form):
        found = await staff_listing(request, me, listing_id, documents=False)
        listing = found[0]
        facts = [("项目", listing["title"]), ("初审意见", opinion)]
        facts += [(f"理由 {i}", r) for i, r in enumerate(reasons, 1)] if approve == "no" else []
        return confirm_page(
            request,
            frame=_page,
            heading="同意上报县级主管部门" if approve == "yes" else "退回窗口补正",
            warning="初审结论提交后不能撤回。",
            verb="提交初审结论",
            action=f"{back}/review",
            back=back,
            facts=facts,
            kept=kept,
        )
    body = {"approve": approve == "yes", "opinion": opinion, "reasons": reasons}
    r = await request.app.state.upstream.call(
        "listing", "POST", f"/listings/{listing_id}/township-review", token=me.token, json=body
    )
    if r.status_code != 200:
        return await _listing_page(request, me, listing_id, Refused.of(r), kept)
    return redirect_with_notice(
        request,
        (
            "初审同意，已上报县级主管部门前置审核。"
            if approve == "yes"
            else "已退回补正，理由已一次性告知。"
        ),
        f"{BASE}?queue=review",
    )


# --- corrections after a rejection (L4) ---------------------------------------------------


def _form_of(listing: dict[str, Any]) -> dict[str, str]:
    """The wizard's fields filled from the listing, to correct it."""
    out: dict[str, str] = {}
    for name in (*(n for _title, names in STEPS for n in names), *CONSTRUCTION_FIELDS):
        value = listing.get(name)
        out[name] = "" if value is None else str(value)
    for name in L15_FACTS:
        out[name] = "yes" if listing.get(name) else ""
    return out


@router.get(f"{BASE}/listings/{{listing_id}}/correct")
async def correct_page(request: Request, listing_id: str) -> Response:
    """补正: every reason of the return at once, beside the application's fields."""
    me = _clerk(request)
    found = await staff_listing(request, me, listing_id, documents=False)
    listing = found[0]
    return _wizard(
        request,
        _form_of(listing),
        None,
        action=f"{BASE}/listings/{listing_id}/correct",
        correcting=listing,
    )


@router.post(f"{BASE}/listings/{{listing_id}}/correct")
async def correct_post(
    request: Request, listing_id: str, form: dict = Depends(check_csrf)
) -> Response:
    me = _clerk(request)
    found = await staff_listing(request, me, listing_id, documents=False)
    listing = found[0]
    # the PUT replaces the listing: what the wizard does not show but the service gave
    # back is sent as it was, so a correction never drops it
    body = listing_body(form)
    shown = shown_fields(body.get("product", ""))
    kept_as_was = {k: listing[k] for k in CARRIED if k not in shown and listing.get(k) is not None}
    if body.get("product") != listing["product"]:
        kept_as_was.pop("intended_use", None)  # L18's use is the old product's
    r = await request.app.state.upstream.call(
        "listing",
        "PUT",
        f"/listings/{listing_id}",
        token=me.token,
        json=body | kept_as_was,
    )
    if r.status_code != 200:
        return _wizard(
            request,
            kept_fields(form),
            Refused.of(r),
            action=f"{BASE}/listings/{listing_id}/correct",
            correcting=listing,
        )
    return redirect_with_notice(
        request, "已保存补正，请核对材料后重新提交。", f"{BASE}/listings/{listing_id}#materials"
    )


# --- the farmer's receipt -----------------------------------------------------------------


@router.get(f"{BASE}/listings/{{listing_id}}/receipt")
async def receipt_page(request: Request, listing_id: str) -> Response:
    """受理回执: a printable page for the farmer (print CSS; PDFs are issue 20)."""
    me = _clerk(request)
    found = await staff_listing(request, me, listing_id)
    listing, docs = found
    return _page(
        request,
        "console/township_receipt.html",
        item=listing,
        docs=docs,
        masked_id=mask_id(listing["seller_party_id"]),
        township=labels.TOWNSHIPS.get(listing["township"], listing["township"]),
        printed_at=request.app.state.clock.now(),
    )


def mask_id(party_id: str) -> str:
    """A receipt can be lost: the ID number with its birth date and sequence hidden."""
    return (
        party_id[:6] + "*" * (len(party_id) - 10) + party_id[-4:]
        if len(party_id) > 10
        else party_id
    )
