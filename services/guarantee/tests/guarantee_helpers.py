"""Fixtures of the guarantee tests: the app on SQLite (embedded) and on PostgreSQL, the
actors' tokens, and helpers that walk a guarantee through the G5 pipeline."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from common.clock import ManualClock, local_date
from common.ids import generate_credit_code, generate_resident_id
from common.scheduler import Scheduler
from common.settings import Settings
from testkit.testing import (
    BACKENDS,
    auth,
    backend_settings,
    make_settings,
    pg_settings,
    sample_file,
    serving,
)

COUNTY = "620821"
TOWNSHIP = "620821101"
OTHER_TOWNSHIP = "620821102"
GUARANTOR_ORG = "AHNDB-QY"
BANK = "BANK-A"
OTHER_BANK = "BANK-B"

CLERK = auth("township_clerk", org_type="township", org_id=TOWNSHIP, subject="clerk-1")
OTHER_CLERK = auth("township_clerk", org_type="township", org_id=OTHER_TOWNSHIP, subject="clerk-2")
GUARANTOR = auth("guarantor", org_type="guarantor", org_id=GUARANTOR_ORG, subject="g-1")
OTHER_GUARANTOR = auth("guarantor", org_type="guarantor", org_id="OTHER-G", subject="g-2")
LENDER = auth("lender", org_type="bank", org_id=BANK, subject="bank-1")
OTHER_LENDER = auth("lender", org_type="bank", org_id=OTHER_BANK, subject="bank-2")
AGRI = auth("county_department", org_type="county", org_id=COUNTY, subject="agri-1")
FINANCE = auth("county_finance", org_type="county", org_id=COUNTY, subject="fin-1")
OTHER_FINANCE = auth(
    "county_finance", org_type="county", org_id="620822", county="620822", subject="fin-2"
)
SUPERVISOR = auth("supervisor", org_type="county", org_id=COUNTY, subject="sup-1")

HEADER = [
    "party_id",
    "name",
    "kind",
    "village",
    "phone",
    "purpose",
    "main_business",
    "has_credit",
    "has_scale",
    "has_experience",
    "has_profit",
    "has_main_business",
    "has_need",
]


def person(seq: int = 1) -> str:
    return generate_resident_id("620821", birth=date(1980, 5, 17), seq=seq)


def enterprise(body: str = "QYLT0001") -> str:
    return generate_credit_code(region="620821", org_body=body)


def row(party_id: str, *, kind: str = "family_farm", haves: str = "111111", **kw: str) -> list:
    values = {
        "party_id": party_id,
        "name": kw.get("name", "张三家庭农场"),
        "kind": kind,
        "village": "青峰村",
        "phone": kw.get("phone", "13800000000"),
        "purpose": kw.get("purpose", "grain"),
        "main_business": "水稻种植",
    }
    flags = ["是" if c == "1" else "否" for c in haves]
    return [values[h] for h in HEADER[:7]] + flags


def sheet(*rows: list, header: list[str] | None = None) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header or HEADER)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path) -> Settings:
    return backend_settings(request, tmp_path)


@pytest.fixture
def sqlite_only(tmp_path) -> Settings:
    return make_settings(data_dir=tmp_path)


@pytest.fixture
async def client(backend: Settings, services: dict, clock: ManualClock) -> AsyncIterator:
    async with serving(services["guarantee"], backend, clock) as c:
        yield c


@pytest.fixture
async def lite(sqlite_only: Settings, services: dict, clock: ManualClock) -> AsyncIterator:
    """SQLite only: for the many-step scenarios, where PostgreSQL adds nothing but time."""
    async with serving(services["guarantee"], sqlite_only, clock) as c:
        yield c


@pytest.fixture
async def pgclient(pg: str, services: dict, clock: ManualClock, tmp_path) -> AsyncIterator:
    """PostgreSQL only: for races, where row locks matter."""
    async with serving(services["guarantee"], pg_settings(data_dir=tmp_path), clock) as c:
        yield c


def ok(r: httpx.Response, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    return r.json()


async def import_rows(c: Any, *rows: list, headers: dict = CLERK) -> dict:
    r = await c.post(
        "/borrowers/imports",
        files={"file": ("survey.csv", sheet(*rows), "text/csv")},
        headers=headers,
    )
    return ok(r, 201)


async def borrower_id(c: Any, party_id: str, headers: dict = CLERK) -> str:
    rows = ok(await c.get("/borrowers", headers=headers))
    return next(b["id"] for b in rows if b["party_id"] == party_id)


async def recommended(
    c: Any, party_id: str, *, kind: str = "family_farm", bank: tuple[str, dict] = (BANK, LENDER)
) -> str:
    await import_rows(c, row(party_id, kind=kind))
    bid = await borrower_id(c, party_id)
    made = ok(
        await c.post(
            "/guarantees/recommendations",
            json={"lender_org_id": bank[0], "borrower_ids": [bid]},
            headers=GUARANTOR,
        ),
        201,
    )
    return made[0]["id"]


#: G15 the four truths, each attested with a note
TRUTHS = {
    "truth_information": "摸底表与银行流水一致",
    "truth_identity": "身份证件核验一致",
    "truth_purpose": "用于购买种子化肥",
    "truth_operation": "实地查看种植基地正常经营",
}


async def diligence(
    c: Any, gid: str, amount: str = "1000000", loan_rate: str = "0.05", headers: dict = LENDER
) -> httpx.Response:
    return await c.post(
        f"/guarantees/{gid}/due-diligence",
        files={
            "report": (
                "report.pdf",
                sample_file("application/pdf", "due diligence"),
                "application/pdf",
            )
        },
        data={
            "amount": amount,
            "loan_rate": loan_rate,
            "term_months": "12",
            "summary": "经营正常，还款来源可靠",
            **TRUTHS,
        },
        headers=headers,
    )


async def approve(
    c: Any, gid: str, headers: dict[str, str], fee_rate: str | None = None
) -> httpx.Response:
    """An approval of the guarantee (G5): the lender's, or the guarantor's with its fee rate
    (G4)."""
    body: dict[str, Any] = {"approve": True}
    if fee_rate is not None:
        body["fee_rate"] = fee_rate
    return await c.post(f"/guarantees/{gid}/approval", json=body, headers=headers)


async def reject(c: Any, gid: str, headers: dict[str, str], reason: str) -> httpx.Response:
    """A refusal of the guarantee at approval (G5), with its reason."""
    body = {"approve": False, "reason": reason}
    return await c.post(f"/guarantees/{gid}/approval", json=body, headers=headers)


async def approved(c: Any, party_id: str, amount: str = "1000000", **kw: Any) -> str:
    lender = kw.get("bank", (BANK, LENDER))[1]
    gid = await recommended(c, party_id, **kw)
    ok(await diligence(c, gid, amount, headers=lender))
    ok(await approve(c, gid, lender))
    ok(await approve(c, gid, GUARANTOR, "0.01"))
    return gid


async def run_timers(c: Any, days: int = 0) -> int:
    c.clock.advance(timedelta(days=days))
    return await Scheduler(c.runtime).run_once()


async def issued(c: Any, party_id: str, amount: str = "1000000", **kw: Any) -> str:
    gid = await approved(c, party_id, amount, **kw)
    notice = {"complaint_phone": "0566-5021234", "places": "蓉城镇政府、青峰村"}
    ok(await c.post(f"/guarantees/{gid}/notice", json=notice, headers=CLERK))
    await run_timers(c, 7)
    ok(await c.post(f"/guarantees/{gid}/township-recommendation", json={}, headers=CLERK))
    ok(await c.post(f"/guarantees/{gid}/county-recommendation", json={}, headers=AGRI))
    ok(await c.post(f"/guarantees/{gid}/contract", headers=GUARANTOR))
    return gid


async def blacklist(
    c: Any, party_id: str, party_name: str, reason: str, headers: dict[str, str] = GUARANTOR
) -> httpx.Response:
    """A blacklisting of the party (G11), by the guarantor unless ``headers`` say otherwise."""
    body = {"party_id": party_id, "party_name": party_name, "reason": reason}
    return await c.post("/blacklist", json=body, headers=headers)


async def bank_entry(
    c: Any, gid: str, kind: str, body: dict, key: str, lender: dict = LENDER
) -> httpx.Response:
    return await c.post(
        f"/guarantees/{gid}/{kind}", json=body, headers={**lender, "Idempotency-Key": key}
    )


async def report_overdue(
    c: Any, gid: str, principal: str, interest: str, ref: str, key: str | None = None
) -> httpx.Response:
    """The lender reports the loan's overdue principal and interest (G6, G9) under its bank
    reference ``ref`` (the idempotency key: ``key``, else ``ref`` in lower case)."""
    body = {"principal": principal, "interest": interest, "bank_reference": ref}
    return await bank_entry(c, gid, "overdue", body, key or ref.lower())


async def repay(
    c: Any, gid: str, principal: str, interest: str, ref: str, key: str | None = None
) -> httpx.Response:
    """The lender reports a repayment of principal and interest, as ``report_overdue``."""
    body = {"principal": principal, "interest": interest, "bank_reference": ref}
    return await bank_entry(c, gid, "repayments", body, key or ref.lower())


async def set_param(c: Any, key: str, value: Any, reason: str, *, from_day: int = 0) -> dict:
    """County finance sets the county parameter ``key``, in force from today (or
    ``from_day`` days on)."""
    effective = local_date(c.clock.now()) + timedelta(days=from_day)
    body = {"value": value, "effective_from": str(effective), "reason": reason}
    return ok(await c.put(f"/county-parameters/{COUNTY}/{key}", json=body, headers=FINANCE), 201)


async def deposit(c: Any, fund: str, amount: str, note: str = "追加") -> dict:
    """County finance pays ``amount`` into the fund at path ``fund`` (G8, G10, G17)."""
    body = {"amount": amount, "note": note}
    return ok(await c.post(f"{fund}/deposits", json=body, headers=FINANCE), 201)


async def overdue_guarantee(
    c: Any,
    party_id: str,
    principal: str = "1000000",
    interest: str = "0",
    days_overdue: int | None = None,
) -> str:
    gid = await issued(c, party_id, "1000000")
    ok(
        await bank_entry(c, gid, "drawdowns", {"amount": "1000000", "bank_reference": "D1"}, "d1"),
        201,
    )
    if interest.strip("0.") and days_overdue is None:
        days_overdue = 730  # interest accrues by the day (G9): two years cover 150,000
    c.clock.advance(timedelta(days=days_overdue or 0))
    ok(
        await report_overdue(c, gid, principal, interest, "O1"),
        201,
    )
    return gid
