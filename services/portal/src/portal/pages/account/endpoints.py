"""Sign-in and sign-out — 登录.

With ``REX_PORTAL_OIDC_DISCOVERY_URL`` set: the county's OpenID Connect provider
(portal.oidc). Otherwise, in development only, a persona picker minting dev tokens
(portal.personas); elsewhere the page says sign-in is not configured.
"""

from __future__ import annotations

import httpx
from authlib.integrations.base_client import OAuthError
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from common.auth import OrgType
from common.problems import Problem
from common.settings import Environment
from portal.oidc import expiry
from portal.personas import PERSONAS
from portal.session import check_csrf, sign_in, sign_out
from portal.views import error_page, not_found, render

router = APIRouter()


def _safe_next(target: object) -> str:
    """Only a path of this site (no open redirect)."""
    if isinstance(target, str) and target.startswith("/") and not target.startswith("//"):
        return target if "\\" not in target else "/"
    return "/"


@router.get("/sign-in")
async def sign_in_page(request: Request, next: str = "/") -> Response:
    oidc = request.app.state.oidc
    if oidc is not None:
        request.session["next"] = _safe_next(next)
        settings = request.app.state.settings
        back = settings.portal_oidc_redirect_url or str(request.url_for("oidc_callback"))
        try:
            return await oidc.authorize_redirect(request, back)
        except (OAuthError, httpx.HTTPError, ValueError):
            return _provider_down(request)
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


def _provider_down(request: Request) -> Response:
    return error_page(
        request, 502, "登录服务暂不可用 · Sign-in unavailable", "统一身份认证服务暂时没有响应。"
    )


@router.get("/auth/callback", name="oidc_callback")
async def oidc_callback(request: Request) -> Response:
    """The provider sends the person back here: code → tokens (Authlib checks the state,
    PKCE and the ID token), then the access token is verified as the services will."""
    oidc = request.app.state.oidc
    if oidc is None:
        return not_found(request, "本环境未配置统一身份认证。")
    try:
        tokens = await oidc.authorize_access_token(request)
    except OAuthError:
        return error_page(
            request,
            400,
            "登录未完成 · Sign-in not completed",
            "登录请求无效或已过期，请重新登录。",
            "X3",
        )
    except (httpx.HTTPError, ValueError):
        return _provider_down(request)
    access = tokens.get("access_token")
    try:
        who = await request.app.state.verifier.verify(str(access or ""))
    except Problem:
        return error_page(
            request,
            403,
            "无权登录 · Not allowed",
            "身份令牌未被平台接受（签发方、受众或角色不符）。",
            "X3",
        )
    target = _safe_next(request.session.get("next"))
    role = sorted(r.value for r in who.roles)[0]
    sign_in(
        request,
        token=str(access),
        name=who.name or who.subject,
        role=role,
        party_id=who.org.id if who.org.type is OrgType.person else None,
        refresh_token=tokens.get("refresh_token"),
        expires_at=expiry(tokens, request.app.state.clock),
    )
    return RedirectResponse(target, status_code=303)
