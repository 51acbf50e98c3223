"""Settings — 配置 (pydantic-settings, environment prefix ``REX_``).

The only differences between the embedded run and production are the database URL and
the event transport; domain code never asks which one it runs on. Outside
``development`` the guard refuses every default secret: the dev JWT key pair, the
default database password and the default application secret.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from ipaddress import ip_network
from pathlib import Path
from typing import Annotated, Self

from pydantic import Field, IPvAnyNetwork, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_SECRET = "dev-only-secret-change-me"
DEFAULT_DB_PASSWORDS = frozenset({"", "rex", "postgres", "password", "changeme"})


class Environment(StrEnum):
    development = "development"
    staging = "staging"
    production = "production"


class Transport(StrEnum):
    inprocess = "inprocess"
    kafka = "kafka"


class Settings(BaseSettings):
    """Settings shared by every service; read once per process."""

    # Environment only (12-factor): no .env file is read, so Compose's env file at the
    # repo root never leaks production values into a local `uv run rex`.
    model_config = SettingsConfigDict(env_prefix="REX_", extra="ignore")

    env: Environment = Environment.development
    # None: each service on its own SQLite file in data_dir (the embedded default).
    # A PostgreSQL URL: each service in its own schema (named after the service).
    database_url: str | None = None
    data_dir: Path = Path(".data")
    db_pool_size: int = Field(10, ge=1)
    db_max_overflow: int = Field(10, ge=0)
    db_echo: bool = False
    # A connection the server closed (a restart) is always replaced at checkout, at no cost
    # (common.db). True adds SQLAlchemy's full ping — three round trips per checkout with
    # asyncpg — for networks that drop idle connections without closing them.
    db_pre_ping: bool = False

    event_transport: Transport = Transport.inprocess
    kafka_bootstrap: str = "127.0.0.1:9092"
    kafka_client_timeout_s: float = Field(15.0, gt=0)
    # Consumer groups are "<prefix><service>"; a prefix isolates a second deployment
    # (a benchmark, a staging stack) sharing one broker.
    kafka_group_prefix: str = ""
    topics_file: Path = Path("deploy/topics.toml")

    relay_batch_size: int = Field(200, ge=1, le=5000)
    relay_idle_s: float = Field(0.05, gt=0)  # poll interval when the outbox is empty
    relay_max_attempts: int = Field(8, ge=1)  # a row failing this often is parked
    consumer_max_retries: int = Field(3, ge=0)  # then the message goes to the DLQ
    scheduler_idle_s: float = Field(0.5, gt=0)
    scheduler_batch_size: int = Field(50, ge=1)

    secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    jwt_issuer: str = "rural-exchange"
    jwt_audience: str = "rural-exchange"
    jwt_public_keys: list[Path] = Field(default_factory=list)  # PEM files
    jwt_jwks_url: str | None = None
    jwt_use_dev_key: bool = True
    jwt_leeway_s: int = Field(30, ge=0, le=300)

    # Queries across services go over HTTP (ARCHITECTURE: e.g. the title search of a
    # listing's pre-review). The registry's base URL; in the embedded run it is the
    # registry's path prefix on the same server.
    registry_url: str = "http://127.0.0.1:8000/registry"
    cross_service_timeout_s: float = Field(5.0, gt=0, le=60)
    # Bearer token this service presents to another (role ``service``), issued by the
    # identity provider. In development, when unset, one is minted with the dev key.
    service_token: SecretStr | None = None
    # Production: a PEM private key (a path) this service signs a short-lived token with,
    # per call (re-minted when half its life has passed); the receivers trust its public
    # half (REX_JWT_PUBLIC_KEYS). Preferred over the fixed REX_SERVICE_TOKEN, which expires.
    service_signing_key: Path | None = None
    service_signing_key_id: str = "rex-service"
    service_token_ttl_s: int = Field(120, ge=10, le=3600)

    # Uploaded documents (common.storage); None = <data_dir>/documents.
    documents_dir: Path | None = None
    max_document_bytes: int = Field(20 * 1024 * 1024, ge=1)
    # Where a printed document's QR code and short code lead (common.documents): the
    # portal's public address, as a person's phone reaches it; /verify/<code> is appended.
    public_portal_url: str = "http://127.0.0.1:8000"

    idempotency_ttl_hours: int = Field(72, ge=1)
    # Published outbox rows are kept a week for audit and replays; inbox ids must outlive
    # Kafka's retention (7 days in deploy/topics.toml) so any redelivery is still caught.
    outbox_retention_days: int = Field(7, ge=1)
    inbox_retention_days: int = Field(30, ge=8)
    # The worker's /healthz (its parts, consumer lag, outbox backlog) and /metrics on this
    # port (common.worker_health); 0 = off.
    worker_metrics_port: int = Field(0, ge=0, le=65535)
    worker_metrics_host: str = "0.0.0.0"
    # Development only: shift the clock by the seconds written in this file, so an
    # end-to-end test or a demo moves time for every process at once (OffsetFileClock).
    clock_offset_file: Path | None = None
    log_level: str = "INFO"
    log_json: bool = True

    # Defence in depth (common.edge, common.ratelimit; README "Security").
    # Browser origins of the county's own frontends allowed by CORS, as a JSON list or
    # comma-separated ("https://portal.example.cn,https://admin.example.cn"); empty: none.
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Request headers above this many bytes in all are refused (431).
    max_header_bytes: int = Field(16 * 1024, ge=1024, le=1024 * 1024)
    # Per client IP: rejected bearer tokens per minute; then 429 until the budget refills.
    rate_limit_auth_failures: int = Field(20, ge=0)  # 0 = off
    # Per token subject: writes (POST, PUT, PATCH, DELETE) per minute; accepted bids on
    # the hot route are never counted. 0 = off.
    rate_limit_writes: int = Field(60, ge=0)
    # /metrics answers callers from these networks, or bearing this token.
    metrics_networks: Annotated[list[IPvAnyNetwork], NoDecode] = Field(
        default_factory=lambda: [ip_network("127.0.0.0/8"), ip_network("::1/128")]
    )
    metrics_token: SecretStr | None = None

    @field_validator("cors_origins", "metrics_networks", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip()
            if value.startswith("["):
                return json.loads(value)
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, value: list[str]) -> list[str]:
        for origin in value:
            if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?", origin):
                raise ValueError(
                    f"REX_CORS_ORIGINS: {origin!r} is not an origin (scheme://host[:port], "
                    "no path, no wildcard)"
                )
        return value

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> Self:
        if self.env is Environment.development:
            return self
        problems = []
        if self.secret_key.get_secret_value() == DEFAULT_SECRET:
            problems.append("REX_SECRET_KEY is the development default")
        if self.jwt_use_dev_key:
            problems.append("REX_JWT_USE_DEV_KEY trusts the committed development key pair")
        if not (self.jwt_public_keys or self.jwt_jwks_url):
            problems.append("no REX_JWT_PUBLIC_KEYS or REX_JWT_JWKS_URL configured")
        if self.database_url is None:
            problems.append("REX_DATABASE_URL must name a PostgreSQL database")
        elif _password(self.database_url) in DEFAULT_DB_PASSWORDS:
            problems.append("REX_DATABASE_URL uses a default password")
        if self.clock_offset_file is not None:
            problems.append("REX_CLOCK_OFFSET_FILE moves the clock (development only)")
        if problems:
            raise ValueError(
                f"refusing to start in {self.env.value} with default secrets: "
                + "; ".join(problems)
            )
        return self

    def service_database_url(self, service: str) -> str:
        if self.database_url is None:
            return f"sqlite+aiosqlite:///{self.data_dir / f'{service}.db'}"
        return self.database_url

    def consumer_group(self, service: str) -> str:
        return f"{self.kafka_group_prefix}{service}"

    @property
    def is_postgres(self) -> bool:
        return self.database_url is not None and self.database_url.startswith("postgresql")


def _password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).password or ""
