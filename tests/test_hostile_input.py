"""Hostile input to every operation of every service (issue 16 items 5–7, DOMAIN X4): a
body nested a thousand levels deep, and a body, path, query and form whose every string
carries NUL, a right-to-left override and a zero-width space and whose every number is
out of any domain (``1e308``, ``10**400``, ``"1e999999"``). No answer is a 500; every
refusal is a problem. Run in-process on the embedded app, on SQLite and on PostgreSQL
(which cannot store NUL at all), with a token holding every role of the county.

Schemathesis (tests/test_fuzz_openapi.py) explores the schemas at random; this sweep sends
the known-hostile payloads to each operation once, deterministically."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from common.auth import Role
from common.ids import generate_resident_id
from common.settings import Settings
from testkit.platform_client import lease_intake
from testkit.testing import BACKENDS, auth, embedded_app, make_settings, pg_settings, token

HOSTILE_TEXT = "甲\x00乙\u202e丙\u200b"
HOSTILE_NUMBERS = ["1e308", "1" + "0" * 400, '"1e999999"']
DEEP = '{"a":' + "[" * 1000 + "]" * 1000 + "}"
HEADERS = {
    "Authorization": f"Bearer {token([r.value for r in Role], org_type='county', org_id='620821')}"
}


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    if request.param == "postgres":
        request.getfixturevalue("pg")  # migrated and emptied
        return pg_settings(data_dir=tmp_path, documents_dir=tmp_path / "docs")
    return make_settings(data_dir=tmp_path)


@pytest.fixture
async def client(backend: Settings, services: dict) -> AsyncIterator[httpx.AsyncClient]:
    app = await embedded_app(backend, services)  # a PostgreSQL clone is at head already
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c
    for rt in app.state.runtimes.values():
        await rt.dispose()


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            option = _resolve(option, spec)
            if option.get("type") != "null":
                return option
    return schema


def _hostile(schema: dict[str, Any], spec: dict[str, Any], number: str, depth: int = 0) -> str:
    """A JSON text of ``schema``'s shape, every leaf hostile."""
    schema = _resolve(schema, spec)
    kind = schema.get("type")
    if depth > 6:
        return "null"
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        if not props:
            return '{"k\\u0000": "' + HOSTILE_TEXT.encode("unicode_escape").decode() + '"}'
        parts = [f'"{name}": {_hostile(s, spec, number, depth + 1)}' for name, s in props.items()]
        return "{" + ", ".join(parts) + "}"
    if kind == "array":
        return "[" + _hostile(schema.get("items", {}), spec, number, depth + 1) + "]"
    if kind in ("number", "integer"):
        return number
    if kind == "boolean":
        return "true"
    return '"' + HOSTILE_TEXT.encode("unicode_escape").decode().replace('"', '\\"') + '"'


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def _check(r: httpx.Response, what: str, failures: list[str]) -> None:
    if r.status_code >= 500:
        failures.append(f"{what} → {r.status_code}: {r.text[:300]}")
    elif r.status_code >= 400 and not r.headers.get("content-type", "").startswith(
        "application/problem+json"
    ):
        failures.append(f"{what} → {r.status_code} not a problem: {r.text[:200]}")


@pytest.mark.parametrize("service", ["listing", "bidding", "registry", "guarantee", "collective"])
async def test_X4_hostile_payloads_to_every_operation_never_make_a_500(
    client: httpx.AsyncClient, service: str
) -> None:
    spec = (await client.get(f"/{service}/openapi.json")).json()
    failures: list[str] = []
    operations = _operations(spec)
    assert operations
    for method, template, op in operations:
        path = re.sub(r"\{[^}]+\}", quote(HOSTILE_TEXT, safe=""), template)
        url = f"/{service}{path}"
        query = {
            p["name"]: HOSTILE_TEXT for p in op.get("parameters", []) if p.get("in") == "query"
        }
        what = f"{method} {service}{template}"
        content = op.get("requestBody", {}).get("content", {})
        if "application/json" in content:
            schema = content["application/json"]["schema"]
            for number in HOSTILE_NUMBERS:
                r = await client.request(
                    method,
                    url,
                    params=query,
                    content=_hostile(schema, spec, number),
                    headers={**HEADERS, "content-type": "application/json"},
                )
                _check(r, f"{what} hostile json {number[:8]}", failures)
            r = await client.request(
                method, url, content=DEEP, headers={**HEADERS, "content-type": "application/json"}
            )
            _check(r, f"{what} deep json", failures)
            if r.status_code != 400:
                failures.append(f"{what} deep json → {r.status_code}, not 400")
        elif "multipart/form-data" in content:
            form = _resolve(content["multipart/form-data"]["schema"], spec)
            data, files = {}, {}
            for name, s in form.get("properties", {}).items():
                s = _resolve(s, spec)
                if s.get("format") == "binary" or s.get("contentMediaType"):
                    files[name] = ("a\u202egpj.pdf", b"%PDF-1.4 x", "application/pdf")
                elif s.get("type") in ("number", "integer"):
                    data[name] = "1e999999"
                else:
                    data[name] = HOSTILE_TEXT
            r = await client.request(
                method, url, params=query, data=data, files=files or None, headers=HEADERS
            )
            _check(r, f"{what} hostile form", failures)
        else:
            r = await client.request(method, url, params=query, headers=HEADERS)
            _check(r, f"{what} hostile path/query", failures)
    assert not failures, "\n".join(failures)


def _listing(**over: Any) -> dict[str, Any]:
    return lease_intake(generate_resident_id("620821"), "CERT-HOSTILE-1", **over)


CLERK = auth("township_clerk", org_type="township", org_id="620821101", county="620821")


async def test_X4_a_listing_with_nul_bidi_or_zero_width_text_is_refused_naming_each_field(
    client: httpx.AsyncClient,
) -> None:
    hostile = _listing(
        title="承包地\x00",
        seller_name="王\u202e芳",
        location="村东\u200b",
        description="第一行\n\u202e第二行",
    )
    r = await client.post("/listing/listings", json=hostile, headers=CLERK)
    assert r.status_code == 422, r.text
    assert {e["field"]: e["rule"] for e in r.json()["errors"]} == {
        "title": "X4",
        "seller_name": "X4",
        "location": "X4",
        "description": "X4",
    }
    assert (await client.get("/listing/listings", headers=CLERK)).json() in ([], {"items": []})
    # a multi-line description keeps its line breaks; text is stored in NFC
    r = await client.post(
        "/listing/listings",
        json=_listing(description="第一行\n第二行", seller_name="Jose\u0301"),
        headers=CLERK,
    )
    assert r.status_code == 201, r.text
    assert r.json()["seller_name"] == "Jos\u00e9"


@pytest.mark.parametrize("area", [*HOSTILE_NUMBERS, "0", "1000000.00001", "1000001"])
async def test_X4_a_listing_area_out_of_bounds_is_refused(
    client: httpx.AsyncClient, area: str
) -> None:
    content = json.dumps(_listing(area_mu="@")).replace('"@"', area)
    r = await client.post(
        "/listing/listings",
        content=content,
        headers={**CLERK, "content-type": "application/json"},
    )
    assert r.status_code == 422, r.text
    assert "area_mu" in {e["field"] for e in r.json()["errors"]}
