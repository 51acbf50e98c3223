"""Production token verification through a JWKS URL, and structured JSON logs."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from common.auth import Role, TokenVerifier, mint_token
from common.logs import JsonFormatter, request_id
from common.problems import Problem


@pytest.fixture(scope="module")
def idp() -> Iterator[tuple[str, str]]:
    """A stand-in OIDC provider on loopback serving its JWKS; yields (url, private pem)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "idp-1", "use": "sig", "alg": "RS256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    yield f"http://127.0.0.1:{server.server_port}/jwks.json", pem
    server.shutdown()


def idp_token(pem: str, **claims: str) -> str:
    """A lender's token signed by the identity provider's key (kid idp-1)."""
    base = {"subject": "bank-007", "org_id": "icbc-620821"} | claims
    return mint_token(roles=["lender"], org_type="bank", private_key=pem, kid="idp-1", **base)


@pytest.fixture
def verifier(idp: tuple[str, str]) -> TokenVerifier:
    """Production-like: trusts only the identity provider's JWKS, not the dev key."""
    return TokenVerifier(
        issuer="rural-exchange", audience="rural-exchange", public_keys=[], jwks_url=idp[0]
    )


async def test_X3_token_from_the_identity_provider_verifies_through_its_jwks(
    idp: tuple[str, str], verifier: TokenVerifier
) -> None:
    _, pem = idp
    token = idp_token(pem)
    principal = await verifier.verify(token)
    assert principal.subject == "bank-007" and principal.has(Role.lender)
    assert principal.org.id == "icbc-620821"


async def test_X3_dev_token_is_not_trusted_by_a_production_verifier(
    idp: tuple[str, str], verifier: TokenVerifier
) -> None:
    dev = mint_token(
        subject="x", roles=["exchange_staff"], org_type="county", org_id="620821", kid="idp-1"
    )  # signed with the committed dev key
    with pytest.raises(Problem) as refused:
        await verifier.verify(dev)
    assert refused.value.status == 401


async def test_X3_token_for_another_audience_is_refused(
    idp: tuple[str, str], verifier: TokenVerifier
) -> None:
    _, pem = idp
    token = idp_token(pem, audience="another-system")
    with pytest.raises(Problem) as refused:
        await verifier.verify(token)
    assert "Audience" in (refused.value.detail_en or "")
    assert refused.value.status == 401


def test_logs_are_one_json_object_per_line_with_the_request_id() -> None:
    record = logging.LogRecord(
        "listing.review", logging.WARNING, __file__, 1, "rejected %s", ("L-1",), None
    )
    record.listing_id = "L-1"
    token = request_id.set("req-42")
    try:
        line = JsonFormatter("listing").format(record)
    finally:
        request_id.reset(token)
    out = json.loads(line)
    assert out["msg"] == "rejected L-1" and out["level"] == "warning"
    assert out["service"] == "listing" and out["request_id"] == "req-42"
    assert out["listing_id"] == "L-1"


def test_X3_a_verified_token_is_remembered_but_never_past_its_expiry(monkeypatch) -> None:
    import time as _time

    from common.auth import TokenVerifier, dev_public_key, mint_token

    verifier = TokenVerifier(
        issuer="rural-exchange", audience="rural-exchange", public_keys=[dev_public_key()]
    )
    tok = mint_token(subject="bidder-1", roles=["buyer"], org_type="person", org_id="x", ttl_s=60)
    first = verifier.verify_sync(tok)
    calls = []
    original = verifier._verify_uncached
    monkeypatch.setattr(verifier, "_verify_uncached", lambda t: calls.append(t) or original(t))
    assert verifier.verify_sync(tok) == first and calls == []  # served from the cache
    later = _time.time() + 60 + verifier.leeway + 1
    monkeypatch.setattr("common.auth.time.time", lambda: later)
    verifier.verify_sync(tok)  # past its expiry the cache does not answer: PyJWT checks again
    assert calls == [tok]
