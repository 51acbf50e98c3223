"""文书核验 — the public page a printed document's QR code leads to (issue 20).

The verification code's first letter names the service that issued and keeps the
document (common.documents.ISSUER_PREFIX); the page asks that service's public
``/documents/<code>/verification`` and shows whether the document is valid, superseded
or revoked, what it certifies (personal data masked by the issuer) and — when the QR
code's ``h`` is given — whether the paper's content hash is the register's.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse

from common.documents import CODE_PATTERN, HASH_PATTERN, issuer_of_code
from common.filings import XLSX
from portal.session import visitor
from portal.upstream import Unavailable
from portal.views import error_page, fetch_json, refusal, render

router = APIRouter()

_CODE = re.compile(CODE_PATTERN)
_HASH = re.compile(HASH_PATTERN)

#: The summary's keys as a reader sees them.
LABELS = {
    "confirmation_no": "成交确认书编号",
    "title": "交易项目",
    "listing_id": "项目编号",
    "mode": "交易方式",
    "seller": "转出方",
    "seller_party_id": "转出方证件号",
    "buyer": "受让方",
    "buyer_party_id": "受让方证件号",
    "price": "成交价（元）",
    "concluded_at": "成交时间",
    "certificate_no": "权证号",
    "location": "坐落",
    "holder": "权利人",
    "lender": "抵押权人",
    "secured_amount": "担保债权（元）",
    "rank": "抵押顺位",
    "registered_at": "登记时间",
    "term_end": "期限至",
    "status": "登记状态",
    "flags": "限制标记",
    "liens": "抵押登记",
    "searched_at": "查询时间",
    # issue 20's later documents (announcement, result, notices, certificates)
    "reserve_price": "挂牌底价（元）",
    "ends_at": "公告（公示）截止时间",
    "suspended": "是否已中止",
    "contract_no": "合同编号",
    "settled_at": "结清时间",
    "outcome": "处理结果",
    "party_id": "证件号",
    "amount": "金额（元）",
    "borrower": "借款人",
    "village": "村",
    "guarantee_id": "担保项目编号",
    "overdue": "逾期本息（元）",
    "guarantor_paid": "担保机构代偿（元）",
    "county_share": "县财政分担（元）",
    "paid_at": "代偿时间",
    "lender_org_id": "合作银行",
    "parcels": "宗地",
    "copies": "份数",
}
STATUS = {
    "valid": ("有效", "Valid: the register holds this document as issued."),
    "superseded": ("已被更正或补发", "Superseded by a document issued later."),
    "revoked": ("已作废", "Revoked: what it certified no longer holds."),
}


def _normal(code: str) -> str:
    """What a person types: any case, with spaces or dashes between groups."""
    return re.sub(r"[\s-]", "", code).upper()


def _invalid(request: Request, field: str, detail: str) -> Response:
    return error_page(request, 422, "输入有误 · Invalid input", f"{field}: {detail}", "X4")


def _facts(summary: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(LABELS.get(k, k), v) for k, v in summary.items()]


@router.get("/verify")
async def verify_form(request: Request, code: str | None = Query(None, max_length=40)) -> Response:
    """The form: type the code printed beside the QR code."""
    if code:
        normal = _normal(code)
        if not _CODE.match(normal):
            return _invalid(request, "code", "验证码为10位字母数字 (a 10-character code)")
        return RedirectResponse(f"/verify/{normal}", status_code=303)
    return render(request, "verify.html", doc=None)


@router.get("/verify/{code}")
async def verify(
    request: Request, code: str, h: str | None = Query(None, max_length=64)
) -> Response:
    """A document's verification: valid, superseded or revoked, and what it certifies."""
    normal = _normal(code[:40])
    if not _CODE.match(normal):
        return _invalid(request, "code", "验证码为10位字母数字 (a 10-character code)")
    if h is not None and not _HASH.match(h):
        return _invalid(request, "h", "内容摘要应为16–64位十六进制 (16–64 hex characters)")
    service = issuer_of_code(normal)
    assert service is not None  # the pattern admits only known letters
    params = {"h": h} if h else {}
    doc = await fetch_json(request, service, f"/documents/{normal}/verification", **params)
    return render(
        request,
        "verify.html",
        doc=doc,
        status=STATUS.get(doc["status"], (doc["status"], "")),
        facts=_facts(doc["summary"]),
        presented=h,
    )


# --- print: an issued PDF relayed to the browser (issue 20) ----------------------------

#: The documents a page may offer to print, per issuing service: the portal relays only
#: these (with the visitor's own token: the service decides who may read each).
PRINTABLE: dict[str, re.Pattern[str]] = {
    "listing": re.compile(
        r"^(listings/[0-9a-f]{32}/intake-receipt|board/listings/[0-9a-f]{32}/(announcement|result))\.pdf$"
    ),
    "bidding": re.compile(
        r"^(deals/[0-9A-Za-z-]{1,64}/(confirmation|certificate)|deposits/[0-9]{1,18}/notice)\.pdf$"
    ),
    "registry": re.compile(
        r"^(liens/[0-9A-Za-z-]{1,64}/certificate|search-certificates/CX[0-9]{14}"
        r"|lien-applications/[0-9A-Za-z-]{1,64}/consent-letter)\.pdf$"
    ),
    "guarantee": re.compile(
        r"^(notices/[0-9a-f]{32}|guarantees/[0-9a-f]{32}/compensation-notice)\.pdf$"
    ),
}


#: The X7 filed versions (common.filing_routes, ``…/filings/{period}/{version}``) the
#: consoles offer as their PDF or spreadsheet, per service: G9, L25, R24, Z13.
_FILED_VERSION = r"/filings/20[0-9]{2}(-Q[1-4]|-(0[1-9]|1[0-2]))?/[1-9][0-9]{0,4}$"
FILED: dict[str, re.Pattern[str]] = {
    "guarantee": re.compile(r"^reports/[0-9]{6}" + _FILED_VERSION),
    "listing": re.compile(r"^counties/[0-9]{6}/market-monitoring" + _FILED_VERSION),
    "registry": re.compile(r"^counties/[0-9]{6}/pilot-statistics" + _FILED_VERSION),
    "collective": re.compile(r"^counties/[0-9]{6}/homestead-statistics" + _FILED_VERSION),
}
#: a filed version's formats: the media type the relay answers with, and how the browser
#: takes it (the PDF opens in its viewer; the spreadsheet is saved)
FORMATS = {"pdf": ("application/pdf", "inline"), "xlsx": (XLSX, "attachment")}


@router.get("/print/{service}/{path:path}")
async def print_document(
    request: Request,
    service: str,
    path: str,
    format: Annotated[Literal["pdf", "xlsx"] | None, Query()] = None,
) -> Response:
    """An issued document as its PDF, shown in the browser to print (打印), or a filed
    version of an X7 report as its PDF or spreadsheet (``format``): streamed from the
    service as it comes, never held whole; only the documents of :data:`PRINTABLE` and
    the filings of :data:`FILED`, asked with the visitor's own token (or none for a
    public document)."""
    printable = PRINTABLE.get(service)
    filed = FILED.get(service)
    if printable is not None and printable.match(path) and format in (None, "pdf"):
        target, (media, disposition) = "/" + path, FORMATS["pdf"]
    elif filed is not None and filed.match(path) and format is not None:
        target, (media, disposition) = f"/{path}?format={format}", FORMATS[format]
    else:
        return error_page(request, 404, "没有这份文书 · No such document", path[:80], "X3")
    stack = AsyncExitStack()
    upstream = request.app.state.upstream
    r = await stack.enter_async_context(
        upstream.stream(service, target, token=visitor(request).token)
    )
    if r.status_code != 200:
        await r.aread()
        await stack.aclose()
        if r.status_code >= 500:  # the portal never answers 500: the service is unwell
            raise Unavailable(service)
        return refusal(request, r)

    async def chunks() -> AsyncIterator[bytes]:
        try:
            async for chunk in r.aiter_raw():
                yield chunk
        finally:
            await stack.aclose()

    headers = {
        # a PDF inline: the browser's viewer opens it, with its print button
        "Content-Disposition": r.headers.get("content-disposition", "").replace(
            "attachment", disposition, 1
        ),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }
    for name in ("content-length", "x-document-code", "repr-digest"):
        if name in r.headers:
            headers[name] = r.headers[name]
    return StreamingResponse(chunks(), media_type=media, headers=headers)
