"""Fuzzing every service's OpenAPI (DOMAIN X4): no input, however odd, gets a 500, and
every refusal is an RFC 9457 problem. Schemathesis generates the requests from each
service's own schema and sends them over HTTP to the embedded run (a real uvicorn
process on SQLite), bounded per operation so CI time stays fixed.

The token carries every role of the county, so requests get past access checks and
reach validation and the domain rules; the access matrix test covers refusals by role.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from common.auth import Role
from common.testing import REPO, token

MAX_EXAMPLES = int(os.environ.get("REX_FUZZ_EXAMPLES", "15"))
ALL_ROLES = [r.value for r in Role]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def embedded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("fuzz")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("REX_")}
    env.update(REX_DATA_DIR=str(data), REX_LOG_JSON="false", REX_LOG_LEVEL="WARNING")
    log = (data / "server.log").open("wb")
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("rex")), "embedded", "--port", str(port)],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/listing/readyz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"embedded server did not start: {(data / 'server.log').read_text()}")
        time.sleep(0.1)  # waiting for a server process to come up, not for time to pass
    yield base
    proc.terminate()
    proc.wait(20)


@schemathesis.check
def refusals_are_problem_details(ctx, response, case) -> None:  # type: ignore[no-untyped-def]
    """X4: every 4xx/5xx is application/problem+json with a rule id."""
    if response.status_code >= 400:
        ctype = response.headers.get("content-type", [""])
        ctype = ctype[0] if isinstance(ctype, list) else ctype
        assert ctype.startswith("application/problem+json"), (response.status_code, ctype)
        body = response.json()
        assert body.get("rule") and body.get("title"), body


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
                headers=HEADERS,
                checks=[not_a_server_error, refusals_are_problem_details],
            )

        try:
            run()
        except Exception as exc:  # collect every failing operation, not just the first
            failures.append(f"{operation.label}: {exc}"[:2000])
    assert operations > 0
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("service", ["listing", "bidding", "registry", "guarantee"])
def test_X4_fuzzed_requests_never_get_a_500_and_every_refusal_is_a_problem(
    service: str, embedded_server: str
) -> None:
    _fuzz(service, embedded_server)
