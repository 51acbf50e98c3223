"""Test support for the bidding service (services/bidding/tests): a manual clock, events
delivered through the real inbox, timers fired by the real scheduler."""

from __future__ import annotations

import itertools
import random
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select

from common.clock import ManualClock
from common.contracts.listing import AnnouncementClosed, ListingPublished, QualifiedBuyer
from common.events import Event
from common.ids import generate_resident_id
from common.inbox import InboxProcessor, table_dead_letter
from common.runtime import ServiceRuntime
from common.scheduler import Scheduler
from common.transport import IncomingMessage
from testkit.testing import auth, envelope_for

COUNTY = "620821"
TOWNSHIP = "620821101"
BANK = "BANK-620821-01"
_rng = random.Random(20261125)


def person() -> str:
    return generate_resident_id("620821", rng=_rng)


SELLER = person()


def buyer(party: str) -> dict[str, str]:
    return auth("buyer", org_type="person", org_id=party, subject=f"login-{party}")


STAFF = auth("exchange_staff", org_type="county", org_id=COUNTY)
OTHER_STAFF = auth("exchange_staff", org_type="county", org_id="620822", county="620822")
SUPERVISOR = auth("supervisor", org_type="county", org_id=COUNTY)
AUCTIONEER = auth("auctioneer", org_type="county", org_id=COUNTY, name="李拍卖师")
BANK_AUTH = auth("lender", org_type="bank", org_id=BANK)
SELLER_AUTH = auth("seller", org_type="person", org_id=SELLER)


def listing_published(listing_id: str, at: datetime, **over: Any) -> ListingPublished:
    """Listing's ``listing.published`` at ``at`` for a 20-day announcement: the orchard's
    management right (村集体果园经营权) the seller ``SELLER`` transfers, ascending, unless
    ``over`` names other fields."""
    fields: dict[str, Any] = {
        "listing_id": listing_id,
        "county": COUNTY,
        "township": TOWNSHIP,
        "title": "村集体果园经营权",
        "product": "contracted_land",
        "way": "transfer",
        "mode": "ascending",
        "seller_party_id": SELLER,
        "seller_name": "张三",
        "right_certificate_no": "CERT-001",
        "reserve_price": "100000.00",
        "deposit": "5000.00",
        "announcement_ends_at": at + timedelta(days=20),
        "published_at": at,
    }
    return ListingPublished(**{**fields, **over})


def announcement_closed(
    listing_id: str,
    buyers: list[QualifiedBuyer],
    at: datetime,
    *,
    mode: str = "ascending",
    **over: Any,
) -> AnnouncementClosed:
    """Listing's ``listing.announcement_closed`` at ``at`` for the listing of
    ``listing_published``, with ``buyers`` qualified: the outcome follows from how many (L7:
    none fails, one is negotiated, more trade by the listing's ``mode``); ``over`` names
    other fields."""
    n = len(buyers)
    fields: dict[str, Any] = {
        "listing_id": listing_id,
        "county": COUNTY,
        "township": TOWNSHIP,
        "outcome": "failed" if n == 0 else ("negotiated" if n == 1 else "competitive"),
        "mode": ("negotiated" if n == 1 else mode) if n else None,
        "product": "contracted_land",
        "way": "transfer",
        "title": "村集体果园经营权",
        "seller_party_id": SELLER,
        "seller_name": "张三",
        "right_certificate_no": "CERT-001",
        "area_mu": "120.5",
        "reserve_price": "100000.00",
        "increment": "1000.00",
        "deposit": "5000.00",
        "qualified_buyers": buyers,
        "closed_at": at,
    }
    return AnnouncementClosed(**{**fields, **over})


class Harness:
    def __init__(self, client: httpx.AsyncClient, rt: ServiceRuntime, clock: ManualClock) -> None:
        self.client, self.rt, self.clock = client, rt, clock
        self.inbox = InboxProcessor(rt, table_dead_letter(rt))
        self._offsets = itertools.count()

    async def deliver(self, event: Event, event_id: uuid.UUID | None = None) -> uuid.UUID:
        """Through the real inbox, as the consumer applies it (a redelivery changes nothing)."""
        eid = event_id or uuid.uuid4()
        env = envelope_for(event, self.clock.now(), eid)
        await self.inbox.process(
            IncomingMessage(event.topic, 0, next(self._offsets), None, env.to_bytes())
        )
        return eid

    async def publish_listing(
        self,
        listing_id: str,
        *,
        reserve: str = "100000.00",
        deposit: str = "5000.00",
        mode: str = "ascending",
        disposal_id: str | None = None,
        entry_plan_id: str | None = None,
        entry_deal_id: str | None = None,
    ) -> None:
        await self.deliver(
            listing_published(
                listing_id,
                self.clock.now(),
                reserve_price=reserve,
                deposit=deposit,
                mode=mode,
                disposal_id=disposal_id,
                entry_plan_id=entry_plan_id,
                entry_deal_id=entry_deal_id,
            )
        )

    async def pay_deposit(
        self,
        listing_id: str,
        party: str,
        amount: str = "5000.00",
        key: str | None = None,
        ref: str | None = None,
    ) -> httpx.Response:
        return await self.client.post(
            "/deposits",
            json={
                "listing_id": listing_id,
                "party_id": party,
                "registration_id": f"R-{party[-4:]}",
                "amount": amount,
                "bank_reference": ref or f"BR-{uuid.uuid4().hex[:12]}",
            },
            headers={**BANK_AUTH, "Idempotency-Key": key or uuid.uuid4().hex},
        )

    async def close(
        self,
        listing_id: str,
        buyers: list[tuple[str, bool]],
        *,
        mode: str = "ascending",
        reserve: str = "100000.00",
        increment: str = "1000.00",
        deposit: str = "5000.00",
        extension: int = 300,
        free: int = 3600,
        tender_opening_at: datetime | None = None,
        disposal_id: str | None = None,
        lien_id: str | None = None,
    ) -> str | None:
        now = self.clock.now()
        await self.deliver(
            announcement_closed(
                listing_id,
                [
                    QualifiedBuyer(
                        registration_id=f"R-{p[-4:]}",
                        party_id=p,
                        name=f"买家{i}",
                        priority=prio,
                        registered_at=now - timedelta(days=10 - i),
                    )
                    for i, (p, prio) in enumerate(buyers)
                ],
                now,
                mode=mode,
                reserve_price=reserve,
                increment=increment,
                extension_seconds=extension,
                free_period_seconds=free,
                deposit=deposit,
                tender_opening_at=tender_opening_at,
                disposal_id=disposal_id,
                lien_id=lien_id,
            )
        )
        r = await self.client.get(f"/listings/{listing_id}/session", headers=STAFF)
        return r.json()["session_id"] if r.status_code == 200 else None

    async def bid(
        self, sid: str, party: str, amount: str, *, idempotency_key: str | None = None
    ) -> httpx.Response:
        """A bid; with ``idempotency_key`` it runs in a transaction of its own instead of
        being group-committed with the bids arriving beside it."""
        headers = buyer(party)
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        return await self.client.post(
            f"/sessions/{sid}/bids", json={"amount": amount}, headers=headers
        )

    async def state(self, sid: str, headers: dict[str, str] = STAFF) -> dict[str, Any]:
        r = await self.client.get(f"/sessions/{sid}", headers=headers)
        assert r.status_code == 200, r.text
        return r.json()

    async def fire(self) -> int:
        return await Scheduler(self.rt).run_once()

    async def events(self, event_type: str) -> list[dict[str, Any]]:
        o = self.rt.definition.infra.outbox
        async with self.rt.transaction() as s:
            rows = await s.execute(
                select(o.c.payload).where(o.c.event_type == event_type).order_by(o.c.id)
            )
            return [r[0] for r in rows]

    async def balances(self, listing_id: str | None = None) -> dict[str, int]:
        from bidding.ledger.service import trial_balance, unbalanced_transactions

        async with self.rt.transaction() as s:
            assert await unbalanced_transactions(s) == []
            return await trial_balance(s, listing_id)
