"""The access matrix (DOMAIN X3), generated from tests/access_matrix.toml: every endpoint
of every service called as every role — allowed where the table says, 403 elsewhere,
401 without a token — and no endpoint missing from the table."""

from __future__ import annotations

import random
import re
import tomllib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from common.app import create_app
from common.auth import Role
from common.ids import generate_credit_code, generate_resident_id
from common.migrations import upgrade
from common.testing import REPO, make_settings, token

MATRIX: dict[str, dict[str, list[str]]] = tomllib.loads(
    (REPO / "tests" / "access_matrix.toml").read_text()
)
SPECIAL = {"public", "authenticated", "operator"}
PERSON = generate_resident_id("620821")
# Each role calls with the organization it normally belongs to.
ORG_OF_ROLE: dict[Role, tuple[str, str]] = {
    Role.seller: ("person", PERSON),
    Role.buyer: ("person", PERSON),
    Role.township_clerk: ("township", "620821101"),
    Role.county_department: ("county", "620821"),
    Role.exchange_staff: ("county", "620821"),
    Role.auctioneer: ("county", "620821"),
    Role.registration_authority: ("county", "620821"),
    Role.lender: ("bank", generate_credit_code(region="620821", rng=random.Random(1))),
    Role.guarantor: ("guarantor", generate_credit_code(region="620821", rng=random.Random(1))),
    Role.county_finance: ("county", "620821"),
    Role.supervisor: ("county", "620821"),
    Role.service: ("county", "620821"),
}


ALL_ROLES = {"Authorization": f"Bearer {token([r.value for r in Role], 'county', '620821')}"}


def _walk(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, APIRoute]]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path, route
        elif hasattr(route, "original_router"):  # FastAPI ≥ 0.16x keeps included routers
            yield from _walk(route.original_router.routes, prefix + route.include_context.prefix)


def _routes(app: Any) -> dict[str, APIRoute]:
    return {
        f"{method} {path}": route
        for path, route in _walk(app.routes)
        for method in sorted(route.methods - {"HEAD"})
    }


def _declared_roles(route: APIRoute) -> list[str]:
    """What the route's ``require(...)`` declares — only to suggest a line for the table."""
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        call = dep.call
        if getattr(call, "__qualname__", "") == "require.<locals>.dependency":
            cells = dict(zip(call.__code__.co_freevars, call.__closure__ or (), strict=True))
            roles = cells["roles"].cell_contents
            return sorted(r.value for r in roles) or ["authenticated"]
        stack.extend(dep.dependencies)
    return ["public"]


def _concrete(path: str) -> str:
    # any value will do: the role gate runs before the resource is looked up
    return re.sub(r"\{[^}]+\}", "00000000-0000-0000-0000-000000000000", path)


@pytest.fixture(scope="module")
async def apps(tmp_path_factory: pytest.TempPathFactory, services: dict) -> AsyncIterator[dict]:
    settings = make_settings(data_dir=tmp_path_factory.mktemp("matrix"))
    made = {}
    for name, definition in services.items():
        await upgrade(definition, settings)
        made[name] = create_app(definition, settings)
    yield made
    for app in made.values():
        await app.state.runtime.dispose()


@pytest.mark.parametrize("service", ["listing", "bidding", "registry", "guarantee"])
async def test_X3_every_endpoint_is_in_the_access_matrix(service: str, services: dict) -> None:
    app = create_app(services[service], make_settings())
    routes = set(_routes(app))
    table = MATRIX.get(service, {})
    missing = sorted(routes - set(table))
    stale = sorted(set(table) - routes)
    app_routes = _routes(app)
    suggestions = "\n".join(f'"{k}" = {_declared_roles(app_routes[k])}' for k in missing)
    assert not missing, f"add to tests/access_matrix.toml [{service}] (review!):\n{suggestions}"
    assert not stale, f"no longer served, remove from [{service}]: {stale}"
    for key, roles in table.items():
        unknown = set(roles) - SPECIAL - {r.value for r in Role}
        assert not unknown, f"{service} {key}: unknown roles {unknown}"


@pytest.mark.parametrize("service", ["listing", "bidding", "registry", "guarantee"])
async def test_X3_each_role_reaches_exactly_the_endpoints_the_matrix_allows(
    service: str, apps: dict
) -> None:
    app = apps[service]
    wrong: list[str] = []
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        for key in sorted(_routes(app)):
            method, path = key.split(" ", 1)
            allowed = set(MATRIX[service][key])
            url = _concrete(path)
            body = {} if method in {"POST", "PUT", "PATCH"} else None
            anonymous = await client.request(method, url, json=body)
            if "operator" in allowed:  # by address (httpx's test client is 127.0.0.1)
                outside = httpx.ASGITransport(app=app, client=("203.0.113.1", 1))
                async with httpx.AsyncClient(transport=outside, base_url="http://t") as far:
                    far_status = (await far.request(method, url, headers=ALL_ROLES)).status_code
                if anonymous.status_code != 200 or far_status != 403:
                    wrong.append(f"{key}: operator {anonymous.status_code}, other {far_status}")
                continue
            if "public" in allowed:
                if anonymous.status_code in (401, 403):
                    wrong.append(f"{key} anonymous: {anonymous.status_code}, table says public")
                continue
            if anonymous.status_code != 401:
                wrong.append(f"{key} anonymous: {anonymous.status_code}, expected 401")
            for role in Role:
                org_type, org_id = ORG_OF_ROLE[role]
                headers = {"Authorization": f"Bearer {token(role.value, org_type, org_id)}"}
                r = await client.request(method, url, json=body, headers=headers)
                may = "authenticated" in allowed or role.value in allowed
                if may and r.status_code in (401, 403):
                    wrong.append(f"{key} as {role.value}: {r.status_code} {r.text[:160]}")
                if not may and r.status_code != 403:
                    wrong.append(f"{key} as {role.value}: {r.status_code}, expected 403")
    assert not wrong, "\n".join(wrong)
