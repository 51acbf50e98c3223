"""The centre's county parameters — 县级参数 (X2): every service's parameters of the
county in force today, each with its recorded versions (who, when, from which day, why
— the service's own history, kept with its audit record), and a new version with its
reason where the centre may set it (the listing's and the bidding service's; the others'
belong to their departments and are shown read only).

Each service keeps its own catalogue (``common.county_config``); the page asks each one
with the staff member's token and writes through its ``PUT``, which refuses a value that
breaks the parameter's rule or a day in the past — shown on the field, nothing changed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from portal.console import Refused, confirmed, kept_fields, staff_of
from portal.pages.centre.endpoints import BASE, ROLE, _page
from portal.personas import COUNTY
from portal.session import Visitor, check_csrf
from portal.views import error_page, refusal

router = APIRouter()

#: the services whose county parameters the centre reads, in the order shown, and
#: whether the centre itself may set them (each service's PUT says who may)
SERVICES: dict[str, tuple[str, bool]] = {
    "listing": ("挂牌（交易中心）", True),
    "bidding": ("竞价与结算（交易中心）", True),
    "registry": ("抵押登记（登记机构）", False),
    "guarantee": ("全权贷担保（县农业农村局、县财政局）", False),
    "collective": ("集体经济组织与宅基地（乡镇宅基地办）", False),
}
KEY = re.compile(r"^[a-z][a-z0-9_]{0,79}$")
LABELS = {"value": "新参数值", "effective_from": "生效日期", "reason": "变更理由"}


@router.get(f"{BASE}/parameters")
async def parameters_page(request: Request) -> Response:
    """The county's parameters in force today, service by service."""
    me = staff_of(request, ROLE)
    if isinstance(me, Response):
        return me
    groups = []
    for service, (label, writable) in SERVICES.items():
        r = await request.app.state.upstream.get(
            service, f"/county-parameters/{COUNTY}", token=me.token
        )
        if r.status_code != 200:
            return refusal(request, r)
        groups.append((service, label, writable, r.json()))
    return _page(request, "console/centre_parameters.html", groups=groups, shown=shown)


def shown(value: Any) -> str:
    """A parameter value as its JSON form (what the service stores and the form takes)."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def typed_value(text: str, current: Any) -> Any:
    """The new value in the parameter's JSON form: a text parameter as typed, any other
    (a number, a list, a table) parsed as JSON; what does not parse goes as typed, so the
    service's refusal names the field."""
    if isinstance(current, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


async def _parameter_page(
    request: Request,
    me: Visitor,
    service: str,
    key: str,
    refused: Refused | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    if service not in SERVICES or not KEY.match(key):
        return error_page(request, 404, "页面不存在 · Not found", "没有这个县级参数。")
    upstream = request.app.state.upstream
    now = await upstream.get(service, f"/county-parameters/{COUNTY}", token=me.token)
    if now.status_code != 200:
        return refusal(request, now)
    param = next((x for x in now.json() if x["key"] == key), None)
    if param is None:
        return error_page(request, 404, "页面不存在 · Not found", "没有这个县级参数。")
    history = await upstream.get(service, f"/county-parameters/{COUNTY}/{key}", token=me.token)
    if history.status_code != 200:
        return refusal(request, history)
    label, writable = SERVICES[service]
    return _page(
        request,
        "console/centre_parameter.html",
        refused.status if refused else 200,
        service=service,
        service_label=label,
        writable=writable,
        param=param,
        versions=list(reversed(history.json())),  # newest first
        refused=refused,
        form=form or {"value": shown(param["value"])},
        shown=shown,
        fields=LABELS,
    )


@router.get(f"{BASE}/parameters/{{service}}/{{key}}")
async def parameter_page(request: Request, service: str, key: str) -> Response:
    """One parameter: in force, every recorded version (X2), and the form of a new one."""
    me = staff_of(request, ROLE)
    if isinstance(me, Response):
        return me
    return await _parameter_page(request, me, service, key)


@router.post(f"{BASE}/parameters/{{service}}/{{key}}")
async def parameter_post(
    request: Request, service: str, key: str, form: dict = Depends(check_csrf)
) -> Response:
    """A new version from a day on, with its reason: confirmed first; the service checks
    the value against the parameter's rule and refuses a day in the past."""
    me = staff_of(request, ROLE)
    if isinstance(me, Response):
        return me
    if service not in SERVICES or not KEY.match(key):
        return error_page(request, 404, "页面不存在 · Not found", "没有这个县级参数。")
    kept = kept_fields(form)
    kept.pop("confirmed", None)
    reason = kept.get("reason", "").strip()
    if not reason:
        own = Refused.local("X2", {"reason": "须说明变更理由"})
        return await _parameter_page(request, me, service, key, own, kept)
    back = f"{BASE}/parameters/{service}/{key}"
    upstream = request.app.state.upstream
    now = await upstream.get(service, f"/county-parameters/{COUNTY}", token=me.token)
    if now.status_code != 200:
        return refusal(request, now)
    param = next((x for x in now.json() if x["key"] == key), None)
    if param is None:
        return error_page(request, 404, "页面不存在 · Not found", "没有这个县级参数。")
    if not confirmed(form):
        return _page(
            request,
            "console/confirm.html",
            heading=f"修改县级参数 {key}",
            warning="新版本自生效日期起适用，不溯及既往；变更记入参数历史和办理记录（X2），不能撤回。",
            verb="修改",
            action=back,
            back=back,
            facts=[
                ("参数", f"{param['description']}（{param['rule']}）"),
                ("现行值", shown(param["value"])),
                ("新参数值", kept.get("value", "")),
                ("生效日期", kept.get("effective_from", "")),
                ("变更理由", reason),
            ],
            kept=kept,
        )
    body = {
        "value": typed_value(kept.get("value", "").strip(), param["value"]),
        "effective_from": kept.get("effective_from", "").strip(),
        "reason": reason,
    }
    r = await upstream.call(
        service, "PUT", f"/county-parameters/{COUNTY}/{key}", token=me.token, json=body
    )
    if r.status_code != 201:
        return await _parameter_page(request, me, service, key, Refused.of(r), kept)
    request.session["flash"] = (
        f"已记录第 {r.json().get('version')} 版，自 {body['effective_from']} 起适用。"
    )
    return RedirectResponse(back, status_code=303)
