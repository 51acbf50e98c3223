"""Settings guard (no default secret outside development) and the event catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from common.catalogue import render_catalogue
from common.settings import Settings
from testkit.testing import REPO


def settings(**kw: object) -> Settings:
    return Settings(**kw)  # type: ignore[arg-type]


def test_development_runs_on_the_defaults() -> None:
    s = settings()
    assert s.env == "development" and s.jwt_use_dev_key
    assert s.service_database_url("listing").endswith("listing.db")


@pytest.mark.parametrize("env", ["staging", "production"])
def test_default_secrets_are_refused_outside_development(env: str) -> None:
    with pytest.raises(ValidationError) as err:
        settings(env=env)
    text = str(err.value)
    for needle in ("REX_SECRET_KEY", "REX_JWT_USE_DEV_KEY", "REX_DATABASE_URL"):
        assert needle in text


def production_with_key_file(tmp_path: Path, database_url: str, **kw: object) -> Settings:
    """Production settings with a real secret and a public key file, otherwise as given."""
    key = tmp_path / "idp.pem"
    key.write_text("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n")
    return settings(
        env="production",
        secret_key="s" * 40,
        jwt_use_dev_key=False,
        jwt_public_keys=[key],
        database_url=database_url,
        **kw,
    )


def test_default_database_password_is_refused_in_production(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="default password"):
        production_with_key_file(tmp_path, "postgresql+asyncpg://rex:rex@db:5432/rex")


def test_production_with_real_secrets_starts() -> None:
    s = settings(
        env="production",
        secret_key="s" * 40,
        jwt_use_dev_key=False,
        jwt_jwks_url="https://idp.example/jwks.json",
        database_url="postgresql+asyncpg://rex:Vx9-long-random@db:5432/rex",
    )
    assert s.is_postgres


def test_event_catalogue_in_docs_is_current() -> None:
    assert (REPO / "docs" / "events.md").read_text() == render_catalogue(), (
        "docs/events.md is stale: run `uv run rex events catalogue`"
    )


def test_a_shared_clock_offset_file_is_refused_in_production(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="REX_CLOCK_OFFSET_FILE"):
        production_with_key_file(
            tmp_path,
            "postgresql+asyncpg://rex:Str0ng-pw@db:5432/rex",
            clock_offset_file=tmp_path / "offset",
        )


def test_an_event_base_declares_topic_and_aggregate_once() -> None:
    """Events derived from one intermediate base share its topic and aggregate (X1)."""
    from common.contracts.guarantee import PartyBlacklisted, PartyCleared
    from common.events import Event

    for event in (PartyBlacklisted, PartyCleared):
        assert (event.topic, event.aggregate_type, event.aggregate_key) == (
            "guarantee.events",
            "party",
            "party_id",
        )
    with pytest.raises(TypeError, match="together"):

        class _HalfBase(Event, topic="guarantee.events"):
            pass
