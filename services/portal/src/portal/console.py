"""The consoles' foundation — 工作台: what every console (township window, county
department, and the centre, bank, authority, guarantor and supervisor after them) is
built from. services/portal/README.md, "Consoles", says how to use it.

- ``portal.navigation.CONSOLES`` — the navigation: which console each role may use.
- :func:`staff_of` — the console's own first gate (sign in first; another role: 403).
- :func:`console_frame` — a console's page frame: its name, links and words.
- :class:`Queue` and :func:`queue_counts` — a work queue: what is waiting, with counts;
  :func:`add_queue_page` — a console's whole queue page (gate, counts, one table).
- :class:`TableQuery` and :func:`table_page` — a server-side table: sort, filter and page
  by the service list endpoint's own query parameters, the total from ``X-Total-Count``.
- :class:`Refused` — the API's problem+json for a form: its Chinese words and the
  offending fields, to highlight them (nothing was changed: the service refused).
- :func:`confirmed` and :func:`confirm_page` — the confirmation step of an action that
  cannot be undone: whether it was confirmed, and the page that asks.
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from portal.access import sign_in_first
from portal.session import Visitor, visitor
from portal.views import PageAnswer, error_page, fetch_json, refusal, render

#: A service's row id as a console's path may carry it (checked before any service is
#: asked: anything else is the console's 404 page)
ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def staff_of(request: Request, role: str) -> Visitor:
    """The signed-in person of ``role``; otherwise the page answers (:class:`PageAnswer`)
    sign in first, or a 403 page. The service still decides behind every call (its own
    X3, by the person's token)."""
    me = visitor(request)
    if not me.signed_in:
        raise PageAnswer(sign_in_first(request))
    if me.role != role:
        raise PageAnswer(
            error_page(request, 403, "无权访问 · Not allowed", "您的身份不能使用这个工作台。", "X3")
        )
    return me


def console_frame(
    label: str, links: list[tuple[str, str]], *, flash: bool = True, **fixed: Any
) -> Callable[..., Response]:
    """A console's page frame, its ``_page(request, template, status=200, **context)``:
    the console's name (``label``) and its ``links`` in the navigation, what every page
    of it shows (``fixed``: field labels, status names; a page's own ``context`` wins)
    and the one-time notice (``flash``; a read-only console has none)."""

    def page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
        shown = {"console_label": label, "links": links, **fixed}
        shown["flash"] = request.session.pop("flash", None) if flash else None
        return render(request, template, status, **(shown | context))

    return page


async def fetch(request: Request, me: Visitor, service: str, path: str, **params: Any) -> Any:
    """The service's JSON answer to the person's own GET (their token), or the page of
    its refusal, raised (:class:`PageAnswer`): a console's reads need nothing else."""
    return await fetch_json(request, service, path, token=me.token, **params)


# --- work queues ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Queue:
    """A work queue: the listings in one state that wait for this console."""

    key: str  # the ``queue`` query parameter
    label: str
    status: str  # the service's status filter
    hint: str  # what the person does with them
    param: str = "status"  # the list endpoint's filter name (guarantee's: "state")


#: Where a queue's rows come from: the service and its list endpoint (listings unless
#: a console says otherwise, e.g. the registry's lien applications).
LISTINGS = ("listing", "/listings")
#: The listing service's list sort keys (``-`` first: descending), the ``sorts`` of every
#: queue of listings.
LISTING_SORTS = Literal[
    "updated_at",
    "-updated_at",
    "created_at",
    "-created_at",
    "title",
    "-title",
    "area_mu",
    "-area_mu",
    "reserve_price",
    "-reserve_price",
]


#: the rows of a page of any console's table
PAGE_SIZE = 20


def page_window(page: int) -> dict[str, int]:
    """The list endpoint's ``limit``/``offset`` of page ``page`` (from 1)."""
    return {"limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE}


def page_count(total: int) -> int:
    """How many pages ``total`` rows fill (one at least: an empty table has its page)."""
    return max(1, math.ceil(total / PAGE_SIZE))


async def fetch_counted(
    request: Request,
    token: str,
    params: dict[str, Any],
    source: tuple[str, str] = LISTINGS,
) -> tuple[list[dict[str, Any]], int]:
    """A service list's rows for ``params`` and its total (``X-Total-Count``), or the
    page of its refusal, raised (:class:`PageAnswer`)."""
    service, path = source
    r = await request.app.state.upstream.get(service, path, token=token, params=params)
    if r.status_code != 200:
        raise PageAnswer(refusal(request, r))
    return r.json(), int(r.headers.get("X-Total-Count", "0"))


async def queue_counts(
    request: Request, token: str, queues: tuple[Queue, ...], source: tuple[str, str] = LISTINGS
) -> dict[str, int]:
    """How many wait in each queue (one small call each: the total, one row)."""
    counts: dict[str, int] = {}
    for q in queues:
        page = await fetch_counted(request, token, {q.param: q.status, "limit": 1}, source)
        counts[q.key] = page[1]
    return counts


# --- the server-side table --------------------------------------------------------------


@dataclass(slots=True)
class TableQuery:
    """What the table shows: sort (a service sort key, ``-`` first for descending),
    text filter and page — sent to the service, never applied in the portal."""

    sort: str = "updated_at"  # oldest first: what has waited longest
    q: str = ""
    page: int = 1
    total: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return page_count(self.total)

    def params(self, status: str, param: str = "status") -> dict[str, Any]:
        p: dict[str, Any] = {param: status, "sort": self.sort, **page_window(self.page)}
        if self.q:
            p["q"] = self.q
        return p

    def sort_link(self, key: str) -> str:
        """The sort a column header links to: ascending first, then descending."""
        return f"-{key}" if self.sort == key else key

    def aria_sort(self, key: str) -> str:
        if self.sort == key:
            return "ascending"
        return "descending" if self.sort == f"-{key}" else "none"


async def table_page(
    request: Request,
    token: str,
    status: str,
    table: TableQuery,
    source: tuple[str, str] = LISTINGS,
    param: str = "status",
) -> TableQuery:
    """One page of a queue, as the service sorted, filtered and paged it."""
    page = await fetch_counted(request, token, table.params(status, param), source)
    table.rows, table.total = page
    return table


async def queue_view(
    request: Request,
    token: str,
    queues: tuple[Queue, ...],
    key: str,
    table: TableQuery,
    source: tuple[str, str] = LISTINGS,
) -> dict[str, Any]:
    """A work queue page's data — every queue's count, the queue shown (``key``) and its
    page of rows — as template context, or the page of the service's refusal."""
    counts = await queue_counts(request, token, queues, source)
    current = next(x for x in queues if x.key == key)
    page = await table_page(request, token, current.status, table, source, current.param)
    return {"queues": queues, "counts": counts, "current": current, "table": page}


def add_queue_page(
    router: APIRouter,
    path: str,
    *,
    role: str,
    queues: tuple[Queue, ...],
    sorts: Any,
    render: Callable[..., Response],
    template: str,
    description: str,
    default_sort: str = "updated_at",
    source: tuple[str, str] = LISTINGS,
    **context: Any,
) -> None:
    """A console's work queue page at ``path``: the role's gate, then every queue's count
    and one queue's page of rows (``queue``, ``sort``, ``q``, ``page`` as query
    parameters, checked before anything is asked of a service), drawn by the console's
    ``render(request, template, **view, **context)``. ``sorts`` is the ``Literal`` of
    the service list endpoint's sort keys; the first queue is the default."""

    async def queue_page(request: Request, queue: str, sort: str, q: str, page: int) -> Response:
        me = staff_of(request, role)
        assert me.token
        view = await queue_view(
            request, me.token, queues, queue, TableQuery(sort, q.strip(), page), source
        )
        return render(request, template, **view, **context)

    keys = tuple(x.key for x in queues)
    query = inspect.Parameter.KEYWORD_ONLY
    # the parameters' types are this console's own (its queue keys, its sort keys), so
    # the signature is built here rather than written out in each console
    queue_page.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("request", query, annotation=Request),
            inspect.Parameter(
                "queue", query, default=keys[0], annotation=Annotated[Literal[keys], Query()]
            ),
            inspect.Parameter(
                "sort", query, default=default_sort, annotation=Annotated[sorts, Query()]
            ),
            inspect.Parameter(
                "q", query, default="", annotation=Annotated[str, Query(max_length=100)]
            ),
            inspect.Parameter(
                "page", query, default=1, annotation=Annotated[int, Query(ge=1, le=5000)]
            ),
        ],
        return_annotation=Response,
    )
    router.add_api_route(path, queue_page, methods=["GET"], description=description)


# --- refusals and confirmations -----------------------------------------------------------


@dataclass(slots=True)
class Refused:
    """A service's refusal for a form: the Chinese words and the fields to highlight."""

    status: int
    title: str
    detail: str
    rule: str
    fields: dict[str, str]  # field name → its Chinese message

    @classmethod
    def of(cls, r: Any) -> Refused:
        try:
            body = r.json()
        except ValueError:
            body = {}
        body = body if isinstance(body, dict) else {}
        fields: dict[str, str] = {}
        for e in body.get("errors") or []:
            if isinstance(e, dict) and e.get("field"):
                name = str(e["field"]).split(".")[0]  # "return_reasons.0" → the form field
                message = str(e.get("message_zh") or e.get("message") or "")
                rule = e.get("rule")
                fields[name] = f"{message}（{rule}）" if rule else message
        return cls(
            r.status_code,
            str(body.get("title_zh") or body.get("title") or "请求被拒绝"),
            str(body.get("detail_zh") or ""),
            str(body.get("rule") or "X4"),
            fields,
        )

    @classmethod
    def local(cls, rule: str, fields: dict[str, str], title: str = "输入有误") -> Refused:
        """The portal's own check before calling the service (the same words' shape)."""
        return cls(422, title, "", rule, fields)


def confirmed(form: dict[str, Any]) -> bool:
    """An action that cannot be undone runs only from its confirmation page's button
    (``confirmed=yes``); the first POST shows what will happen and asks."""
    return form.get("confirmed") == "yes"


def kept_fields(form: dict[str, Any]) -> dict[str, str]:
    """The form's text fields, to carry through a confirmation or a refusal."""
    return {k: v for k, v in form.items() if isinstance(v, str) and k not in {"csrf_token"}}


def form_page(
    request: Request,
    template: str,
    refused: Refused | None,
    form: dict[str, Any] | None,
    *,
    frame: Callable[..., Response] = render,
    **context: Any,
) -> Response:
    """A page with a form, drawn by the console's ``frame`` (its ``_page``; plain
    :func:`render` by default): 200 when first shown; after a refusal (the service's or
    the portal's own, :class:`Refused`) its status, its fields marked and
    the values as typed kept in ``form``."""
    return frame(
        request,
        template,
        refused.status if refused else 200,
        refused=refused,
        form=form or {},
        **context,
    )


def confirm_page(
    request: Request,
    *,
    heading: str,
    warning: str,
    verb: str,
    action: str,
    back: str,
    facts: list[tuple[str, str]],
    kept: dict[str, str],
    frame: Callable[..., Response] = render,
    **context: Any,
) -> Response:
    """The confirmation step of an action that cannot be undone — 确认页: what will be
    done (``heading``, ``warning``, ``facts``), the typed values carried as hidden fields
    (``kept``), the button 确认``verb`` posting to ``action`` again with ``confirmed=yes``
    (:func:`confirmed`) and a way ``back``; drawn by the console's ``frame``."""
    return frame(
        request,
        "console/confirm.html",
        heading=heading,
        warning=warning,
        verb=verb,
        action=action,
        back=back,
        facts=facts,
        kept=kept,
        **context,
    )
