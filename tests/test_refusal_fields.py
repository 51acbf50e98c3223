"""Every refusal names a field the request has (DOMAIN X4; issue 15 item 7).

A lien-term refusal once named ``term_end`` where the request says ``lien_term_end``.
Two checks, over all four services:

- here, every field name the services' code can put into a refusal (``FieldProblem`` and
  the rules' ``(field, rule, English, Chinese)`` tuples, found by reading the source) is a
  field of some request of that service, by its OpenAPI document
  (``common.request_fields``);
- in tests/test_fuzz_openapi.py, every 422 of the fuzzed requests names fields of the
  operation it answered.

The services' own tests provoke their domain refusals and assert the exact
``(field, rule)`` pairs.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel

from common.app import create_app
from common.embedded import discover_services
from common.request_fields import WILDCARD, names_request_field
from testkit.refusal_check import check
from testkit.testing import make_settings

ROOT = Path(__file__).resolve().parents[1]
_RULE_PREFIXES = tuple("BEGLRXZ")

#: Names that are not request fields, on purpose (file, name: why).
NOT_REQUEST_FIELDS = {
    # the columns of an uploaded survey sheet: reported per rejected row in the import's
    # result (201), not as a 422 of the request
    ("guarantee/borrowers/sheets.py", "*"): "survey sheet columns",
    # a rejected buyer's stored reasons (the review's outcome), not a refusal
    ("listing/registrations/service.py", "review"): "stored rejection reason",
    # the township's approval refused for want of a recorded site inspection (L21): the
    # listing's own record (POST /listings/{id}/site-inspections), not the review's body
    ("listing/listings/rules.py", "site_inspection"): "a prior record of the listing",
    ("listing/listings/rules.py", "site_inspection.boundary_matches"): "the recorded check",
    # what keeps an 入市 plan from being cleared (E4): read to decide, never a refusal
    ("collective/entry/service.py", "opinions.*"): "a plan's pending opinions",
}


def _is_rule(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and 2 <= len(node.value) <= 4
        and node.value.startswith(_RULE_PREFIXES)
        and node.value[1:].isdigit()
    )


def _text(node: ast.AST) -> str | None:
    """A literal field name; an f-string's placeholders match any property or index."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        out = []
        for v in node.values:
            out.append(v.value if isinstance(v, ast.Constant) else WILDCARD)
        return "".join(out)
    return None


def field_names(source: Path) -> Iterator[tuple[int, str]]:
    """Field names in ``FieldProblem(name, …)``, ``invalid_field(name, …)`` and
    ``(name, "R5", en, zh)`` tuples."""
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        first: ast.AST | None = None
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            refusal = name in ("FieldProblem", "invalid_field")  # (field, rule, en, zh)
            if refusal and len(node.args) >= 2 and _is_rule(node.args[1]):
                first = node.args[0]
        elif isinstance(node, ast.Tuple) and len(node.elts) == 4 and _is_rule(node.elts[1]):
            first = node.elts[0]
        if first is not None and (text := _text(first)) is not None:
            yield node.lineno, text


@pytest.fixture(scope="module")
def specs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    settings = make_settings(data_dir=tmp_path_factory.mktemp("specs"))
    return {
        name: create_app(definition, settings).openapi()
        for name, definition in discover_services().items()
    }


def _exempt(rel: str, name: str) -> bool:
    return (rel, "*") in NOT_REQUEST_FIELDS or (rel, name) in NOT_REQUEST_FIELDS


@pytest.mark.parametrize("service", ["listing", "bidding", "registry", "guarantee", "collective"])
def test_X4_every_refusal_field_in_the_code_is_a_field_of_a_request(
    service: str, specs: dict[str, dict]
) -> None:
    spec = specs[service]
    operations = [
        (method, path)
        for path, ops in spec["paths"].items()
        for method in ops
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    src = ROOT / "services" / service / "src" / service
    wrong = []
    for py in sorted(src.rglob("*.py")):
        rel = f"{service}/{py.relative_to(src).as_posix()}"
        for line, name in field_names(py):
            if _exempt(rel, name):
                continue
            if not any(names_request_field(spec, m, p, name) for m, p in operations):
                wrong.append(f"{rel}:{line}: {name!r}")
    assert not wrong, "refusals naming no request field:\n" + "\n".join(wrong)


def test_X4_the_check_itself_tells_a_request_field_from_another_name(
    specs: dict[str, dict],
) -> None:
    spec = specs["registry"]
    post = ("post", "/lien-applications")
    assert names_request_field(spec, *post, "lien_term_end")
    assert not names_request_field(spec, *post, "term_end")
    valuation = ("post", "/lien-applications/{application_id}/valuation")
    assert names_request_field(spec, *valuation, "attachments.0.unit_price")
    assert names_request_field(spec, *valuation, "land.area_mu")
    assert not names_request_field(spec, *valuation, "attachments[0].unit_price")
    assert not names_request_field(spec, *valuation, "land.price")
    change = ("post", "/liens/{lien_id}/changes")
    assert names_request_field(spec, *change, "term_end")
    assert not names_request_field(spec, *change, "lien_term_end")
    register = ("post", "/lien-applications/{application_id}/register")
    assert names_request_field(spec, *register, "documents.consent_letter_A")
    guarantee = specs["guarantee"]
    diligence = ("post", "/guarantees/{guarantee_id}/due-diligence")
    assert names_request_field(guarantee, *diligence, "loan_rate")  # a multipart field
    assert names_request_field(guarantee, *diligence, "guarantee_id")  # a path parameter


class _Body(BaseModel):
    lien_term_end: date


def test_X4_the_plugin_flags_a_422_naming_a_field_the_request_lacks() -> None:
    """testkit.refusal_check, which watches every test's in-process calls, on one case."""
    app = FastAPI()

    @app.post("/things/{thing_id}")
    async def post(thing_id: int, body: _Body) -> None:  # pragma: no cover - schema only
        return None

    request = httpx.Request("POST", "http://t/things/1", json={"lien_term_end": "2030-01-01"})

    def answer(field: str) -> httpx.Response:
        return httpx.Response(
            422,
            json={"errors": [{"field": field, "rule": "R5"}]},
            headers={"content-type": "application/problem+json"},
            request=request,
        )

    assert check(app, request, answer("lien_term_end")) == []
    assert check(app, request, answer("thing_id")) == []
    [message] = check(app, request, answer("term_end"))
    assert "POST /things/{thing_id}" in message and "'term_end'" in message
