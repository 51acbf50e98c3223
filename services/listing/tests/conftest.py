"""Fixtures of the listing service's tests: the app on SQLite and on PostgreSQL, a manual
clock, the registry double, tokens per role and organization, and flow helpers."""

from __future__ import annotations

import importlib.util
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from common.app import create_app
from common.clock import ManualClock
from common.contracts.bidding import ContractSigned, TradeConcluded
from common.contracts.collective import MemberChanged
from common.contracts.guarantee import PartyBlacklisted
from common.contracts.listing import AnnouncementClosed
from common.events import Envelope, Event
from common.ids import generate_credit_code, generate_resident_id
from common.inbox import InboxProcessor, table_dead_letter
from common.runtime import ServiceRuntime
from common.scheduler import Scheduler
from common.settings import Settings
from common.transport import IncomingMessage
from testkit.platform_client import LISTING_DOCS, lease_intake
from testkit.testing import (
    BACKENDS,
    auth,
    envelope_for,
    make_settings,
    migrated,
    pg_settings,
    sample_file,
)

_spec = importlib.util.spec_from_file_location(
    "listing_registry_double", Path(__file__).with_name("registry_double.py")
)
assert _spec and _spec.loader
registry_double = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(registry_double)
RegistryDouble = registry_double.RegistryDouble

COUNTY = "620821"
TOWNSHIP = "620821101"
OTHER_TOWNSHIP = "620821102"
OTHER_COUNTY = "620822"
COLLECTIVE = "C-620821101-001"
START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 Asia/Shanghai

REQUIRED_DOCS = list(LISTING_DOCS)

#: a collective seller (L8): the village's joint-stock economic cooperative
COLLECTIVE_SELLER = {
    "seller_kind": "collective",
    "collective_id": COLLECTIVE,
    "seller_name": "村东村股份经济合作社",
}

#: the collective's decision (L8): 20 of 30 village representatives, exactly two thirds
DECISION = {
    "body": "village_representatives",
    "votes_for": 20,
    "votes_total": 30,
    "reserve_price": "100000.00",
    "township_approval_ref": "木政批〔2026〕3号",
    "decided_on": "2026-02-20",
}

#: commercial collective construction land (L15; L16 retail class, grade 1): 1000 m²
#: transferred for 40 years at a reserve of 2,000,000 — the seller is added by each test
CONSTRUCTION_LAND = {
    "product": "collective_construction_land",
    "way": "transfer",
    "land_use": "commercial",
    "planning_conditions": "容积率≤1.5，建筑密度≤40%，绿地率≥20%",
    "spatial_plan_done": True,
    "ownership_registered": True,
    "term_start": "2026-05-01",
    "term_end": "2066-05-01",
    "area_m2": "1000",
    "price_class": "retail_commercial",
    "land_grade": 1,
    "reserve_price": "2000000.00",
    "deposit": "200000.00",
    "increment": "10000.00",
}

#: when the negotiated trade of :meth:`Api.conclude` concludes (L14)
CONCLUDED_AT = datetime(2026, 3, 23, tzinfo=UTC)


def clerk(township: str = TOWNSHIP) -> dict[str, str]:
    return auth("township_clerk", org_type="township", org_id=township, county=township[:6])


def department(county: str = COUNTY) -> dict[str, str]:
    return auth("county_department", org_type="county", org_id=county, county=county)


def staff(county: str = COUNTY) -> dict[str, str]:
    return auth("exchange_staff", org_type="county", org_id=county, county=county)


def buyer(party_id: str) -> dict[str, str]:
    return auth("buyer", org_type="person", org_id=party_id, subject=f"buyer-{party_id}")


def person() -> str:
    return generate_resident_id("620821")


def company() -> str:
    return generate_credit_code("9", "1", "620821")


class Api:
    """The listing app plus everything a test needs to drive it."""

    # tokens and data helpers (test modules cannot import conftest under importlib mode)
    clerk = staticmethod(clerk)
    department = staticmethod(department)
    staff = staticmethod(staff)
    buyer = staticmethod(buyer)
    person = staticmethod(person)
    company = staticmethod(company)
    COUNTY, TOWNSHIP, OTHER_TOWNSHIP, OTHER_COUNTY = COUNTY, TOWNSHIP, OTHER_TOWNSHIP, OTHER_COUNTY
    COLLECTIVE = COLLECTIVE
    REQUIRED_DOCS = REQUIRED_DOCS
    COLLECTIVE_SELLER, DECISION, CONSTRUCTION_LAND = COLLECTIVE_SELLER, DECISION, CONSTRUCTION_LAND

    def __init__(
        self,
        client: httpx.AsyncClient,
        runtime: ServiceRuntime,
        clock: ManualClock,
        registry: Any,
    ) -> None:
        self.c = client
        self.rt = runtime
        self.clock = clock
        self.registry = registry
        self.seller = person()

    # -- intake ------------------------------------------------------------------
    def body(self, **over: Any) -> dict[str, Any]:
        return lease_intake(self.seller, f"CERT-{uuid.uuid4().hex[:8]}", **over)

    async def create(self, headers: dict | None = None, **over: Any) -> dict[str, Any]:
        r = await self.c.post("/listings", json=self.body(**over), headers=headers or clerk())
        assert r.status_code == 201, r.text
        return r.json()

    async def collective_asset(self, asset_value: str) -> dict[str, Any]:
        """The collective's non-land asset (a cold store, L9) worth ``asset_value``, taken in
        at the window; it has no right certificate."""
        return await self.create(
            product="collective_assets",
            asset_value=asset_value,
            right_certificate_no=None,
            seller_party_id=self.company(),
            **COLLECTIVE_SELLER,
        )

    async def upload(
        self,
        listing_id: str,
        doc_type: str,
        data: bytes | None = None,
        headers: dict | None = None,
    ) -> httpx.Response:
        return await self.c.post(
            f"/listings/{listing_id}/documents",
            data={"doc_type": doc_type},
            files={
                "file": (
                    f"{doc_type}.pdf",
                    data if data is not None else sample_file(text="doc"),
                    "application/pdf",
                )
            },
            headers=headers or clerk(),
        )

    async def upload_all(self, listing_id: str) -> None:
        for t in REQUIRED_DOCS:
            r = await self.upload(listing_id, t, sample_file(text=f"content of {t}"))
            assert r.status_code == 201, r.text

    async def post(
        self, path: str, json: Any = None, headers: dict | None = None, expect: int | None = 200
    ) -> dict[str, Any]:
        r = await self.c.post(path, json=json if json is not None else {}, headers=headers)
        if expect is not None:
            assert r.status_code == expect, r.text
        return r.json()

    async def to_pre_review(self, **over: Any) -> dict[str, Any]:
        listing = await self.create(**over)
        lid = listing["id"]
        await self.upload_all(lid)
        await self.post(f"/listings/{lid}/submit", headers=clerk())
        await self.post(
            f"/listings/{lid}/township-review",
            {"approve": True, "opinion": "材料齐全，同意上报"},
            clerk(),
        )
        cert = listing["right_certificate_no"]
        if cert and cert not in self.registry.rights:
            self.registry.add_right(cert, listing["seller_party_id"], listing["seller_name"])
        return listing

    @staticmethod
    def collective_decision(**over: Any) -> dict[str, Any]:
        return DECISION | over

    def construction_land(self, **over: Any) -> dict[str, Any]:
        """A collective's commercial construction land listing (L15) as the window posts it."""
        return self.body(
            **(CONSTRUCTION_LAND | COLLECTIVE_SELLER | {"seller_party_id": company()} | over)
        )

    async def pre_review(
        self, listing_id: str, opinion: str = "权属清晰", confirmed: bool = True, **more: Any
    ) -> dict[str, Any]:
        """The county department's pre-review (L4): the listing as it answers (200)."""
        body = {"ownership_confirmed": confirmed, "opinion": opinion} | more
        return await self.post(f"/listings/{listing_id}/pre-review", body, department())

    async def to_pre_reviewed(self, **over: Any) -> dict[str, Any]:
        """Window → township → the department confirms the ownership (L4)."""
        listing = await self.to_pre_review(**over)
        out = await self.pre_review(listing["id"])
        assert out["status"] == "pre_reviewed", out
        return listing

    async def to_registered(self, decision: dict | None = None, **over: Any) -> dict[str, Any]:
        lid = (await self.to_pre_reviewed(**over))["id"]
        if decision is not None:
            await self.post(f"/listings/{lid}/collective-decisions", decision, staff(), 201)
        return await self.post(f"/listings/{lid}/register", headers=staff())

    async def to_announced(self, days: int | None = None, **over: Any) -> dict[str, Any]:
        listing = await self.to_registered(**over)
        return await self.post(f"/listings/{listing['id']}/publish", {"days": days}, staff())

    async def set_parameter(
        self, key: str, value: Any, reason: str, effective_from: str = "2026-03-02"
    ) -> httpx.Response:
        """The centre sets one of the county's parameters (X5), by default from START's day."""
        return await self.c.put(
            f"/county-parameters/{COUNTY}/{key}",
            json={"value": value, "effective_from": effective_from, "reason": reason},
            headers=staff(),
        )

    async def to_announced_collective(self, **over: Any) -> dict[str, Any]:
        """The collective's own asset (L8), registered on its decision and announced."""
        seller = COLLECTIVE_SELLER | {"seller_party_id": company()}
        return await self.to_announced(decision=DECISION, **(seller | over))

    async def month_of_listings(self) -> tuple[dict[str, Any], ...]:
        """March for the monthly report (L25): one listing fails without a buyer (流标), one
        is suspended for an ownership dispute, one waits in the other township's window."""
        failing = await self.to_announced()
        stopped = await self.to_announced()
        await self.post(
            f"/listings/{stopped['id']}/suspend",
            {"reason_code": "ownership_dispute", "reason": "相邻农户对四至提出异议"},
            staff(),
        )
        other = await self.create(headers=clerk(OTHER_TOWNSHIP))
        self.clock.advance(days=21)
        await self.fire_timers()
        return failing, stopped, other

    # -- buyers ------------------------------------------------------------------
    async def register_buyer(
        self, listing_id: str, party: str, expect: int = 201, **over: Any
    ) -> dict[str, Any]:
        body = {
            "party_id": party,
            "name": "王五",
            "buyer_kind": "natural_person",
            "phone": "13812345678",
        }
        body.update(over)
        r = await self.c.post(
            f"/listings/{listing_id}/registrations", json=body, headers=buyer(party)
        )
        assert r.status_code == expect, r.text
        return r.json()

    async def buyer_doc(self, reg: dict, doc_type: str = "identity") -> None:
        r = await self.c.post(
            f"/registrations/{reg['id']}/documents",
            data={"doc_type": doc_type},
            files={
                "file": ("id.jpg", sample_file("image/jpeg", f"identity {doc_type}"), "image/jpeg")
            },
            headers=buyer(reg["party_id"]),
        )
        assert r.status_code == 201, r.text

    async def qualify(self, reg: dict, expect: int = 200, **over: Any) -> dict[str, Any]:
        body = {"approve": True} | over
        return await self.post(f"/registrations/{reg['id']}/review", body, staff(), expect)

    async def qualified_buyer(
        self,
        listing_id: str,
        party: str | None = None,
        *,
        paid: bool = True,
        amount: str = "10000.00",
        **over: Any,
    ) -> dict[str, Any]:
        party = party or person()
        reg = await self.register_buyer(listing_id, party, **over)
        await self.buyer_doc(reg)
        if over.get("priority_claimed"):
            await self.buyer_doc(reg, "priority_proof")
        out = await self.qualify(reg)
        assert out["status"] == "qualified", out
        if paid:
            await self.deliver(_deposit_paid(listing_id, party, reg["id"], amount))
        return out

    deposit_paid = staticmethod(lambda *a: _deposit_paid(*a))

    # -- after the announcement (L14) ----------------------------------------------
    async def close_announcement(self) -> AnnouncementClosed:
        """The 20 days pass and the announcement closes (L7): its one closing event."""
        self.clock.advance(days=20)
        await self.fire_timers()
        [row] = await self.outbox("listing.announcement_closed")
        return AnnouncementClosed.model_validate(row["payload"])

    async def close_with_buyer(self, listing_id: str) -> dict[str, Any]:
        """A buyer (王五一) qualifies and pays; the announcement closes: the listing trades."""
        buyer = await self.qualified_buyer(listing_id, name="王五一")
        self.clock.advance(days=20)
        await self.fire_timers()
        return buyer

    async def to_trading(self, **over: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        listing = await self.to_announced(**over)
        return listing, await self.close_with_buyer(listing["id"])

    @staticmethod
    def concluded(listing_id: str, buyer: dict, price: str = "120000.00") -> Event:
        """Bidding's negotiated trade with the buyer, concluded on 2026-03-23."""
        return TradeConcluded(
            listing_id=listing_id,
            trade_id="T-1",
            mode="negotiated",
            buyer_party_id=buyer["party_id"],
            buyer_name="王五一",
            price=price,
            concluded_at=CONCLUDED_AT,
            contract_deadline=CONCLUDED_AT + timedelta(days=5),
        )

    def signed(
        self, listing_id: str, buyer: dict, contract_no: str, price: str = "120000.00"
    ) -> Event:
        """The lease contract of that trade (2026-05-01 to 2036-04-30), signed on 2026-03-25."""
        return ContractSigned(
            listing_id=listing_id,
            trade_id="T-1",
            contract_id="K-1",
            contract_no=contract_no,
            seller_party_id=self.seller,
            seller_name="李四",
            buyer_party_id=buyer["party_id"],
            buyer_name="王五一",
            price=price,
            way="lease",
            term_start=date(2026, 5, 1),
            term_end=date(2036, 4, 30),
            signed_at=datetime(2026, 3, 25, tzinfo=UTC),
        )

    @staticmethod
    def member_changed(
        party: str,
        *,
        member: bool = True,
        homestead: bool = True,
        at: datetime | None = None,
        name: str = "王五",
    ) -> MemberChanged:
        """The collective's roll (L10, L11): the party is (or is no longer) a member of
        COLLECTIVE, with or without the homestead qualification right, as of 2026-01-01."""
        return MemberChanged(
            collective_id=COLLECTIVE,
            collective_name="村东村股份经济合作社",
            county=COUNTY,
            township=TOWNSHIP,
            household_id="H-" + party,
            party_id=party,
            name=name,
            member=member,
            homestead_qualified=homestead,
            changed_at=at or datetime(2026, 1, 1, tzinfo=UTC),
        )

    async def blacklist(self, party: str) -> Envelope:
        """The guarantor blacklists the party (G11), as of 2026-02-01."""
        return await self.deliver(
            PartyBlacklisted(
                party_id=party,
                party_name="王五",
                reason="恶意逃废债务",
                decided_by="guarantor-1",
                decided_at=datetime(2026, 2, 1, tzinfo=UTC),
            )
        )

    # -- events and time -----------------------------------------------------------
    async def deliver(self, event: Event, envelope: Envelope | None = None) -> Envelope:
        """Deliver an event through the inbox (idempotent by event id), as a consumer does."""
        env = envelope or envelope_for(event, self.clock.now())
        msg = IncomingMessage(event.topic, 0, 0, env.aggregate_id.encode(), env.to_bytes())
        await InboxProcessor(self.rt, table_dead_letter(self.rt)).process(msg)
        return env

    async def deliver_twice(self, event: Event) -> Envelope:
        """Deliver an event, then the same envelope again: a redelivery (X1), which the
        inbox drops by its event id."""
        envelope = await self.deliver(event)
        await self.deliver(event, envelope)
        return envelope

    async def fire_timers(self) -> int:
        """Fire every due timer; how many fired."""
        return await Scheduler(self.rt).run_once()

    async def outbox(self, event_type: str | None = None) -> list[dict[str, Any]]:
        from sqlalchemy import select

        o = self.rt.definition.infra.outbox
        q = select(o).order_by(o.c.id)
        if event_type:
            q = q.where(o.c.event_type == event_type)
        async with self.rt.transaction() as s:
            return [dict(r._mapping) for r in (await s.execute(q)).all()]

    async def get(self, listing_id: str) -> dict[str, Any]:
        r = await self.c.get(f"/listings/{listing_id}", headers=staff())
        assert r.status_code == 200, r.text
        return r.json()


def _deposit_paid(listing_id: str, party: str, registration_id: str | None, amount: str) -> Event:
    from common.contracts.bidding import DepositPaid

    return DepositPaid(
        listing_id=listing_id,
        party_id=party,
        registration_id=registration_id,
        amount=amount,
        bank_reference=f"BANK-{uuid.uuid4().hex[:6]}",
        paid_at=datetime.now(UTC),
    )


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    if request.param == "postgres":
        request.getfixturevalue("pg")
        return pg_settings(documents_dir=tmp_path / "docs")
    return make_settings(data_dir=tmp_path)


@pytest.fixture
def sqlite_only(tmp_path: Path) -> Settings:
    return make_settings(data_dir=tmp_path)


async def _api(settings: Settings, services: dict) -> AsyncIterator[Api]:
    definition = services["listing"]
    await migrated(definition, settings)
    clock = ManualClock(START)
    runtime = ServiceRuntime(definition, settings, clock=clock)
    registry = RegistryDouble()
    runtime.peer_apps["registry"] = registry.app
    app = create_app(definition, settings, runtime=runtime)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://t"
    ) as c:
        yield Api(c, runtime, clock, registry)
    await runtime.dispose()


@pytest.fixture
async def api(backend: Settings, services: dict) -> AsyncIterator[Api]:
    """The listing API on SQLite and on PostgreSQL."""
    async for a in _api(backend, services):
        yield a


@pytest.fixture
async def lite(sqlite_only: Settings, services: dict) -> AsyncIterator[Api]:
    """The listing API on SQLite only (rules whose storage path is already proven on both)."""
    async for a in _api(sqlite_only, services):
        yield a


@pytest.fixture
async def pg_api(pg: str, kafka: str, services: dict, tmp_path: Path) -> AsyncIterator[Api]:
    """The listing API on PostgreSQL with events on the real Kafka."""
    async for a in _api(pg_settings(documents_dir=tmp_path / "docs"), services):
        yield a
