"""Sign-in and sign-out — 登录.

Development: a persona picker minting dev tokens (portal.personas). Other environments
have no sign-in here yet (the county's OpenID Connect provider is a later step): the
page says so and nothing is minted.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from common.settings import Environment
from portal.app import error_page, render
from portal.personas import PERSONAS
from portal.session import check_csrf, sign_in, sign_out

router = APIRouter()


def _safe_next(target: object) -> str:
    """Only a path of this site (no open redirect)."""
    if isinstance(target, str) and target.startswith("/") and not target.startswith("//"):
        return target if "\\" not in target else "/"
    return "/"


@router.get("/sign-in")
async def sign_in_page(request: Request, next: str = "/") -> Response:
    if request.app.state.settings.env is not Environment.development:
        return error_page(
            request,
            503,
            "登录暂不可用 · Sign-in not configured",
            "本环境尚未配置统一身份认证（OpenID Connect）。",
        )
    return render(request, "sign_in.html", personas=PERSONAS.values(), next=_safe_next(next))


@router.post("/sign-in")
async def sign_in_post(request: Request, form: dict = Depends(check_csrf)) -> Response:
    settings = request.app.state.settings
    if settings.env is not Environment.development:
        return error_page(request, 503, "登录暂不可用 · Sign-in not configured", "")
    persona = PERSONAS.get(str(form.get("persona", "")))
    if persona is None:
        return error_page(
            request, 422, "输入有误 · Invalid input", "请选择一个演示身份（persona）。", "X3"
        )
    sign_in(
        request,
        token=persona.token(settings.portal_session_max_age_s),
        name=persona.label,
        role=persona.role,
        party_id=persona.org_id if persona.org_type == "person" else None,
    )
    return RedirectResponse(_safe_next(form.get("next")), status_code=303)


@router.post("/sign-out")
async def sign_out_post(request: Request, _form: dict = Depends(check_csrf)) -> Response:
    sign_out(request)
    return RedirectResponse("/", status_code=303)
