"""Hostile input — 恶意输入: the checks every request's content passes before a domain
rule sees it (DOMAIN X4), in one place for every service.

- **Nesting depth**: a JSON body nested deeper than ``MAX_JSON_DEPTH`` is refused (400)
  before anything parses it — Python's JSON parser recurses, and a thousand levels end in
  a ``RecursionError``. ``common.edge.RequestLimits`` checks every request's body, hot
  routes' included, before the service sees it.
- **Text**: every string a route receives — request-model fields at any depth, list
  items, dict keys, form fields, query and path parameters — is normalized to Unicode NFC
  and refused (422, naming the field) when it holds a control character (NUL, which
  PostgreSQL cannot store, and the C0/C1 controls), a format character (the bidi
  overrides and isolates such as U+202E, zero-width spaces and joiners, the BOM), a lone
  surrogate or a line/paragraph separator. Tabs and line breaks are allowed only in
  multi-line fields (``is_multiline``: a description, a reason, a note …).
  ``guard_routes`` wraps every route's endpoint (``common.app.create_app`` calls it for
  each domain router), so the check runs on the values FastAPI validated.
"""

from __future__ import annotations

import functools
import inspect
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from fastapi.routing import APIRoute
from pydantic import BaseModel

from common.problems import FieldProblem, Problem, invalid

MAX_JSON_DEPTH = 32

# A JSON string literal (escapes included), removed before brackets are counted.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_OPEN = frozenset(b"[{")


def json_depth_exceeds(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when the JSON text ``body`` nests arrays/objects deeper than ``limit``.

    A scan, not a parse: string literals are dropped, the brackets left are counted. An
    invalid document may be miscounted, but the parser refuses it anyway."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False  # the common case, at C speed
    depth = 0
    for b in _STRING.sub(b"", body).translate(None, _NOT_BRACKET):
        if b in _OPEN:
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def too_deep() -> Problem:
    return invalid(
        [
            FieldProblem(
                "body",
                "X4",
                f"JSON nested deeper than {MAX_JSON_DEPTH} levels",
                f"JSON嵌套超过{MAX_JSON_DEPTH}层",
            )
        ],
        code="body-too-deep",
        title_en="The request body is nested too deeply",
        title_zh="请求体嵌套层级过深",
        status=400,
    )


# Field names (the last name in a field's path) whose text may span lines.
MULTILINE_NAMES = frozenset(
    {
        "description",
        "opinion",
        "reason",
        "reasons",
        "note",
        "notes",
        "text",
        "resolution",
        "summary",
        "comment",
        "remarks",
        "planning_conditions",
    }
)
_MULTILINE_SUFFIXES = ("_reason", "_reasons", "_note", "_notes", "_basis", "_opinion")
_LINE_BREAKS = frozenset("\t\n\r")
# Controls (Cc), format characters (Cf: bidi overrides/isolates, zero-width, BOM),
# surrogates (Cs), line and paragraph separators (Zl, Zp).
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Plain printable ASCII needs no look at each character.
_PLAIN = re.compile(r"[\x20-\x7e]*")


def is_multiline(field: str) -> bool:
    return field in MULTILINE_NAMES or field.endswith(_MULTILINE_SUFFIXES)


def clean_text(value: str, *, multiline: bool = False) -> str:
    """``value`` in NFC; ValueError (with ``rule``) naming the first refused character."""
    if _PLAIN.fullmatch(value):
        return value
    for ch in value:
        if unicodedata.category(ch) in _REFUSED_CATEGORIES and not (
            multiline and ch in _LINE_BREAKS
        ):
            code = f"U+{ord(ch):04X}"
            error = ValueError(
                f"control or invisible formatting character {code} is not allowed"
                + ("" if multiline else " (this field is one line)")
                + f" / 不允许包含控制字符或不可见格式字符 {code}"
                + ("" if multiline else "（此字段为单行）")
            )
            error.rule = "X4"  # type: ignore[attr-defined]
            raise error
    return unicodedata.normalize("NFC", value)


class _Refusals:
    def __init__(self) -> None:
        self.fields: list[FieldProblem] = []

    def text(self, value: str, path: str, name: str) -> str:
        try:
            return clean_text(value, multiline=is_multiline(name))
        except ValueError as exc:
            en, _, zh = str(exc).partition(" / ")
            self.fields.append(FieldProblem(path, "X4", en, zh))
            return value

    def walk(self, value: Any, path: str, name: str) -> Any:
        """``value`` with every string cleaned: the same object when nothing changed, a
        copy of a changed list or dict (a dependency's value may be shared); a model's
        fields are set in place (it is this request's own)."""
        if isinstance(value, str):
            return self.text(value, path, name)
        if isinstance(value, BaseModel):
            for field in type(value).model_fields:
                current = value.__dict__.get(field)
                cleaned = self.walk(current, _join(path, field), field)
                if cleaned is not current:
                    value.__dict__[field] = cleaned  # bypasses frozen/validate_assignment
            return value
        if isinstance(value, list | tuple | set | frozenset):
            items = [self.walk(item, _join(path, str(i)), name) for i, item in enumerate(value)]
            if all(a is b for a, b in zip(items, value, strict=True)):
                return value
            return type(value)(items)
        if isinstance(value, dict):
            pairs = []
            for key, item in value.items():
                inner = _join(path, str(key))
                clean_key = self.text(key, inner, "") if isinstance(key, str) else key
                pairs.append((clean_key, self.walk(item, inner, name)))
            if all(
                k is k0 and v is v0 for (k, v), (k0, v0) in zip(pairs, value.items(), strict=True)
            ):
                return value
            return dict(pairs)
        return value


def _join(path: str, part: str) -> str:
    return f"{path}.{part}" if path else part


def clean_values(values: dict[str, Any], request_params: frozenset[str]) -> dict[str, Any]:
    """The endpoint's arguments with the text of those the request carries
    (``request_params``: body, form, query, path, header) cleaned — never what a
    dependency returns, which is the service's own data; a Problem (422) naming every
    refused field. A model's fields are named from the body's root, as FastAPI's own
    validation names a route's one body model's fields."""
    refusals = _Refusals()
    out = dict(values)
    for name in request_params.intersection(values):
        value = values[name]
        root = "" if isinstance(value, BaseModel) else name
        out[name] = refusals.walk(value, root, name)
    if refusals.fields:
        raise invalid(refusals.fields, rule="X4")
    return out


def guard_text(endpoint: Callable[..., Any], request_params: frozenset[str]) -> Callable[..., Any]:
    """``endpoint``, receiving its arguments with their text cleaned (``clean_values``).
    FastAPI reads the signature and annotations through ``functools.wraps``."""
    if getattr(endpoint, "__rex_text_guarded__", False):
        return endpoint
    guarded: Any
    if inspect.iscoroutinefunction(endpoint):

        @functools.wraps(endpoint)
        async def guarded(**values: Any) -> Any:
            return await endpoint(**clean_values(values, request_params))

    else:

        @functools.wraps(endpoint)
        def guarded(**values: Any) -> Any:
            return endpoint(**clean_values(values, request_params))

    guarded.__rex_text_guarded__ = True
    return guarded


def guard_routes(router: APIRouter) -> None:
    """Every route of ``router`` gets its text cleaned (``guard_text``); call before the
    router is included, which builds the app's routes from these endpoints."""
    for route in router.routes:
        if isinstance(route, APIRoute):
            d = route.dependant
            params = [*d.body_params, *d.query_params, *d.path_params, *d.header_params]
            route.endpoint = guard_text(route.endpoint, frozenset(p.name for p in params))
