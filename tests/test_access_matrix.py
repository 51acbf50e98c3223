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
SPECIAL = {"public", "authenticated"}
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


# -- the web portal (services/portal) -----------------------------------------------------


def _portal_cookie(secret: str, session: dict[str, Any]) -> str:
    """A signed session cookie as the portal's SessionMiddleware writes it (Starlette)."""
    import base64
    import json

    from itsdangerous import TimestampSigner

    data = base64.b64encode(json.dumps(session).encode())
    return TimestampSigner(secret).sign(data).decode()


def test_X3_every_portal_route_is_in_the_access_matrix() -> None:
    from portal import create_portal_app

    routes = set(_routes(create_portal_app(make_settings())))
    table = MATRIX["portal"]
    assert not sorted(routes - set(table)), "add to tests/access_matrix.toml [portal] (review!)"
    assert not sorted(set(table) - routes), "no longer served, remove from [portal]"


async def test_X3_each_role_reaches_exactly_the_portal_pages_the_matrix_allows(apps: dict) -> None:
    from portal import create_portal_app
    from portal.session import COOKIE

    settings = make_settings()
    portal = create_portal_app(settings, apps=apps)
    secret = settings.secret_key.get_secret_value()
    forms = {"session_id": "S0000", "amount": "1.00", "confirmed": "yes", "persona": "staff"}
    wrong: list[str] = []
    transport = httpx.ASGITransport(app=portal)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        for key in sorted(_routes(portal)):
            method, path = key.split(" ", 1)
            allowed = set(MATRIX["portal"][key])
            url = re.sub(r"\{[^}]+\}", "L0000", path) + ("?session=S0000" if "feed" in path else "")
            callers: list[tuple[str, str | None]] = [("anonymous", None)] + [
                (role.value, role.value) for role in Role if role is not Role.service
            ]
            for name, role in callers:
                session: dict[str, Any] = {"csrf": "c" * 43}
                if role is not None:
                    org_type, org_id = ORG_OF_ROLE[Role(role)]
                    session |= {
                        "token": token(role, org_type, org_id),
                        "name": name,
                        "role": role,
                        "party_id": org_id if org_type == "person" else None,
                    }
                client.cookies.clear()  # only this caller's session, none the last answer set
                client.cookies.set(COOKIE, _portal_cookie(secret, session))
                r = await client.request(
                    method,
                    url,
                    data=forms if method == "POST" else None,
                    headers={"Accept": "text/html", "X-CSRF-Token": "c" * 43},
                )
                if r.status_code >= 500:
                    wrong.append(f"{key} as {name}: {r.status_code}")
                    continue
                sent_to_sign_in = r.status_code == 303 and "/sign-in" in r.headers["location"]
                refused = r.status_code in (401, 403) or sent_to_sign_in
                if role is None:
                    if "public" in allowed and refused:
                        wrong.append(f"{key} anonymous: {r.status_code}, table says public")
                    if "public" not in allowed and not refused:
                        wrong.append(f"{key} anonymous: {r.status_code}, expected a refusal")
                    continue
                may = bool(allowed & {"public", "authenticated", role})
                if may and refused:
                    wrong.append(f"{key} as {name}: {r.status_code}, table allows it")
                if not may and r.status_code != 403:
                    wrong.append(f"{key} as {name}: {r.status_code}, expected 403")
    await portal.state.upstream.aclose()
    assert not wrong, "\n".join(wrong)
