"""What every service's API promises its clients, checked across the four services
(DOMAIN X4, issue 15): bounded integer parameters, money validated the same way in JSON
and multipart, no parameter whose declared validation FastAPI silently drops."""

from __future__ import annotations

import inspect
import typing
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from fastapi.params import Body, Param
from fastapi.routing import APIRoute

from common.auth import Role
from common.params import INT8_MAX
from testkit.testing import make_settings, token

SERVICES = ["listing", "bidding", "registry", "guarantee", "collective"]
BANK = "91620821MA00000000"  # any bank organization: validation runs before ownership


def _client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


def _integer_schemas(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if schema.get("type") == "integer":
        yield schema
    for alternative in schema.get("anyOf", []) + schema.get("oneOf", []):
        yield from _integer_schemas(alternative)


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _routes(route.original_router.routes)


@pytest.mark.parametrize("service", SERVICES)
def test_X4_every_integer_path_and_query_parameter_is_bounded(service: str, apps: dict) -> None:
    """An unbounded int reaches the driver, which cannot bind 2^63 (a 500)."""
    spec = apps[service].openapi()
    unbounded = []
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            for param in op.get("parameters", []):
                for schema in _integer_schemas(param["schema"]):
                    if not schema.get("maximum", INT8_MAX + 1) <= INT8_MAX:
                        unbounded.append(f"{method.upper()} {path} {param['name']}")
                    if not schema.get("minimum", -INT8_MAX - 2) >= -INT8_MAX - 1:
                        unbounded.append(f"{method.upper()} {path} {param['name']} (minimum)")
    assert not unbounded, f"use common.params types: {unbounded}"


@pytest.mark.parametrize("visit_id", [str(2**63), str(2**31), "0"])
async def test_X4_a_huge_visit_id_is_refused_not_a_500(apps: dict, visit_id: str) -> None:
    headers = {"Authorization": f"Bearer {token(Role.lender.value, 'bank', BANK)}"}
    async with _client(apps["registry"]) as c:
        r = await c.post(
            f"/liens/LIEN-1/visits/{visit_id}",
            json={
                "visited_on": "2026-01-05",
                "collateral_condition": "normal",
                "use_of_funds": "as_agreed",
                "operation": "normal",
            },
            headers=headers,
        )
    assert r.status_code in (404, 422), r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    if r.status_code == 422:
        assert [e["field"] for e in r.json()["errors"]] == ["visit_id"]


@pytest.mark.parametrize("service", SERVICES)
def test_X4_no_parameter_default_drops_its_types_validation(service: str, apps: dict) -> None:
    """``amount: Money = Form()`` keeps Decimal but loses Money's validator (FastAPI takes
    the FieldInfo from the default and the bare type): a three-decimal amount then reaches
    the endpoint. Such a parameter must be written ``Annotated[Money, Form()]``."""
    wrong = []
    for route in _routes(apps[service].routes):
        hints = typing.get_type_hints(route.endpoint, include_extras=True)
        for name, param in inspect.signature(route.endpoint).parameters.items():
            hint = hints.get(name)
            if isinstance(param.default, Param | Body) and _has_metadata(hint):
                wrong.append(f"{route.path} {name}")
    assert not wrong, f"write these as Annotated[Type, Form()/Query()]: {wrong}"


def _has_metadata(hint: Any) -> bool:
    if typing.get_origin(hint) is typing.Annotated:
        return True
    return any(_has_metadata(arg) for arg in typing.get_args(hint))


async def test_X4_a_three_decimal_amount_in_a_multipart_form_is_a_422(apps: dict) -> None:
    """Issue 15 defect 3: the due-diligence form with amount=200000.001 was a 500."""
    headers = {"Authorization": f"Bearer {token(Role.lender.value, 'bank', BANK)}"}
    async with _client(apps["guarantee"]) as c:
        r = await c.post(
            "/guarantees/G-1/due-diligence",
            files={"report": ("report.pdf", b"%PDF report", "application/pdf")},
            data={
                "amount": "200000.001",
                "loan_rate": "0.05",
                "term_months": "12",
                "summary": "ok",
            },
            headers=headers,
        )
    assert r.status_code == 422, r.text
    errors = r.json()["errors"]
    assert [(e["field"], e["rule"]) for e in errors] == [("amount", "X4")]
    assert "两位小数" in errors[0]["message_zh"]


async def test_X4_a_three_decimal_amount_in_a_query_is_a_422(apps: dict) -> None:
    async with _client(apps["listing"]) as c:
        r = await c.get("/board/listings", params={"min_price": "1.001"})
    assert r.status_code == 422, r.text
    assert [(e["field"], e["rule"]) for e in r.json()["errors"]] == [("min_price", "X4")]


@pytest.mark.parametrize("service", SERVICES)
def test_X4_every_operation_documents_its_refusals_as_problem_details(
    service: str, apps: dict
) -> None:
    spec = apps[service].openapi()
    problem = spec["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "rule", "title_zh", "errors"} <= set(problem["required"])
    ref = {"$ref": "#/components/schemas/Problem"}
    missing = []
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            codes = ["400", "404", "409", "422"] + (["401", "403"] if op.get("security") else [])
            for code in codes:
                content = op["responses"].get(code, {}).get("content", {})
                if content.get("application/problem+json", {}).get("schema") != ref:
                    missing.append(f"{method.upper()} {path} {code}")
    assert not missing, missing
    assert "HTTPValidationError" not in str(spec)


@pytest.fixture(scope="module")
async def embedded(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Any]:
    from common.embedded import create_embedded_app

    root = create_embedded_app(make_settings(data_dir=tmp_path_factory.mktemp("docs")))
    yield root
    for rt in root.state.runtimes.values():
        await rt.dispose()


@pytest.mark.parametrize("page", ["docs", "redoc"])
@pytest.mark.parametrize("service", SERVICES)
async def test_the_docs_pages_load_every_asset_from_the_service_itself(
    service: str, page: str, embedded: Any
) -> None:
    """Swagger UI and ReDoc without the internet: no CDN, every asset served here."""
    import re

    async with _client(embedded) as c:
        r = await c.get(f"/{service}/{page}")
        assert r.status_code == 200, r.text
        urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", r.text)
        urls += re.findall(r"""(?:url)\s*:\s*["']([^"']+)["']""", r.text)
        assets = [u for u in urls if not u.startswith("#")]
        assert any(u.endswith(".js") for u in assets), r.text
        offsite = [u for u in assets if "//" in u]
        assert not offsite, offsite
        for url in assets:
            got = await c.get(url)
            assert got.status_code == 200, url
            assert len(got.content) > 0, url
