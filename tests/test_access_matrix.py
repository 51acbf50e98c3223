"""The access matrix (DOMAIN X3), generated from tests/access_matrix.toml: every endpoint
of every service called as every role — allowed where the table says, 403 elsewhere,
401 without a token — and no endpoint missing from the table."""

from __future__ import annotations

import random
import re
import tomllib
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from common.app import create_app
from common.auth import Role
from common.ids import generate_credit_code, generate_resident_id
from testkit.testing import REPO, make_settings, token

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
    Role.village_homestead_officer: ("collective", "620821101001"),
    Role.township_homestead_office: ("township", "620821101"),
    Role.county_homestead_office: ("county", "620821"),
    Role.joint_inspection: ("county", "620821"),
    Role.natural_resources_bureau: ("county", "620821"),
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


@pytest.mark.parametrize("service", ["listing", "bidding", "registry", "guarantee", "collective"])
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


@pytest.mark.parametrize("service", ["listing", "bidding", "registry", "guarantee", "collective"])
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


# "Another organization lifts it" (issue 16): the [[lift]] cases of access_matrix.toml.
LIFTS: list[dict[str, Any]] = MATRIX.pop("lift", [])  # type: ignore[arg-type]


def _caller(spec: str) -> dict[str, str]:
    """ "role org_type:org_id" → its bearer header (a county organization is its county)."""
    role, org = spec.split(" ")
    org_type, org_id = org.split(":")
    county = org_id if org_type == "county" else "620821"
    jwt = token(role, org_type, org_id, county=county, subject=f"{role}@{org_id}")
    return {"Authorization": f"Bearer {jwt}"}


def _fill(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format_map(names) if "{" in value else value
    if isinstance(value, dict):
        return {k: _fill(v, names) for k, v in value.items()}
    return value


def _holds(data: Any, expect: dict[str, Any]) -> bool:
    items = data if isinstance(data, list) else [data]
    return any(isinstance(i, dict) and expect.items() <= i.items() for i in items)


async def _enter_right(client: httpx.AsyncClient) -> dict[str, str]:
    """A right of county 620821 to put a flag on."""
    cert = f"GS620821{uuid.uuid4().hex[:10]}"
    body = {
        "certificate_no": cert,
        "county": "620821",
        "township": "620821101",
        "right_type": "contracted_land",
        "origin": "family_contract",
        "holder_party_id": generate_resident_id("620821"),
        "holder_name": "张三",
        "location": "木镇镇村东",
        "area_mu": "20",
        "term_start": "2018-01-01",
        "term_end": "2047-12-31",
    }
    r = await client.post(
        "/rights", json=body, headers=_caller("registration_authority county:620821")
    )
    assert r.status_code == 201, r.text
    return {"certificate_no": cert}


@pytest.mark.parametrize("case", LIFTS, ids=[c["restriction"] for c in LIFTS])
async def test_X3_another_organization_cannot_lift_a_restriction(
    case: dict[str, Any], apps: dict
) -> None:
    transport = httpx.ASGITransport(app=apps[case["service"]])
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        names = {"party": generate_resident_id("620821")}
        if "{certificate_no}" in case["set"]["request"]:
            names |= await _enter_right(client)

        async def call(step: str, headers: dict[str, str]) -> httpx.Response:
            method, path = _fill(case[step]["request"], names).split(" ", 1)
            body = _fill(case[step].get("body"), names)
            return await client.request(method, path, json=body, headers=headers)

        by = _caller(case["by"])
        expect = case["still"]["expect"]
        r = await call("set", by)
        assert r.status_code in (200, 201), r.text
        for other in case["others"]:
            r = await call("lift", _caller(other))
            assert r.status_code == 403, f"{other} lifts it: {r.status_code} {r.text[:200]}"
            seen = await call("still", by)
            assert _holds(seen.json(), expect), f"after {other}: {seen.text[:300]}"
        r = await call("lift", by)  # the organization that set it may lift it
        assert r.status_code in (200, 201), r.text
        assert not _holds((await call("still", by)).json(), expect)


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
