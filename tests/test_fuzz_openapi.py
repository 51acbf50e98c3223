"""Fuzzing every service's OpenAPI (DOMAIN X4): no input, however odd, gets a 500, and
every refusal is an RFC 9457 problem. Schemathesis generates the requests from each
service's own schema and sends them over HTTP to the embedded run (a real uvicorn
process on SQLite), bounded per operation so CI time stays fixed.

The token carries every role of the county, so requests get past access checks and
reach validation and the domain rules; the access matrix test covers refusals by role.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.transport.requests import ManagedCookiesSession

from common.auth import Role
from common.request_fields import names_request_field
from testkit.processes import embedded_server
from testkit.testing import token

MAX_EXAMPLES = int(os.environ.get("REX_FUZZ_EXAMPLES", "15"))
ALL_ROLES = [r.value for r in Role]


# Session scope: the scheduler hands each service's fuzzing out as its own unit
# (testkit.parallel), so a module-scoped server was started once per unit, 11–12 s of
# setup each time on a busy 2-core box; now once per worker. The services' fuzzing
# shares one server, as it always did in a serial run.
@pytest.fixture(scope="session")
def embedded_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with embedded_server(tmp_path_factory.mktemp("fuzz")) as base:
        yield base


@schemathesis.check
def refusals_are_problem_details(ctx, response, case) -> None:  # type: ignore[no-untyped-def]
    """X4: every 4xx/5xx is application/problem+json with a rule id."""
    if response.status_code >= 400:
        ctype = response.headers.get("content-type", [""])
        ctype = ctype[0] if isinstance(ctype, list) else ctype
        assert ctype.startswith("application/problem+json"), (response.status_code, ctype)
        body = response.json()
        assert body.get("rule") and body.get("title"), body


@schemathesis.check
def refusals_name_request_fields(ctx, response, case) -> None:  # type: ignore[no-untyped-def]
    """X4: a 422 names fields of the operation's request (issue 15, item 7)."""
    if response.status_code != 422:
        return
    spec = case.operation.schema.raw_schema
    sent = case.body if isinstance(case.body, dict) else None
    for e in response.json().get("errors") or []:
        field = e.get("field")
        assert names_request_field(spec, case.method, case.operation.path, field, sent), (
            f"422 names {field!r}, not a field of {case.method} {case.operation.path}"
        )


HEADERS = {"Authorization": f"Bearer {token(ALL_ROLES, org_type='county', org_id='620821')}"}
FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


def _fuzz(service: str, base: str) -> None:
    """Every operation of ``service``, ``MAX_EXAMPLES`` generated requests each."""
    schema = schemathesis.openapi.from_url(f"{base}/{service}/openapi.json")
    # One keep-alive session for every request: without one, schemathesis builds a
    # requests session and opens a new connection per generated case. This one drops
    # the cookies between cases, as a fresh session would.
    session = ManagedCookiesSession()
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @FUZZ
        @given(case=operation.as_strategy())
        def run(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(
                base_url=f"{base}/{service}",
                session=session,
                headers=HEADERS,
                checks=[
                    not_a_server_error,
                    refusals_are_problem_details,
                    refusals_name_request_fields,
                ],
            )

        try:
            run()
        except Exception as exc:  # collect every failing operation, not just the first
            failures.append(f"{operation.label}: {exc}"[:2000])
    session.close()
    assert operations > 0
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("service", ["listing", "bidding", "registry", "guarantee", "collective"])
def test_X4_fuzzed_requests_never_get_a_500_and_every_refusal_is_a_problem(
    service: str, embedded_server_url: str
) -> None:
    _fuzz(service, embedded_server_url)
