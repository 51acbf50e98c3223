"""Authentication and access — 身份认证与权限 (DOMAIN X3).

Every service verifies bearer JWTs itself against configured public keys: PEM files,
a JWKS URL (an OIDC provider in production) and, in development only, the committed
dev key pair. Claims carry who the caller is (``sub``, ``name``), what it may do
(``roles``) and for which organization (``org``: type, id, county)::

    {"sub": "clerk-001", "name": "王芳", "roles": ["township_clerk"],
     "org": {"type": "township", "id": "620821101", "county": "620821"}, ...}

Endpoints state who may call them with ``require(...)``; a refusal is a problem
response (401 for who-are-you, 403 for not-allowed).
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, cached_property
from importlib import resources
from typing import Annotated, Any, get_origin

import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from common.problems import Problem, forbidden, unauthorized
from common.ratelimit import WRITE_METHODS, RateLimits, too_many
from common.settings import Settings

ALGORITHMS = ["RS256", "ES256", "EdDSA"]
VERIFIED_CACHE_SIZE = 10_000
# A token of the county's identity provider is ~1 kB; a longer one is refused before any
# decoding or caching (the headers as a whole are capped by common.edge).
MAX_TOKEN_CHARS = 8192
DEV_KID = "rex-dev-1"


class Role(StrEnum):
    """Actors of DOMAIN.md, one role each."""

    seller = "seller"  # 出让方
    buyer = "buyer"  # 意向受让方
    township_clerk = "township_clerk"  # 乡镇服务窗口
    county_department = "county_department"  # 县职能部门
    exchange_staff = "exchange_staff"  # 县农村产权交易中心
    auctioneer = "auctioneer"  # 拍卖师
    registration_authority = "registration_authority"  # 登记机构
    lender = "lender"  # 贷款银行
    guarantor = "guarantor"  # 省农担公司
    county_finance = "county_finance"  # 县财政
    supervisor = "supervisor"  # 监督委员会
    service = "service"  # another of our services calling over HTTP
    # collective land (services/collective, DOMAIN Z): 县级主导、乡级主责、村级主体
    village_homestead_officer = "village_homestead_officer"  # 村级宅基地管理员 (org: collective)
    township_homestead_office = "township_homestead_office"  # 乡镇宅基地管理办公室 (township)
    county_homestead_office = "county_homestead_office"  # 县宅基地主管部门 (county)
    joint_inspection = "joint_inspection"  # 联合执法检查, reads all of its county (county)
    natural_resources_bureau = "natural_resources_bureau"  # 县自然资源局, 入市 (county)


class OrgType(StrEnum):
    county = "county"
    township = "township"
    bank = "bank"
    guarantor = "guarantor"
    collective = "collective"
    person = "person"  # a natural person acting for themself (farmer, buyer)


@dataclass(frozen=True, slots=True)
class Organization:
    type: OrgType
    id: str
    county: str | None = None  # the county (6-digit division code) it belongs to


@dataclass(frozen=True, slots=True)
class Principal:
    subject: str
    name: str
    roles: frozenset[Role]
    org: Organization
    token_id: str | None = None

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))


def _claims_to_principal(claims: dict[str, Any]) -> Principal:
    try:
        org = claims["org"]
        roles = frozenset(Role(r) for r in claims["roles"])
        organization = Organization(OrgType(org["type"]), str(org["id"]), org.get("county"))
        if not roles:
            raise ValueError("no roles")
        return Principal(
            str(claims["sub"]), str(claims.get("name", "")), roles, organization, claims.get("jti")
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise unauthorized(
            f"token claims are incomplete or unknown: {exc}",
            "令牌声明不完整或无法识别",
        ) from exc


def dev_private_key() -> str:
    return (resources.files("common") / "devkeys" / "dev-private.pem").read_text()


@cache
def _signing_key(pem: str) -> RSAPrivateKey:
    """The parsed key of a PEM, once per process: OpenSSL's load checks the RSA key,
    20–70 ms on a 2-core box, which PyJWT would repeat for every token it signs."""
    key = load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, RSAPrivateKey):
        raise ValueError("the signing key must be an RSA private key (RS256)")
    return key


def dev_public_key() -> str:
    return (resources.files("common") / "devkeys" / "dev-public.pem").read_text()


class TokenVerifier:
    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        public_keys: list[str],
        jwks_url: str | None = None,
        leeway_s: int = 30,
    ) -> None:
        self.issuer, self.audience, self.leeway = issuer, audience, leeway_s
        self._keys: list[Any] = list(public_keys)
        self._jwks_url = jwks_url
        # Verified tokens → (principal, expiry): a client sends the same token on every
        # request (a bidder in a last-minute rush), and decoding plus the signature check
        # is most of an authenticated request's CPU. An entry never outlives its token.
        self._verified: OrderedDict[str, tuple[Principal, float]] = OrderedDict()
        self._verified_lock = threading.Lock()  # verify_sync may run in threads (JWKS)

    @classmethod
    def from_settings(cls, settings: Settings) -> TokenVerifier:
        keys = [p.read_text() for p in settings.jwt_public_keys]
        if settings.jwt_use_dev_key:
            keys.append(dev_public_key())
        return cls(
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            public_keys=keys,
            jwks_url=settings.jwt_jwks_url,
            leeway_s=settings.jwt_leeway_s,
        )

    @cached_property
    def _jwks(self) -> jwt.PyJWKClient | None:
        # A short timeout: the fetch holds the client's lock, and every request waits.
        if not self._jwks_url:
            return None
        return jwt.PyJWKClient(self._jwks_url, cache_keys=True, lifespan=300, timeout=3)

    def _decode(self, token: str, key: Any, algorithms: list[str]) -> dict[str, Any]:
        return jwt.decode(
            token,
            key,
            algorithms=algorithms,
            audience=self.audience,
            issuer=self.issuer,
            leeway=self.leeway,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )

    def _candidates(self, token: str, header: dict[str, Any]) -> list[tuple[Any, list[str]]]:
        """Keys to try, each with the algorithms it may verify (no algorithm confusion)."""
        alg = header.get("alg")
        if alg not in ALGORITHMS:
            raise unauthorized(f"token algorithm {alg!r} is not accepted", "令牌签名算法不被接受")
        out: list[tuple[Any, list[str]]] = [(k, [alg]) for k in self._keys]
        if self._jwks is not None:
            try:
                jwk = self._jwks.get_signing_key_from_jwt(token)
                out.insert(0, (jwk.key, [jwk.algorithm_name or alg]))
            except jwt.PyJWTError as exc:
                if not out:
                    raise unauthorized(
                        f"signing keys unavailable: {exc}", "无法获取签名公钥"
                    ) from exc
        return out

    def known(self, token: str) -> bool:
        """True when ``token`` was verified and has not expired (no signature check)."""
        with self._verified_lock:
            hit = self._verified.get(token)
        return hit is not None and time.time() <= hit[1] + self.leeway

    def verify_sync(self, token: str) -> Principal:
        if len(token) > MAX_TOKEN_CHARS:
            raise unauthorized(
                f"token longer than {MAX_TOKEN_CHARS} characters", "令牌长度超出上限"
            )
        with self._verified_lock:
            hit = self._verified.get(token)
            if hit is not None:
                if time.time() <= hit[1] + self.leeway:
                    self._verified.move_to_end(token)
                    return hit[0]
                del self._verified[token]
        principal, expires = self._verify_uncached(token)
        with self._verified_lock:
            self._verified[token] = (principal, expires)
            if len(self._verified) > VERIFIED_CACHE_SIZE:
                self._verified.popitem(last=False)
        return principal

    def _verify_uncached(self, token: str) -> tuple[Principal, float]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise unauthorized(f"malformed token: {exc}", "令牌格式错误") from exc
        last: Exception | None = None
        for key, algorithms in self._candidates(token, header):
            try:
                claims = self._decode(token, key, algorithms)
                return _claims_to_principal(claims), float(claims["exp"])
            except jwt.ExpiredSignatureError as exc:
                raise unauthorized("token has expired", "令牌已过期") from exc
            except (jwt.InvalidAudienceError, jwt.InvalidIssuerError) as exc:
                raise unauthorized(
                    f"token not issued for this platform: {exc}", "令牌签发方或受众不符"
                ) from exc
            except (
                jwt.InvalidSignatureError,
                jwt.InvalidKeyError,
                jwt.InvalidAlgorithmError,
            ) as exc:
                last = exc  # not this key: try the next
            except jwt.PyJWTError as exc:
                raise unauthorized(f"malformed token: {exc}", "令牌格式错误") from exc
        raise unauthorized(
            f"token signature not trusted ({type(last).__name__ if last else 'no keys'})",
            "令牌签名不受信任",
        )

    async def verify(self, token: str) -> Principal:
        if self._jwks is None:
            return self.verify_sync(token)
        try:  # the JWKS fetch is blocking I/O: off the event loop, and bounded
            return await asyncio.wait_for(asyncio.to_thread(self.verify_sync, token), 5)
        except TimeoutError as exc:
            raise unauthorized("signing keys unavailable (timeout)", "获取签名公钥超时") from exc


_bearer = HTTPBearer(auto_error=False)


async def current_principal(
    request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise unauthorized("a bearer token is required", "需要提供Bearer令牌")
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    verifier: TokenVerifier = request.app.state.runtime.verifier
    limits: RateLimits | None = getattr(request.app.state, "rate_limits", None)
    token = credentials.credentials
    if limits is None:
        principal = await verifier.verify(token)
    else:
        principal = await _verify_limited(verifier, limits, request, token)
    request.state.principal = principal
    return principal


async def _verify_limited(
    verifier: TokenVerifier, limits: RateLimits, request: Request, token: str
) -> Principal:
    """``verify``, counting rejected tokens per client IP and writes per subject
    (``common.ratelimit``)."""
    client = request.client.host if request.client else "unknown"
    if not verifier.known(token):
        wait = limits.auth_failures.retry_after(client)
        if wait is not None:
            raise too_many(
                wait, "too many rejected tokens from this address", "该地址令牌校验失败次数过多"
            )
        try:
            principal = await verifier.verify(token)
        except Problem:
            limits.auth_failures.hit(client)
            raise
    else:
        principal = await verifier.verify(token)
    if request.method in WRITE_METHODS and Role.service not in principal.roles:
        route = request.scope.get("route")
        hot = getattr(request.app, "hot_routes", ())
        if not any(
            h.method == request.method and h.path == getattr(route, "path", None) for h in hot
        ):
            wait = limits.writes.hit(principal.subject)
            if wait is not None:
                raise too_many(wait, "too many writes by this account", "该账号写操作过于频繁")
    return principal


async def principal_of_header(verifier: TokenVerifier, authorization: str) -> Principal | None:
    """The verified caller of a raw ``Authorization`` header value, or None when there is
    no valid bearer token — for code outside a FastAPI dependency (the idempotency scope,
    the bid's hot route); the endpoint's own dependency then answers 401."""
    if authorization[:7].lower() != "bearer ":
        return None
    try:
        return await verifier.verify(authorization[7:].strip())
    except Problem:
        return None


def check_access(
    principal: Principal, roles: tuple[Role, ...], org_types: tuple[OrgType, ...] = ()
) -> Principal:
    """The caller must hold one of ``roles`` (and an allowed organization), else 403."""
    if roles and not principal.has(*roles):
        raise forbidden(
            f"role {sorted(principal.roles)} may not do this; needs one of "
            f"{sorted(r.value for r in roles)}",
            "当前角色无权执行此操作",
        )
    if org_types and principal.org.type not in org_types:
        raise forbidden(
            f"organization type {principal.org.type} may not do this",
            "所属机构类型无权执行此操作",
        )
    return principal


def require(*roles: Role, org_types: tuple[OrgType, ...] = ()) -> Any:
    """Dependency: the caller must hold one of ``roles`` (and an allowed organization)."""

    async def dependency(principal: Principal = Depends(current_principal)) -> Principal:
        return check_access(principal, roles, org_types)

    return Depends(dependency)


def dependency_of(role: Any) -> Any:
    """The ``Depends`` of a role however a service names it: ``require(...)`` itself, or
    the one inside ``Annotated[Principal, require(...)]`` (an endpoint's ``who: STAFF``).
    Routes built in a closure (filing routes) take the dependency as a default value."""
    if get_origin(role) is Annotated:
        return role.__metadata__[0]
    return role


def same_org_or_forbidden(principal: Principal, org_id: str, what_en: str, what_zh: str) -> None:
    """Organization check for a resource: a clerk only on its own township, etc."""
    if principal.org.id != org_id:
        raise Problem(
            403,
            "other-organization",
            f"{what_en} belongs to another organization",
            f"{what_zh}属于其他机构",
            rule="X3",
        )


def mint_token(
    *,
    subject: str,
    roles: list[str],
    org_type: str,
    org_id: str,
    county: str | None = None,
    name: str = "",
    ttl_s: int = 3600,
    private_key: str | None = None,
    issuer: str = "rural-exchange",
    audience: str = "rural-exchange",
    kid: str = DEV_KID,
    now: float | None = None,
) -> str:
    """Sign a token (development and tests; production tokens come from the IdP)."""
    issued = int(now if now is not None else time.time())
    claims = {
        "sub": subject,
        "name": name,
        "roles": roles,
        "org": {"type": org_type, "id": org_id, "county": county},
        "iss": issuer,
        "aud": audience,
        "iat": issued,
        "nbf": issued,
        "exp": issued + ttl_s,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(
        claims,
        _signing_key(private_key or dev_private_key()),
        algorithm="RS256",
        headers={"kid": kid},
    )
