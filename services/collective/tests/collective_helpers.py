"""Fixtures of the collective tests: the app on SQLite and on PostgreSQL, the actors'
tokens (a village homestead officer per collective, a township office per township), and
helpers that walk a resolution (X5) and a household (Z1, Z2) through their steps."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from collective.entrydeals.handlers import on_trade_concluded
from common.clock import ManualClock, local_date
from common.context import session_context
from common.contracts.bidding import TradeConcluded
from common.contracts.registry import LienRegistered
from common.events import Envelope, Event
from common.ids import generate_resident_id
from common.scheduler import Scheduler
from common.settings import Settings
from testkit.testing import BACKENDS, auth, backend_settings, make_settings, pg_settings, serving

COUNTY = "371324"  # Lanling county (兰陵县), seed 002
TOWNSHIP = "371324100"
OTHER_TOWNSHIP = "371324101"
VILLAGE = "371324100201"  # a pilot collective of the first township
NEIGHBOUR = "371324100202"  # another collective of the same township
FAR_VILLAGE = "371324101201"  # a collective of the other township

OFFICER = auth(
    "village_homestead_officer",
    org_type="collective",
    org_id=VILLAGE,
    county=COUNTY,
    subject="officer-1",
)
NEIGHBOUR_OFFICER = auth(
    "village_homestead_officer",
    org_type="collective",
    org_id=NEIGHBOUR,
    county=COUNTY,
    subject="officer-2",
)
FAR_OFFICER = auth(
    "village_homestead_officer",
    org_type="collective",
    org_id=FAR_VILLAGE,
    county=COUNTY,
    subject="officer-3",
)
TOWNSHIP_OFFICE = auth(
    "township_homestead_office",
    org_type="township",
    org_id=TOWNSHIP,
    county=COUNTY,
    subject="town-1",
)
OTHER_TOWNSHIP_OFFICE = auth(
    "township_homestead_office",
    org_type="township",
    org_id=OTHER_TOWNSHIP,
    county=COUNTY,
    subject="town-2",
)
COUNTY_OFFICE = auth(
    "county_homestead_office", org_type="county", org_id=COUNTY, county=COUNTY, subject="cty-1"
)
INSPECTION = auth(
    "joint_inspection", org_type="county", org_id=COUNTY, county=COUNTY, subject="insp-1"
)
OTHER_COUNTY_INSPECTION = auth(
    "joint_inspection", org_type="county", org_id="371325", county="371325", subject="insp-2"
)
PUBLICITY_DAYS = 7  # X5 决议公开, the default (CHOICE)


def person(seq: int) -> str:
    return generate_resident_id(COUNTY, birth=date(1975, 3, 9), seq=seq)


def ok(r: httpx.Response, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    return r.json()


def reasons(refused: httpx.Response) -> set[tuple[str, str]]:
    """A refusal's reasons as (field, rule) pairs, in no order."""
    return {(e["field"], e["rule"]) for e in refused.json()["errors"]}


def minutes(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path) -> Settings:
    return backend_settings(request, tmp_path)


@pytest.fixture
async def client(backend: Settings, services: dict, clock: ManualClock) -> AsyncIterator:
    async with serving(services["collective"], backend, clock) as c:
        yield c


@pytest.fixture
async def lite(tmp_path, services: dict, clock: ManualClock) -> AsyncIterator:
    """SQLite only: for the many-step scenarios, where PostgreSQL adds nothing but time."""
    async with serving(services["collective"], make_settings(data_dir=tmp_path), clock) as c:
        yield c


@pytest.fixture
async def pgclient(pg: str, services: dict, clock: ManualClock, tmp_path) -> AsyncIterator:
    """PostgreSQL and the real Kafka: for the events that leave through the relay."""
    async with serving(services["collective"], pg_settings(data_dir=tmp_path), clock) as c:
        yield c


def today(c: Any) -> date:
    return local_date(c.clock.now())


async def collective(c: Any, cid: str = VILLAGE, township: str = TOWNSHIP) -> dict:
    office = TOWNSHIP_OFFICE if township == TOWNSHIP else OTHER_TOWNSHIP_OFFICE
    body = {"id": cid, "name": f"{cid}村股份经济合作社", "county": COUNTY, "township": township}
    return ok(await c.post("/collectives", json=body, headers=office), 201)


async def household(
    c: Any, *seqs: int, cid: str = VILLAGE, confirmed: bool = True, headers: dict | None = None
) -> dict:
    members = [
        {"party_id": person(s), "name": f"成员{s}", "adult": True, "confirmed": confirmed}
        for s in seqs
    ]
    body = {"head_party_id": person(seqs[0]), "address": "兰陵镇某村", "members": members}
    return ok(
        await c.post(f"/collectives/{cid}/households", json=body, headers=headers or OFFICER),
        201,
    )


def step(
    c: Any,
    name: str,
    *,
    votes_for: int,
    eligible: int = 45,
    attendance: int | None = None,
    held_on: date | None = None,
) -> dict:
    attendance = eligible if attendance is None else attendance
    return {
        "step": name,
        "held_on": (held_on or today(c)).isoformat(),
        "body": {
            "proposal": "村党支部",
            "consultation": "村两委会议",
            "party_review": "党员大会",
        }.get(name, "村民代表会议"),
        "eligible": eligible,
        "attendance": attendance,
        "votes_for": votes_for,
        "votes_against": attendance - votes_for,
        "abstained": 0,
        "minutes_sha256": minutes(f"{name} {votes_for}/{eligible}"),
    }


async def resolution(
    c: Any,
    matter: str = "homestead_qualification",
    *,
    cid: str = VILLAGE,
    headers: dict | None = None,
    vote_for: int = 30,
    eligible: int = 45,
    upto: str = "vote",
    subject_ref: str | None = None,
) -> dict:
    """A resolution through its four deliberations (stopping after ``upto``)."""
    headers = headers or OFFICER
    body = {
        "collective_id": cid,
        "matter": matter,
        "title": "宅基地资格权认定名单",
        "proposal": step(c, "proposal", votes_for=5, eligible=7),
    }
    if subject_ref is not None:
        body["subject_ref"] = subject_ref
    r = ok(await c.post("/resolutions", json=body, headers=headers), 201)
    for name, votes, entitled in (
        ("consultation", 5, 7),
        ("party_review", 20, 30),
        ("vote", vote_for, eligible),
    ):
        if r["status"] == "rejected":
            break
        r = ok(
            await c.post(
                f"/resolutions/{r['id']}/steps",
                json=step(c, name, votes_for=votes, eligible=entitled),
                headers=headers,
            )
        )
        if name == upto:
            break
    return r


async def after_publicity(c: Any, days: int = PUBLICITY_DAYS) -> int:
    """Move the clock past the publicity and fire the due timers."""
    c.clock.advance(timedelta(days=days))
    return await Scheduler(c.runtime).run_once()


async def effective_resolution(c: Any, matter: str = "homestead_qualification", **kw: Any) -> dict:
    r = await resolution(c, matter, **kw)
    assert r["status"] == "in_publicity", r
    await after_publicity(c)
    return ok(await c.get(f"/resolutions/{r['id']}", headers=kw.get("headers") or OFFICER))


FACTORS = {"membership": True, "contracting": True, "residence": True, "obligations": True}


async def propose(c: Any, household_id: str, resolution_id: str, headers: dict | None = None):
    body = {"household_id": household_id, "resolution_id": resolution_id, "factors": FACTORS}
    return await c.post("/qualifications", json=body, headers=headers or OFFICER)


async def recognized(c: Any, *seqs: int) -> tuple[dict, dict]:
    """A household whose qualification the township has confirmed (Z1)."""
    h = await household(c, *seqs)
    r = await resolution(c)
    q = ok(await propose(c, h["id"], r["id"]), 201)
    await after_publicity(c)
    q = ok(await c.post(f"/qualifications/{q['id']}/confirm", headers=TOWNSHIP_OFFICE))
    return h, q


async def parcel(
    c: Any,
    number: str,
    *,
    household_id: str | None = None,
    origin: str = "approved",
    area: str = "180.00",
    cid: str = VILLAGE,
    certificate_no: str | None = None,
) -> httpx.Response:
    body = {
        "number": number,
        "collective_id": cid,
        "household_id": household_id,
        "location": "兰陵镇某村东街",
        "area_m2": area,
        "origin": origin,
        "approval_ref": f"兰宅批{number}" if origin == "approved" else None,
        "use": "self",
        "certificate_no": certificate_no,
    }
    return await c.post("/parcels", json=body, headers=OFFICER)


async def realized(c: Any, q: dict, parcel_id: str, approval_ref: str) -> dict:
    """The township office realizes qualification ``q`` on the parcel (落实, Z2)."""
    body = {"parcel_id": parcel_id, "approval_ref": approval_ref}
    return ok(
        await c.post(f"/qualifications/{q['id']}/realize", json=body, headers=TOWNSHIP_OFFICE)
    )


async def outbox_events(c: Any, event_type: str) -> list[dict]:
    async with c.runtime.transaction() as s:
        o = session_context(s).infra.outbox
        rows = await s.execute(select(o).where(o.c.event_type == event_type).order_by(o.c.id))
        return [dict(r._mapping) for r in rows]


async def pilot(c: Any, cid: str = VILLAGE, enabled: bool = True) -> dict:
    """The county enables Z5–Z11 for the collective (Z13, 试点)."""
    body = {"enabled": enabled, "reference": "兰陵县宅基地改革试点方案"}
    return ok(await c.put(f"/collectives/{cid}/pilot", json=body, headers=COUNTY_OFFICE))


# --- registry's lien events, as the inbox applies them ---------------------------------

CERT = "鲁(2026)兰陵县不动产权第0001号"


async def deliver(c: Any, handler: Any, event: Event, aggregate_id: str) -> None:
    """Apply the consumer's handler in its own transaction, as the inbox does."""
    envelope = Envelope(
        event_id=uuid.uuid4(),
        event_type=event.event_type,
        version=1,
        occurred_at=datetime(2026, 12, 1, tzinfo=UTC),
        producer="registry",
        aggregate_type="lien",
        aggregate_id=aggregate_id,
        payload=event.model_dump(mode="json"),
    )
    async with c.runtime.transaction() as s:
        await handler(s, event, envelope)


def lien_registered(lien_id: str) -> LienRegistered:
    return LienRegistered(
        lien_id=lien_id,
        certificate_no=CERT,
        lender_org_id="bank-1",
        borrower_party_id=person(1),
        secured_amount=Decimal("50000.00"),
        appraised_value=Decimal("120000.00"),
        rank=1,
        term_end=datetime(2028, 1, 1).date(),
        registered_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


# --- 入市 (E): the natural resources bureau and an entry plan's body -------------------

BUREAU = auth(
    "natural_resources_bureau", org_type="county", org_id=COUNTY, county=COUNTY, subject="zrj-1"
)
OTHER_BUREAU = auth(
    "natural_resources_bureau",
    org_type="county",
    org_id="371325",
    county="371325",
    subject="zrj-2",
)
ENTRY_CERT = "鲁(2026)兰陵县不动产权第0100号"
CREDIT_CODE = "N2371324MF0000011A"
AGENT_CODE = "91371324MA3C00001X"
#: E4 every department but housing (rental housing only)
DEPARTMENTS = (
    "natural_resources",
    "development_reform",
    "ecology_environment",
    "agriculture_rural",
    "finance",
)


def entry_plan_body(resolution_id: str, c: Any, **over: Any) -> dict:
    """A commercial plan for 1000 m² at a reserve of 2,000,000 on an appraisal of the
    same, one adjusted user compensated at 150 元/m² on 100 m²."""
    on = today(c)
    return {
        "collective_id": VILLAGE,
        "owner_level": "village",
        "seller": {
            "kind": "economic_organization",
            "name": "兰陵镇某村股份经济合作社",
            "economic_organization_exists": True,
            "legal_person": True,
            "credit_code": CREDIT_CODE,
        },
        "parcel_number": "371324100201JA00001",
        "location": "兰陵镇某村东",
        "boundaries": "东至道路，西至沟渠，南至村道，北至农田",
        "area_m2": "1000.00",
        "registered_area_m2": "1000.00",
        "land_class": "construction",
        "ownership_certificate_no": "鲁(2020)兰陵县集体土地所有权第001号",
        "certificate_no": ENTRY_CERT,
        "planning_zone": "村庄建设边界内",
        "spatial_plan_done": True,
        "way": "transfer",
        "trading_method": "posted",
        "land_use": "commercial",
        "term_years": 40,
        "planning_conditions": "容积率≤1.5，建筑密度≤40%，绿地率≥20%",
        "inside_urban_development_boundary": False,
        "planning_source": "village_plan",
        "planning_reference": "兰陵镇某村村庄规划（2021—2035年）",
        "resolution_id": resolution_id,
        "members_choice": "entry",
        "retention_percent": "30.00",
        "reserve_price": "2000000.00",
        "appraisal": {
            "value": "2000000.00",
            "appraiser_name": "临沂某土地评估有限公司",
            "licence_no": "鲁估2024-0001",
            "licence_valid_from": (on - timedelta(days=365)).isoformat(),
            "licence_valid_to": (on + timedelta(days=365)).isoformat(),
            "appraised_on": (on - timedelta(days=10)).isoformat(),
        },
        "users": [
            {"name": "张某", "area_m2": "100.00", "compensation": "15000.00", "agreed": True}
        ],
    } | over


async def county_parameter(c: Any, key: str, value: Any, reason: str) -> None:
    """The county office sets a county parameter (县级参数), in effect from today."""
    body = {"value": value, "effective_from": today(c).isoformat(), "reason": reason}
    put = await c.put(f"/county-parameters/{COUNTY}/{key}", json=body, headers=COUNTY_OFFICE)
    assert put.status_code == 201, put.text


async def expropriation_standard(c: Any, per_m2: str = "150") -> None:
    """The county's expropriation standard (E14, 区片综合地价; no seed number)."""
    await county_parameter(c, "expropriation_standard_per_m2", per_m2, "区片综合地价")


async def supplied_entry_plan(
    c: Any, body: dict, quotas_m2: dict[str, str], reference: str
) -> tuple[dict, dict]:
    """The officer's new plan, put by the bureau into a new supply plan of this year with
    ``quotas_m2`` (E4): (the plan, the supply plan)."""
    plan = ok(await c.post("/entry-plans", json=body, headers=OFFICER), 201)
    supply = ok(
        await c.post(
            "/entry-supply-plans",
            json={
                "county": COUNTY,
                "year": today(c).year,
                "quotas_m2": quotas_m2,
                "reference": reference,
            },
            headers=BUREAU,
        ),
        201,
    )
    ok(
        await c.post(
            f"/entry-plans/{plan['id']}/supply",
            json={"supply_plan_id": supply["id"]},
            headers=BUREAU,
        )
    )
    return plan, supply


async def department_opinions(
    c: Any, plan_id: str, refused: frozenset[str] = frozenset(), opinion: str = "同意"
) -> dict:
    """Every department's opinion on the plan (E4), passed but for those ``refused``: the
    plan as the last opinion left it."""
    plan: dict = {}
    for d in DEPARTMENTS:
        plan = await department_opinion(c, plan_id, d, d not in refused, opinion)
    return plan


async def department_opinion(
    c: Any, plan_id: str, department: str, passed: bool = True, opinion: str = "同意"
) -> dict:
    """One department's opinion on the plan (E4): the plan as it left it."""
    body = {"department": department, "passed": passed, "opinion": opinion}
    return ok(await c.post(f"/entry-plans/{plan_id}/opinions", json=body, headers=BUREAU))


async def entry_ready(c: Any) -> dict:
    """The collective, the county's expropriation standard and its land-entry resolution
    passed by 20 of 30 members (E3): ready for an 入市 plan."""
    await collective(c)
    await expropriation_standard(c)
    return await effective_resolution(c, "land_entry", vote_for=20, eligible=30)


async def cleared_entry_plan(c: Any, **over: Any) -> dict:
    """A plan passed by 20 of 30 members, in the year's supply plan, every opinion passed."""
    await expropriation_standard(c)
    r = await effective_resolution(c, "land_entry", vote_for=20, eligible=30)
    plan, _ = await supplied_entry_plan(
        c,
        entry_plan_body(r["id"], c, **over),
        {"commercial": "5000", "industrial": "20000"},
        "兰陵县2026年度集体经营性建设用地供应计划",
    )
    plan = await department_opinions(c, plan["id"])
    assert plan["status"] == "cleared", plan
    return plan


# --- 入市 after the trade: bidding's concluded trade of the plan's listing (E9) ----------


def trade_concluded(
    c: Any, plan_id: str | None, price: str = "2100000.00", trade_id: str = "T-RM-0001"
) -> TradeConcluded:
    """bidding's ``trade_concluded`` of an 入市 listing naming the plan, concluded now."""
    at = c.clock.now()
    return TradeConcluded(
        listing_id="L-RM-0001",
        trade_id=trade_id,
        mode="posted",
        buyer_party_id="91371324MA3C00002X",
        buyer_name="兰陵某商贸有限公司",
        price=Decimal(price),
        concluded_at=at,
        contract_deadline=at + timedelta(days=14),
        entry_plan_id=plan_id,
    )


async def entry_deal_of(c: Any, plan_id: str) -> dict | None:
    """The plan's deal as the village officer finds it (None when no deal was made)."""
    r = await c.get(f"/entry-plans/{plan_id}/deal", headers=OFFICER)
    if r.status_code == 404:
        return None
    return ok(r)


# --- 入市 after the trade (E9, E11): a deal walked to its contract and its settlement ----

ENTRY_ACCOUNT = "6228480000000000001"
ENTRY_FIELDS = {
    "land_use": "commercial",
    "term_years": "40",
    "area_m2": "1000.00",
    "price": "2100000.00",
    "planning_conditions": "容积率≤1.5",
    "payment": "成交后30日内一次付清",
}


async def entry_deal(c: Any, **plan: Any) -> tuple[dict, dict]:
    """A cleared plan (20 of 30) and its deal at 2,100,000.00, still in publicity."""
    await collective(c)
    p = await cleared_entry_plan(c, **plan)
    await deliver(c, on_trade_concluded, trade_concluded(c, p["id"]), "L-RM-0001")
    deal = await entry_deal_of(c, p["id"])
    assert deal is not None, "bidding's trade made the plan's deal"
    return p, deal


def to_publicity_end(c: Any, deal: dict) -> None:
    """The clock at the end of the deal's 5-working-day publicity (E9)."""
    c.clock.advance(datetime.fromisoformat(deal["publicity_ends_at"]) - c.clock.now())


async def county_model_contract(c: Any, kind: str, title: str, required_fields: list[str]) -> dict:
    """The county's model contract (示范文本) of ``kind`` (Z14), in effect today."""
    body = {
        "county": COUNTY,
        "kind": kind,
        "title": title,
        "required_fields": required_fields,
        "effective_from": today(c).isoformat(),
    }
    return ok(await c.post("/model-contracts", json=body, headers=COUNTY_OFFICE), 201)


async def entry_template(c: Any) -> dict:
    """The county's 入市 model contract (Z14), in effect today."""
    return await county_model_contract(
        c, "entry", "集体经营性建设用地使用权出让合同示范文本", ["payment"]
    )


async def contracted_entry_deal(
    c: Any,
    *,
    contract_no: str = "兰入市合2026-001",
    mortgage_allowed: bool = True,
    transfer_allowed: bool = True,
    **plan: Any,
) -> tuple[dict, dict]:
    """The deal after its 5-working-day publicity, signed on the county's model text."""
    p, deal = await entry_deal(c, **plan)
    template = await entry_template(c)
    to_publicity_end(c, deal)
    contract = {
        "contract_no": contract_no,
        "contract": {"template_id": template["id"], "fields": ENTRY_FIELDS},
        "mortgage_allowed": mortgage_allowed,
        "transfer_allowed": transfer_allowed,
    }
    deal = ok(await c.post(f"/entry-deals/{deal['id']}/contract", json=contract, headers=OFFICER))
    return p, deal


async def member_shares(c: Any, shares: dict[int, int]) -> None:
    """The collective's share register (股权登记): each member ``person(seq)`` holds its
    number of shares (Z11, E13)."""
    for seq, held in shares.items():
        ok(
            await c.put(
                f"/collectives/{VILLAGE}/shares/{person(seq)}",
                json={"shares": held},
                headers=OFFICER,
            )
        )


async def entry_account(c: Any, resolution_id: str, account_no: str = ENTRY_ACCOUNT) -> None:
    """The collective's dedicated 入市 proceeds account (E11), under ``resolution_id``."""
    account = {"account_no": account_no, "bank": "兰陵农商银行", "resolution_id": resolution_id}
    ok(await c.put(f"/collectives/{VILLAGE}/entry-account", json=account, headers=OFFICER))


async def settled_entry_deal(c: Any, costs: str = "600000.00", taxes: str = "33333.33") -> dict:
    """The deal filed and settled into the dedicated account at the default 20 % fund,
    one member holding every share."""
    _p, deal = await contracted_entry_deal(c)
    url = f"/entry-deals/{deal['id']}"
    ok(await c.post(f"{url}/filing", json={"filing_no": "兰自然资备2026-1"}, headers=BUREAU))
    r = await effective_resolution(c, "land_entry", vote_for=20, eligible=30)
    await household(c, 1)
    await member_shares(c, {1: 1})
    await entry_account(c, r["id"])
    body = {
        "account_no": ENTRY_ACCOUNT,
        "costs": costs,
        "taxes_fees": taxes,
        "resolution_id": r["id"],
    }
    return ok(await c.post(f"{url}/settlement", json=body, headers=OFFICER))
