"""Versioned county parameters (ARCHITECTURE "County configuration") and the X2 decision
log — on SQLite (embedded) and on the real PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event

from common.audit import decisions_of
from common.auth import Role
from common.clock import ManualClock, local_date
from common.county_config import (
    CountyParameters,
    Parameter,
    all_of,
    at_least,
    at_most,
    remembered,
)
from common.money import Rate
from common.settings import Settings
from testkit.testing import (
    BACKENDS,
    auth,
    backend_settings,
    serving,
)

PARAMS = CountyParameters(
    Parameter(
        "announcement_min_days",
        20,
        int,
        "Minimum announcement days",
        rule="L5",
        check=all_of(at_least(20)),
    ),
    Parameter(
        "fee_rate",
        Decimal("0.012"),
        Rate,
        "Guarantee fee cap",
        rule="G4",
        check=at_most(Decimal("0.012")),
    ),
)
COUNTY = "620821"
STAFF = auth("exchange_staff", org_type="county", org_id=COUNTY)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path) -> Settings:
    return backend_settings(request, tmp_path)


@pytest.fixture
async def client(backend: Settings, services: dict, clock: ManualClock) -> AsyncIterator:
    definition = services["listing"].replace(
        routers=[PARAMS.router(write_roles=(Role.exchange_staff,))]
    )
    async with serving(definition, backend, clock) as c:
        yield c


def _value(rows: list[dict], key: str) -> dict:
    return next(r for r in rows if r["key"] == key)


async def test_defaults_are_the_seed_numbers_until_a_county_changes_them(client) -> None:
    r = await client.get(f"/county-parameters/{COUNTY}", headers=STAFF)
    assert r.status_code == 200, r.text
    days = _value(r.json(), "announcement_min_days")
    assert days["value"] == 20 and days["version"] is None and days["rule"] == "L5"
    assert _value(r.json(), "fee_rate")["value"] == "0.012"


async def test_L5_a_change_takes_effect_on_its_date_and_is_audited(client, clock) -> None:
    today = local_date(clock.now())
    tomorrow = today + timedelta(days=1)
    r = await client.put(
        f"/county-parameters/{COUNTY}/announcement_min_days",
        json={"value": 25, "effective_from": str(tomorrow), "reason": "county decision 2026-7"},
        headers=STAFF,
    )
    assert r.status_code == 201, r.text
    assert r.json()["version"] == 1
    async with client.runtime.transaction() as s:
        assert await PARAMS.get(s, COUNTY, "announcement_min_days") == 20  # not yet
        assert await PARAMS.get(s, COUNTY, "announcement_min_days", on=tomorrow) == 25
        assert await PARAMS.get(s, "620822", "announcement_min_days", on=tomorrow) == 20
        log = await decisions_of(s, "county_parameter", f"{COUNTY}:announcement_min_days")
    assert [d.action for d in log] == ["county_parameter.set"]
    assert log[0].reason == "county decision 2026-7" and log[0].actor_roles == ["exchange_staff"]
    clock.advance(timedelta(days=1))
    r = await client.get(f"/county-parameters/{COUNTY}", headers=STAFF)
    assert _value(r.json(), "announcement_min_days")["value"] == 25
    history = await client.get(f"/county-parameters/{COUNTY}/announcement_min_days", headers=STAFF)
    assert [v["value"] for v in history.json()] == [25]


async def test_L5_minimum_cannot_go_below_20_days_and_nothing_changes(client, clock) -> None:
    r = await client.put(
        f"/county-parameters/{COUNTY}/announcement_min_days",
        json={"value": 19, "effective_from": "2000-01-01", "reason": ""},
        headers=STAFF,
    )
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    fields = {(e["field"], e["rule"]) for e in r.json()["errors"]}
    assert fields == {("value", "L5"), ("effective_from", "X2"), ("reason", "X2")}
    history = await client.get(f"/county-parameters/{COUNTY}/announcement_min_days", headers=STAFF)
    assert history.json() == []


async def test_G4_a_rate_is_exact_and_capped(client, clock) -> None:
    today = str(local_date(clock.now()))
    bad = await client.put(
        f"/county-parameters/{COUNTY}/fee_rate",
        json={"value": "0.013", "effective_from": today, "reason": "x"},
        headers=STAFF,
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["rule"] == "G4"
    ok = await client.put(
        f"/county-parameters/{COUNTY}/fee_rate",
        json={"value": "0.0105", "effective_from": today, "reason": "x"},
        headers=STAFF,
    )
    assert ok.status_code == 201, ok.text
    async with client.runtime.transaction() as s:
        assert await PARAMS.get(s, COUNTY, "fee_rate") == Decimal("0.0105")


async def test_X3_only_the_county_own_writers_may_change_it(client, clock) -> None:
    body = {"value": 30, "effective_from": str(local_date(clock.now())), "reason": "x"}
    other = auth("exchange_staff", org_type="county", org_id="620822", county="620822")
    clerk = auth("township_clerk", org_type="township", org_id="620821101")
    path = f"/county-parameters/{COUNTY}/announcement_min_days"
    assert (await client.put(path, json=body, headers=other)).status_code == 403
    assert (await client.put(path, json=body, headers=clerk)).status_code == 403
    assert (await client.put(path, json=body)).status_code == 401
    assert (await client.get(path, headers=STAFF)).json() == []
    assert (
        await client.put("/county-parameters/62082/x", json=body, headers=STAFF)
    ).status_code == 422
    unknown = await client.put(f"/county-parameters/{COUNTY}/nope", json=body, headers=STAFF)
    assert unknown.status_code == 404


def test_a_parameter_key_is_declared_once() -> None:
    with pytest.raises(ValueError):
        CountyParameters(Parameter("a", 1, int, "x"), Parameter("a", 2, int, "y"))


async def test_a_repeated_put_records_one_version(client, clock) -> None:
    body = {"value": 21, "effective_from": str(date(2030, 1, 1)), "reason": "x"}
    path = f"/county-parameters/{COUNTY}/announcement_min_days"
    assert (await client.put(path, json=body, headers=STAFF)).status_code == 201
    assert (await client.put(path, json=body, headers=STAFF)).status_code == 201
    assert len((await client.get(path, headers=STAFF)).json()) == 1


async def test_remembered_reads_a_parameter_once_per_county_and_day(client, clock) -> None:
    reads: list[str] = []

    def record(_conn, _cursor, statement, _parameters, _context, _many) -> None:
        if "county_parameters" in statement:
            reads.append(statement)

    engine = client.runtime.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        async with client.runtime.transaction() as s:
            with remembered(s):
                for _ in range(3):
                    assert await PARAMS.get(s, COUNTY, "announcement_min_days") == 20
                await PARAMS.get(s, COUNTY, "fee_rate")
                await PARAMS.get(s, "620822", "fee_rate")
                tomorrow = local_date(clock.now()) + timedelta(days=1)
                await PARAMS.get(s, COUNTY, "fee_rate", on=tomorrow)
            assert len(reads) == 4  # one per county, key and day
            await PARAMS.get(s, COUNTY, "announcement_min_days")  # outside: read again
            assert len(reads) == 5 and "county_parameters_remembered" not in s.info
    finally:
        event.remove(engine, "before_cursor_execute", record)
