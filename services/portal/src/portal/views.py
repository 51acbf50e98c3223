"""Response builders of the portal — 页面与错误页: a page from a template with who is
looking, an error page for people (problem+json for anyone else), and a service's
refusal shown in its own words."""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from common.problems import PROBLEM_JSON, Problem
from common.settings import Environment
from portal import fmt
from portal.navigation import consoles_for
from portal.session import CsrfRefused, FormToken, visitor
from portal.upstream import Unavailable

PACKAGE = resources.files("portal")


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(PACKAGE / "templates"))
    templates.env.filters.update(fmt.FILTERS)
    return templates


#: sent by portal-live.js with an upload (kept by the browser on the redirect it follows)
UPLOAD_FORM_HEADER = "X-Upload-Form"


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page: the template with who is looking and the form token."""
    templates: Jinja2Templates = request.app.state.templates
    me = visitor(request)
    base = {
        "me": me,
        # the navigation shows only the consoles of the person's own role
        "consoles": consoles_for(me.role if me.signed_in else None),
        "csrf": FormToken(request),  # made when a form prints it
        "dev_sign_in": request.app.state.settings.env is Environment.development,
        "docs": request.app.state.docs,
    }
    if context.get("flash") and request.headers.get(UPLOAD_FORM_HEADER) == "1":
        # an upload form's script followed the redirect inside its own request and opens
        # the page next: the one-time notice waits for that look (portal-live.js)
        request.session["flash"] = context["flash"]
    response = templates.TemplateResponse(request, template, base | context, status_code)
    response.headers["Cache-Control"] = "no-store"  # pages show one person's view
    return response


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


def error_page(
    request: Request, status: int, title: str, detail: str, rule: str = "X4"
) -> Response:
    if not _wants_html(request):
        code = "not-found" if status == 404 else "portal-error"
        problem = Problem(status, code, title, title, rule=rule, detail_zh=detail)
        return JSONResponse(problem.body(request.url.path), status, media_type=PROBLEM_JSON)
    return render(request, "error.html", status, title=title, detail=detail, rule=rule)


def redirect_with_notice(request: Request, notice: str, url: str) -> RedirectResponse:
    """After a change the service made: the page ``url`` next (303, so a reload does not
    post again), showing ``notice`` once (the session's ``flash``)."""
    request.session["flash"] = notice
    return RedirectResponse(url, status_code=303)


def not_found(request: Request, detail: str) -> Response:
    """The 404 page (or problem) of a thing that is not there, ``detail`` naming it."""
    return error_page(request, 404, "页面不存在 · Not found", detail)


class PageAnswer(Exception):
    """A page's early answer, raised where a route's helper finds it cannot go on (sign
    in first, another role's console, the service's refusal of a read): the route itself
    then holds only its happy path. :func:`install_error_pages` answers with it."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(PageAnswer)
    async def page_answer(_request: Request, exc: PageAnswer) -> Response:
        return exc.response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return not_found(request, "您要找的页面不存在。")
        return error_page(request, exc.status_code, "请求无法处理", str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = "、".join(".".join(str(p) for p in e["loc"][1:]) for e in exc.errors())
        return error_page(
            request, 422, "输入有误 · Invalid input", f"请检查：{fields}（Check: {fields}）"
        )

    @app.exception_handler(CsrfRefused)
    async def csrf(request: Request, _exc: CsrfRefused) -> Response:
        return error_page(
            request,
            403,
            "表单已过期 · Form expired",
            "表单已过期或来源不明，请刷新页面后重试。(CSRF token missing or wrong.)",
            rule="X3",
        )

    @app.exception_handler(Unavailable)
    async def unavailable(request: Request, exc: Unavailable) -> Response:
        return error_page(
            request,
            502,
            "服务暂不可用 · Service unavailable",
            f"{exc.service} 服务暂时没有响应，请稍后再试。",
        )


def _problem(r: Any) -> dict[str, Any]:
    try:
        body = r.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def problem_text(r: Any) -> str:
    """A service's refusal in its own words: the Chinese detail, then each field's."""
    body = _problem(r)
    parts = [str(body.get("detail_zh") or body.get("title_zh") or "请求被拒绝")]
    for e in body.get("errors") or []:
        if isinstance(e, dict):
            parts.append(f"{e.get('field', '')}：{e.get('message_zh') or e.get('message', '')}")
    return "；".join(parts)


def refusal(request: Request, r: Any) -> Response:
    """A service's refusal (4xx problem) shown on a page, in its own words."""
    body = _problem(r)
    detail = problem_text(r)
    return error_page(
        request,
        r.status_code,
        body.get("title_zh") or "请求无法处理",
        detail,
        body.get("rule") or "X4",
    )


async def fetch_json(
    request: Request, service: str, path: str, *, token: str | None = None, **params: Any
) -> Any:
    """The service's JSON answer to a GET — the person's own with ``token``, a public read
    without — or the page of its refusal, raised (:class:`PageAnswer`)."""
    r = await request.app.state.upstream.get(service, path, token=token, params=params)
    if r.status_code != 200:
        raise PageAnswer(refusal(request, r))
    return r.json()
