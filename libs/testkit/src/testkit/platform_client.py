"""A flow client over the four services' public APIs, for the end-to-end scenarios and
the demo county (``rex demo``): one step function per business step, each asserting its
HTTP status and returning the JSON.

It speaks only HTTP, exactly as a township window, a county department, the exchange
centre, a bank or a guarantor would, with development tokens minted per role
(``common.auth.mint_token``; importable without pytest). Base URLs are one per service:
``http://host:port/<service>`` in the embedded run, ``platform.url(service)`` when every
service runs as its own process.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import uuid
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any

import httpx

from common.auth import mint_token
from common.ids import generate_credit_code, generate_resident_id
from testkit.sample_files import sample_file

COUNTY = "620821"
TOWNSHIP = "620821101"
SERVICES = ("listing", "bidding", "registry", "guarantee", "collective")
LISTING_DOCS = (
    "application_form",
    "seller_qualification",
    "title_certificate",
    "trade_permission",
    "object_description",
    "reserve_price_basis",
)
LIEN_DOCS = (
    "application_form",
    "borrower_id",
    "lender_id",
    "loan_contract",
    "mortgage_contract",
    "certificate",
)
#: a brick-concrete house of 150 m², four years old (001 Appendix E: 800 元/m²), a lien's
#: attachment to value (R6)
HOUSE = {
    "category": "building",
    "kind": "brick_concrete",
    "quantity": "150",
    "approved_area": "150",
    "unit_price": "800",
    "used_years": "4",
}
SURVEY_HEADER = (
    "party_id name kind village phone purpose main_business has_credit has_scale "
    "has_experience has_profit has_main_business has_need"
).split()


def lease_intake(seller_party_id: str, right_certificate_no: str, /, **over: Any) -> dict[str, Any]:
    """A township window's intake body (``POST /listings``, L1): the farmer 李四 leases 20 mu
    of contracted land for ten years from May 2026, ascending from 100,000.00; ``over``
    changes any field."""
    return {
        "title": "木镇镇村东承包地经营权流转",
        "description": "水浇地，灌溉便利",
        "product": "contracted_land",
        "way": "lease",
        "mode": "ascending",
        "term_start": "2026-05-01",
        "term_end": "2036-04-30",
        "area_mu": "20",
        "location": "青阳县木镇镇村东",
        "right_certificate_no": right_certificate_no,
        "seller_party_id": seller_party_id,
        "seller_name": "李四",
        "seller_kind": "farmer",
        "reserve_price": "100000.00",
        "deposit": "10000.00",
        "increment": "1000.00",
    } | over


class StepFailed(AssertionError):
    """A step got another status than the one the business flow expects."""


def _unwrap(r: httpx.Response, expect: int | tuple[int, ...]) -> Any:
    wanted = (expect,) if isinstance(expect, int) else expect
    if r.status_code not in wanted:
        raise StepFailed(
            f"{r.request.method} {r.request.url} → {r.status_code}, expected {wanted}: {r.text}"
        )
    if not r.content:
        return None
    return r.json() if "json" in r.headers.get("content-type", "") else r.text


class Actor:
    """Who calls: roles and organization, as the token says (X3)."""

    def __init__(self, role: str, org_type: str, org_id: str, county: str = COUNTY) -> None:
        self.role, self.org_type, self.org_id, self.county = role, org_type, org_id, county

    def headers(self) -> dict[str, str]:
        token = mint_token(
            subject=f"{self.role}-{self.org_id}",
            roles=[self.role],
            org_type=self.org_type,
            org_id=self.org_id,
            county=self.county,
        )
        return {"Authorization": f"Bearer {token}"}


def clerk(township: str = TOWNSHIP) -> Actor:
    return Actor("township_clerk", "township", township, township[:6])


def homestead_office(township: str = TOWNSHIP) -> Actor:
    return Actor("township_homestead_office", "township", township, township[:6])


def village_officer(collective_id: str, county: str = COUNTY) -> Actor:
    return Actor("village_homestead_officer", "collective", collective_id, county)


def inspection(county: str = COUNTY) -> Actor:
    return Actor("joint_inspection", "county", county, county)


def department(county: str = COUNTY) -> Actor:
    return Actor("county_department", "county", county, county)


def staff(county: str = COUNTY) -> Actor:
    return Actor("exchange_staff", "county", county, county)


def authority(county: str = COUNTY) -> Actor:
    return Actor("registration_authority", "county", county, county)


def finance(county: str = COUNTY) -> Actor:
    return Actor("county_finance", "county", county, county)


def bank(org_id: str) -> Actor:
    return Actor("lender", "bank", org_id)


def guarantor(org_id: str) -> Actor:
    return Actor("guarantor", "guarantor", org_id)


def buyer(party_id: str) -> Actor:
    return Actor("buyer", "person", party_id)


def seller(party_id: str, org_type: str = "person") -> Actor:
    return Actor("seller", org_type, party_id)


class PlatformClient:
    """Async client over the platform; use ``async with PlatformClient(urls) as p``."""

    def __init__(self, urls: dict[str, str], *, timeout_s: float = 15.0) -> None:
        self.urls = {k: v.rstrip("/") for k, v in urls.items()}
        self.http = httpx.AsyncClient(timeout=timeout_s)

    @classmethod
    def embedded(cls, base: str = "http://127.0.0.1:8000", **kw: Any) -> PlatformClient:
        return cls({s: f"{base.rstrip('/')}/{s}" for s in SERVICES}, **kw)

    async def __aenter__(self) -> PlatformClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.http.aclose()

    # -- plumbing ------------------------------------------------------------------
    async def request(
        self,
        service: str,
        method: str,
        path: str,
        who: Actor | None = None,
        *,
        expect: int | tuple[int, ...] = 200,
        idempotent: bool = False,
        **kw: Any,
    ) -> Any:
        headers = who.headers() if who else {}
        if idempotent:
            headers["Idempotency-Key"] = uuid.uuid4().hex
        r = await self.http.request(method, f"{self.urls[service]}{path}", headers=headers, **kw)
        return _unwrap(r, expect)

    async def raw(
        self, service: str, method: str, path: str, who: Actor | None = None, **kw: Any
    ) -> httpx.Response:
        headers = (who.headers() if who else {}) | kw.pop("headers", {})
        return await self.http.request(method, f"{self.urls[service]}{path}", headers=headers, **kw)

    @staticmethod
    async def poll(
        fetch: Callable[[], Awaitable[Any]],
        ok: Callable[[Any], bool],
        *,
        timeout_s: float = 30.0,
        what: str = "condition",
    ) -> Any:
        """Fetch until ``ok`` holds (an asynchronous effect through Kafka), with a bound."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        last: Any = None
        while True:
            try:
                last = await fetch()
                if ok(last):
                    return last
            except (StepFailed, httpx.HTTPError) as exc:
                last = exc
            if loop.time() > deadline:
                raise StepFailed(f"timed out after {timeout_s}s waiting for {what}; last: {last}")
            await asyncio.sleep(0.05)  # polling another process, not waiting for time to pass

    # -- registry: the ledger ---------------------------------------------------------
    async def register_right(
        self,
        certificate_no: str,
        holder_party_id: str,
        holder_name: str,
        *,
        area_mu: str = "20",
        term_start: str = "2018-01-01",
        term_end: str = "2047-12-31",
        right_type: str = "contracted_land",
        collective_id: str | None = None,
        township: str = TOWNSHIP,
        location: str = "青阳县木镇镇村东",
        **extra: Any,
    ) -> dict[str, Any]:
        body = {
            "certificate_no": certificate_no,
            "county": township[:6],
            "township": township,
            "collective_id": collective_id,
            "right_type": right_type,
            "origin": "family_contract",
            "holder_party_id": holder_party_id,
            "holder_name": holder_name,
            "location": location,
            "area_mu": area_mu,
            "term_start": term_start,
            "term_end": term_end,
        } | extra
        return await self.request(
            "registry", "POST", "/rights", authority(township[:6]), json=body, expect=201
        )

    async def right(self, certificate_no: str) -> dict[str, Any]:
        return await self.request("registry", "GET", f"/rights/{certificate_no}", authority())

    # -- collective: the roster registry and listing follow (L10, L11, Z1) -----------
    async def create_collective(
        self, collective_id: str, name: str, township: str = TOWNSHIP
    ) -> dict[str, Any]:
        body = {"id": collective_id, "name": name, "county": township[:6], "township": township}
        return await self.request(
            "collective",
            "POST",
            "/collectives",
            homestead_office(township),
            json=body,
            expect=201,
        )

    async def add_member(
        self, collective_id: str, party_id: str, name: str, *, township: str = TOWNSHIP
    ) -> dict[str, Any]:
        """A one-person household with its membership confirmed (成员身份确认); the
        collective service publishes it and registry and listing follow."""
        return await self.household(collective_id, [(party_id, name)], township=township)

    async def household(
        self,
        collective_id: str,
        members: list[tuple[str, str]],
        *,
        township: str = TOWNSHIP,
        address: str = "村民会议确认成员身份",
    ) -> dict[str, Any]:
        """A household (农户) whose members' membership is confirmed; the first is the head."""
        body = {
            "head_party_id": members[0][0],
            "address": address,
            "members": [
                {"party_id": pid, "name": name, "adult": True, "confirmed": True}
                for pid, name in members
            ],
        }
        return await self.request(
            "collective",
            "POST",
            f"/collectives/{collective_id}/households",
            village_officer(collective_id, township[:6]),
            json=body,
            expect=201,
        )

    async def homestead_resolution(
        self,
        collective_id: str,
        held_on: date,
        *,
        township: str = TOWNSHIP,
        matter: str = "homestead_qualification",
        title: str = "宅基地资格权认定名单",
    ) -> dict[str, Any]:
        """An X5 resolution through its four deliberations (四议), passed by a majority of
        the 45 entitled representatives: in publicity afterwards (决议公开)."""
        officer = village_officer(collective_id, township[:6])

        def step(name: str, body: str, votes_for: int, eligible: int) -> dict[str, Any]:
            return {
                "step": name,
                "held_on": held_on.isoformat(),
                "body": body,
                "eligible": eligible,
                "attendance": eligible,
                "votes_for": votes_for,
                "votes_against": eligible - votes_for,
                "abstained": 0,
                "minutes_sha256": hashlib.sha256(f"{name} {title}".encode()).hexdigest(),
            }

        body = {
            "collective_id": collective_id,
            "matter": matter,
            "title": title,
            "proposal": step("proposal", "村党支部", 5, 7),
        }
        r = await self.request("collective", "POST", "/resolutions", officer, json=body, expect=201)
        for name, by, votes, eligible in (
            ("consultation", "村两委会议", 5, 7),
            ("party_review", "党员大会", 20, 30),
            ("vote", "村民代表会议", 30, 45),
        ):
            r = await self.request(
                "collective",
                "POST",
                f"/resolutions/{r['id']}/steps",
                officer,
                json=step(name, by, votes, eligible),
            )
        return r

    async def resolution(self, resolution_id: str, collective_id: str) -> dict[str, Any]:
        return await self.request(
            "collective",
            "GET",
            f"/resolutions/{resolution_id}",
            village_officer(collective_id),
        )

    async def propose_qualification(
        self, collective_id: str, household_id: str, resolution_id: str
    ) -> dict[str, Any]:
        body = {
            "household_id": household_id,
            "resolution_id": resolution_id,
            "factors": {
                "membership": True,
                "contracting": True,
                "residence": True,
                "obligations": True,
            },
        }
        return await self.request(
            "collective",
            "POST",
            "/qualifications",
            village_officer(collective_id),
            json=body,
            expect=201,
        )

    async def confirm_qualification(
        self, qualification_id: str, township: str = TOWNSHIP
    ) -> dict[str, Any]:
        return await self.request(
            "collective",
            "POST",
            f"/qualifications/{qualification_id}/confirm",
            homestead_office(township),
        )

    async def homestead_parcel(
        self,
        collective_id: str,
        number: str,
        *,
        household_id: str | None,
        certificate_no: str | None = None,
        use: str = "self",
        area_m2: str = "180.00",
        location: str = "村内",
        township: str = TOWNSHIP,
    ) -> dict[str, Any]:
        """A homestead parcel as the survey finds it (Z2)."""
        body = {
            "number": number,
            "collective_id": collective_id,
            "household_id": household_id,
            "location": location,
            "area_m2": area_m2,
            "origin": "approved",
            "approval_ref": f"宅批{number[-5:]}",
            "use": use,
            "certificate_no": certificate_no,
        }
        return await self.request(
            "collective",
            "POST",
            "/parcels",
            village_officer(collective_id, township[:6]),
            json=body,
            expect=201,
        )

    async def open_violation(
        self, parcel_id: str, inspection_ref: str, finding: str, county: str = COUNTY
    ) -> dict[str, Any]:
        """A finding of the joint inspection opens a violation case on the parcel (Z12)."""
        body = {"parcel_id": parcel_id, "inspection_ref": inspection_ref, "finding": finding}
        return await self.request(
            "collective", "POST", "/violations", inspection(county), json=body, expect=201
        )

    async def flag_right(self, certificate_no: str, flag: str, value: bool, reason: str) -> Any:
        body = {"flag": flag, "set": value, "reason": reason, "authority_ref": "QY-2026-001"}
        return await self.request(
            "registry",
            "POST",
            f"/rights/{certificate_no}/flags",
            authority(),
            json=body,
            expect=(200, 201),
        )

    # -- listing: the township window and the review chain ---------------------------
    async def take_in_listing(
        self,
        *,
        seller_party_id: str,
        seller_name: str,
        title: str,
        reserve_price: str,
        deposit: str,
        increment: str,
        township: str = TOWNSHIP,
        docs: tuple[str, ...] = LISTING_DOCS,
        submit: bool = True,
        **over: Any,
    ) -> dict[str, Any]:
        """Intake at the township window (L1–L3): the listing, its documents, submitted."""
        body: dict[str, Any] = {
            "title": title,
            "description": "水浇地，灌溉便利，交通方便",
            "product": "contracted_land",
            "way": "lease",
            "mode": "ascending",
            "term_start": "2026-12-01",
            "term_end": "2036-11-30",
            "area_mu": "20",
            "location": "青阳县木镇镇村东",
            "seller_party_id": seller_party_id,
            "seller_name": seller_name,
            "seller_kind": "farmer",
            "reserve_price": reserve_price,
            "deposit": deposit,
            "increment": increment,
        } | over
        who = clerk(township)
        listing = await self.request("listing", "POST", "/listings", who, json=body, expect=201)
        for doc_type in docs:
            await self.request(
                "listing",
                "POST",
                f"/listings/{listing['id']}/documents",
                who,
                data={"doc_type": doc_type},
                files={
                    "file": (
                        f"{doc_type}.pdf",
                        sample_file("application/pdf", doc_type),
                        "application/pdf",
                    )
                },
                expect=201,
            )
        if submit:
            listing = await self.request(
                "listing", "POST", f"/listings/{listing['id']}/submit", who, json={}
            )
        return listing

    async def township_review(
        self, listing_id: str, approve: bool = True, township: str = TOWNSHIP
    ) -> dict[str, Any]:
        body = {"approve": approve, "opinion": "材料齐全，同意上报" if approve else "材料不全"}
        return await self.request(
            "listing", "POST", f"/listings/{listing_id}/township-review", clerk(township), json=body
        )

    async def pre_review(
        self, listing_id: str, lienholder_consents: list[str] | None = None
    ) -> dict[str, Any]:
        body = {
            "ownership_confirmed": True,
            "opinion": "查档无争议，权属清晰",
            "lienholder_consents": lienholder_consents or [],
        }
        return await self.request(
            "listing", "POST", f"/listings/{listing_id}/pre-review", department(), json=body
        )

    async def collective_decision(
        self,
        listing_id: str,
        *,
        votes_for: int,
        votes_total: int,
        reserve_price: str,
        appraisal_value: str | None = None,
        decided_on: str = "2026-11-20",
    ) -> dict[str, Any]:
        body = {
            "body": "village_representatives",
            "votes_for": votes_for,
            "votes_total": votes_total,
            "reserve_price": reserve_price,
            "appraisal_value": appraisal_value,
            "township_approval_ref": "木政批〔2026〕18号",
            "decided_on": decided_on,
        }
        return await self.request(
            "listing",
            "POST",
            f"/listings/{listing_id}/collective-decisions",
            staff(),
            json=body,
            expect=201,
        )

    async def centre_register(self, listing_id: str) -> dict[str, Any]:
        return await self.request("listing", "POST", f"/listings/{listing_id}/register", staff())

    async def publish(self, listing_id: str, days: int = 20) -> dict[str, Any]:
        return await self.request(
            "listing", "POST", f"/listings/{listing_id}/publish", staff(), json={"days": days}
        )

    async def listing(self, listing_id: str) -> dict[str, Any]:
        return await self.request("listing", "GET", f"/listings/{listing_id}", staff())

    async def suspend(self, listing_id: str, reason_code: str, reason: str) -> dict[str, Any]:
        body = {"reason_code": reason_code, "reason": reason}
        return await self.request(
            "listing", "POST", f"/listings/{listing_id}/suspend", staff(), json=body
        )

    async def resume(self, listing_id: str, reason: str) -> dict[str, Any]:
        return await self.request(
            "listing", "POST", f"/listings/{listing_id}/resume", staff(), json={"reason": reason}
        )

    async def board(self, **params: Any) -> list[dict[str, Any]]:
        return await self.request("listing", "GET", "/board/listings", params=params)

    async def board_listing(self, listing_id: str) -> dict[str, Any]:
        return await self.request("listing", "GET", f"/board/listings/{listing_id}")

    async def wait_listing(
        self, listing_id: str, *statuses: str, timeout_s: float = 30.0
    ) -> dict[str, Any]:
        return await self.poll(
            lambda: self.listing(listing_id),
            lambda x: x["status"] in statuses,
            timeout_s=timeout_s,
            what=f"listing {listing_id} in {statuses}",
        )

    async def announced_listing(
        self,
        *,
        days: int = 20,
        decision: dict[str, Any] | None = None,
        lienholder_consents: list[str] | None = None,
        **intake: Any,
    ) -> dict[str, Any]:
        """Window intake → township review → county pre-review → centre register + publish."""
        listing = await self.take_in_listing(**intake)
        lid = listing["id"]
        township = intake.get("township", TOWNSHIP)
        assert (await self.township_review(lid, township=township))["status"] == "pre_review"
        assert (await self.pre_review(lid, lienholder_consents))["status"] == "pre_reviewed"
        if decision is not None:
            await self.collective_decision(lid, **decision)
        assert (await self.centre_register(lid))["status"] == "registered"
        return await self.publish(lid, days)

    async def announced_right(
        self,
        certificate_no: str,
        holder_party_id: str,
        holder_name: str,
        *,
        right: dict[str, Any] | None = None,
        **listing: Any,
    ) -> dict[str, Any]:
        """A holder's right registered in registry (``right``: its other fields) and put on
        the exchange by the holder, announced (``announced_listing`` with ``listing``): how
        a farmer's trade starts."""
        await self.register_right(certificate_no, holder_party_id, holder_name, **(right or {}))
        return await self.announced_listing(
            seller_party_id=holder_party_id,
            seller_name=holder_name,
            right_certificate_no=certificate_no,
            **listing,
        )

    # -- listing: buyers -----------------------------------------------------------
    async def register_buyer(
        self,
        listing_id: str,
        party_id: str,
        name: str,
        *,
        priority: bool = False,
        buyer_kind: str = "natural_person",
        expect: int | tuple[int, ...] = 201,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "party_id": party_id,
            "name": name,
            "buyer_kind": buyer_kind,
            "phone": "13812345678",
        }
        if priority:
            body |= {"priority_claimed": True, "priority_basis": "本集体经济组织成员"}
        return await self.request(
            "listing",
            "POST",
            f"/listings/{listing_id}/registrations",
            buyer(party_id),
            json=body,
            expect=expect,
        )

    async def buyer_document(self, registration: dict[str, Any], doc_type: str) -> Any:
        return await self.request(
            "listing",
            "POST",
            f"/registrations/{registration['id']}/documents",
            buyer(registration["party_id"]),
            data={"doc_type": doc_type},
            files={"file": (f"{doc_type}.jpg", sample_file("image/jpeg", doc_type), "image/jpeg")},
            expect=201,
        )

    async def qualify(self, registration_id: str, approve: bool = True) -> dict[str, Any]:
        body: dict[str, Any] = {"approve": approve}
        if not approve:
            body["reasons"] = ["资格材料不符"]
        return await self.request(
            "listing", "POST", f"/registrations/{registration_id}/review", staff(), json=body
        )

    async def bank_deposit(
        self, listing_id: str, party_id: str, registration_id: str, amount: str, bank_org: str
    ) -> dict[str, Any]:
        """The bank's callback: the buyer's deposit arrived (B5). Sent again, as a bank's
        integration does, while bidding answers that the listing has not reached it yet
        (409, ``retryable``): the announcement travels by event. One Idempotency-Key for
        every attempt."""
        body = {
            "listing_id": listing_id,
            "party_id": party_id,
            "registration_id": registration_id,
            "amount": amount,
            "bank_reference": f"BR-{uuid.uuid4().hex[:12]}",
        }
        headers = bank(bank_org).headers() | {"Idempotency-Key": uuid.uuid4().hex}
        r = await self.poll(
            lambda: self.raw("bidding", "POST", "/deposits", json=body, headers=headers),
            lambda r: not (r.status_code == 409 and r.json().get("retryable")),
            what=f"bidding to know listing {listing_id} for the deposit",
        )
        return _unwrap(r, (200, 201))

    async def registration(self, registration_id: str, party_id: str) -> dict[str, Any]:
        return await self.request(
            "listing", "GET", f"/registrations/{registration_id}", buyer(party_id)
        )

    async def qualified_buyer(
        self,
        listing_id: str,
        party_id: str,
        name: str,
        *,
        deposit: str,
        bank_org: str,
        priority: bool = False,
        buyer_kind: str = "natural_person",
    ) -> dict[str, Any]:
        """Registration + identity (and priority proof) → qualified → deposit paid (L6)."""
        reg = await self.register_buyer(
            listing_id, party_id, name, priority=priority, buyer_kind=buyer_kind
        )
        await self.buyer_document(reg, "identity")
        if priority:
            await self.buyer_document(reg, "priority_proof")
        assert (await self.qualify(reg["id"]))["status"] == "qualified"
        await self.bank_deposit(listing_id, party_id, reg["id"], deposit, bank_org)
        return await self.poll(
            lambda: self.registration(reg["id"], party_id),
            lambda x: bool(x.get("deposit_paid")),
            what=f"deposit of {party_id} recorded on {listing_id}",
        )

    # -- bidding -------------------------------------------------------------------
    async def session_of(self, listing_id: str, timeout_s: float = 30.0) -> dict[str, Any]:
        return await self.poll(
            lambda: self.request("bidding", "GET", f"/listings/{listing_id}/session", staff()),
            lambda x: bool(x.get("session_id")),
            timeout_s=timeout_s,
            what=f"trading session of {listing_id}",
        )

    async def session(self, session_id: str, who: Actor | None = None) -> dict[str, Any]:
        return await self.request("bidding", "GET", f"/sessions/{session_id}", who or staff())

    async def bid(
        self, session_id: str, party_id: str, amount: str, expect: int | tuple[int, ...] = 201
    ) -> Any:
        return await self.request(
            "bidding",
            "POST",
            f"/sessions/{session_id}/bids",
            buyer(party_id),
            json={"amount": amount},
            expect=expect,
        )

    async def negotiate(
        self, session_id: str, party_id: str, seller_party_id: str, amount: str
    ) -> dict[str, Any]:
        """B1: the buyer offers, the seller confirms, the centre issues the deal."""
        path = f"/sessions/{session_id}/negotiation"
        await self.request(
            "bidding",
            "POST",
            f"{path}/offer",
            buyer(party_id),
            json={"amount": amount},
            expect=(200, 201),
        )
        await self.request(
            "bidding",
            "POST",
            f"{path}/seller-confirm",
            seller(seller_party_id),
            json={},
            expect=(200, 201),
        )
        return await self.request(
            "bidding", "POST", f"{path}/conclude", staff(), json={}, expect=(200, 201)
        )

    async def deals(self, listing_id: str) -> list[dict[str, Any]]:
        return await self.request("bidding", "GET", f"/listings/{listing_id}/deals", staff())

    async def deal_of(self, listing_id: str, timeout_s: float = 30.0) -> dict[str, Any]:
        found = await self.poll(
            lambda: self.deals(listing_id), bool, timeout_s=timeout_s, what="deal confirmation"
        )
        return found[-1]

    async def deal(self, trade_id: str) -> dict[str, Any]:
        return await self.request("bidding", "GET", f"/deals/{trade_id}", staff())

    async def sign_contract(self, trade_id: str, contract_no: str) -> dict[str, Any]:
        return await self.request(
            "bidding",
            "POST",
            f"/deals/{trade_id}/contract",
            staff(),
            json={"contract_no": contract_no},
            expect=(200, 201),
        )

    async def pay_balance(self, trade_id: str, amount: str, bank_org: str) -> dict[str, Any]:
        body = {"trade_id": trade_id, "amount": amount, "bank_reference": uuid.uuid4().hex[:12]}
        return await self.request(
            "bidding",
            "POST",
            "/settlement/payments",
            bank(bank_org),
            json=body,
            expect=(200, 201),
            idempotent=True,
        )

    async def deposits(self, listing_id: str) -> list[dict[str, Any]]:
        return await self.request("bidding", "GET", f"/listings/{listing_id}/deposits", staff())

    async def ledger(self, listing_id: str) -> dict[str, Any]:
        return await self.request("bidding", "GET", f"/listings/{listing_id}/ledger", staff())

    # -- registry: liens and disposal ------------------------------------------------
    async def lien_application(
        self,
        right: dict[str, Any],
        *,
        bank_org: str,
        lender_name: str,
        loan_amount: str,
        loan_term_end: str,
        valuation: dict[str, Any],
        consent_letter: str | None = "consent_letter_C",
        enhancements: list[dict[str, str]] | None = None,
        extra_docs: tuple[str, ...] = (),
        **extra: Any,
    ) -> dict[str, Any]:
        """Application + materials (R8, ``consent_letter`` unless None) + valuation (R6) +
        credit enhancements: a lien application ready for registration (R9)."""
        lender = bank(bank_org)
        body = {
            "certificate_no": right["certificate_no"],
            "lender_name": lender_name,
            "borrower_party_id": right["holder_party_id"],
            "borrower_name": right["holder_name"],
            "loan_amount": loan_amount,
            "loan_term_end": loan_term_end,
            "lien_term_end": loan_term_end,
            "loan_contract_no": f"JK-{uuid.uuid4().hex[:6]}",
            "mortgage_contract_no": f"DY-{uuid.uuid4().hex[:6]}",
            "full_civil_capacity": True,
            "good_credit": True,
            "employer_informed": True,
            "consenting_co_owners": [c["party_id"] for c in right.get("co_owners", [])],
        } | extra
        app = await self.request(
            "registry", "POST", "/lien-applications", lender, json=body, expect=201
        )
        letter = () if consent_letter is None else (consent_letter,)
        for kind in (*LIEN_DOCS, *letter, *extra_docs):
            await self.request(
                "registry",
                "POST",
                f"/lien-applications/{app['id']}/documents",
                lender,
                data={"kind": kind},
                files={
                    "file": (f"{kind}.pdf", sample_file("application/pdf", kind), "application/pdf")
                },
                expect=201,
            )
        await self.request(
            "registry",
            "POST",
            f"/lien-applications/{app['id']}/valuation",
            lender,
            json=valuation,
        )
        for enhancement in enhancements or []:
            await self.request(
                "registry",
                "POST",
                f"/lien-applications/{app['id']}/credit-enhancements",
                lender,
                json=enhancement,
                expect=(200, 201),
            )
        return app

    async def lien(self, right: dict[str, Any], **application: Any) -> dict[str, Any]:
        """``lien_application`` (its keywords) → registration (R9)."""
        app = await self.lien_application(right, **application)
        return await self.register_lien(app["id"])

    async def register_lien(
        self, application_id: str, *, expect: int | tuple[int, ...] = 201
    ) -> dict[str, Any]:
        """The registration authority registers the application (R9)."""
        return await self.request(
            "registry",
            "POST",
            f"/lien-applications/{application_id}/register",
            authority(),
            json={},
            expect=expect,
        )

    async def lien_state(self, lien_id: str) -> dict[str, Any]:
        return await self.request("registry", "GET", f"/liens/{lien_id}", authority())

    async def request_disposal(
        self,
        lien_id: str,
        *,
        bank_org: str,
        outstanding_debt: str,
        reserve_price: str,
        default_on: str,
        method: str = "auction",
    ) -> dict[str, Any]:
        body = {
            "method": method,
            "through_exchange": True,
            "default_on": default_on,
            "outstanding_debt": outstanding_debt,
            "reserve_price": reserve_price,
            "note": "借款人逾期未还，申请通过交易中心处置抵押物",
        }
        return await self.request(
            "registry",
            "POST",
            f"/liens/{lien_id}/disposals",
            bank(bank_org),
            json=body,
            expect=201,
        )

    async def disposal(self, disposal_id: str) -> dict[str, Any]:
        return await self.request("registry", "GET", f"/disposals/{disposal_id}", authority())

    # -- guarantee (Quangengdai) -----------------------------------------------------
    async def file_borrower(
        self, party_id: str, name: str, township: str = TOWNSHIP, kind: str = "family_farm"
    ) -> str:
        """Village survey sheet → borrower file (G5); returns the borrower id."""
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(SURVEY_HEADER)
        w.writerow(
            [party_id, name, kind, "青峰村", "13800000000", "grain", "水稻种植"] + ["是"] * 6
        )
        await self.request(
            "guarantee",
            "POST",
            "/borrowers/imports",
            clerk(township),
            files={"file": ("survey.csv", buf.getvalue().encode(), "text/csv")},
            expect=201,
        )
        rows = await self.request("guarantee", "GET", "/borrowers", clerk(township))
        return next(b["id"] for b in rows if b["party_id"] == party_id)

    async def guarantee_to_notice(
        self,
        borrower_id: str,
        *,
        bank_org: str,
        guarantor_org: str,
        amount: str,
        loan_rate: str = "0.05",
        township: str = TOWNSHIP,
    ) -> str:
        """Recommendation → due diligence → bank and guarantor approval → public notice."""
        made = await self.request(
            "guarantee",
            "POST",
            "/guarantees/recommendations",
            guarantor(guarantor_org),
            json={"lender_org_id": bank_org, "borrower_ids": [borrower_id]},
            expect=201,
        )
        gid = made[0]["id"]
        await self.request(
            "guarantee",
            "POST",
            f"/guarantees/{gid}/due-diligence",
            bank(bank_org),
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
                # G15: the four truths, each attested with a note
                "truth_information": "摸底表与银行流水一致",
                "truth_identity": "身份证件核验一致",
                "truth_purpose": "用于购买种子化肥",
                "truth_operation": "实地查看经营正常",
            },
        )
        await self.request(
            "guarantee",
            "POST",
            f"/guarantees/{gid}/approval",
            bank(bank_org),
            json={"approve": True},
        )
        await self.request(
            "guarantee",
            "POST",
            f"/guarantees/{gid}/approval",
            guarantor(guarantor_org),
            json={"approve": True, "fee_rate": "0.01"},
        )
        notice = {"complaint_phone": "0934-5021234", "places": "木镇镇政府、青峰村"}
        await self.request(
            "guarantee", "POST", f"/guarantees/{gid}/notice", clerk(township), json=notice
        )
        return gid

    async def guarantee_issue(
        self, gid: str, *, guarantor_org: str, township: str = TOWNSHIP
    ) -> dict[str, Any]:
        """After the notice period (the caller moves the clock): recommendations, contract."""
        await self.poll(
            lambda: self.guarantee(gid, guarantor(guarantor_org)),
            lambda g: g["state"] == "notice_passed",
            what=f"notice of {gid} passed",
        )
        await self.request(
            "guarantee",
            "POST",
            f"/guarantees/{gid}/township-recommendation",
            clerk(township),
            json={},
        )
        await self.request(
            "guarantee",
            "POST",
            f"/guarantees/{gid}/county-recommendation",
            department(),
            json={},
        )
        return await self.request(
            "guarantee", "POST", f"/guarantees/{gid}/contract", guarantor(guarantor_org)
        )

    async def guarantee(self, gid: str, who: Actor | None = None) -> dict[str, Any]:
        return await self.request("guarantee", "GET", f"/guarantees/{gid}", who or finance())

    async def bank_entry(self, gid: str, kind: str, bank_org: str, body: dict[str, Any]) -> Any:
        """drawdowns / repayments / overdue, reported by the bank (idempotent)."""
        return await self.request(
            "guarantee",
            "POST",
            f"/guarantees/{gid}/{kind}",
            bank(bank_org),
            json=body | {"bank_reference": uuid.uuid4().hex[:10]},
            expect=201,
            idempotent=True,
        )

    async def compensate(self, gid: str, guarantor_org: str) -> dict[str, Any]:
        return await self.request(
            "guarantee",
            "POST",
            f"/guarantees/{gid}/compensation",
            guarantor(guarantor_org),
            json={"reason": "逾期90天，代偿"},
            expect=201,
        )

    async def recovery(
        self, gid: str, who: Actor, recovered: str, costs: str = "0.00"
    ) -> dict[str, Any]:
        return await self.request(
            "guarantee",
            "POST",
            f"/guarantees/{gid}/recoveries",
            who,
            json={"recovered": recovered, "costs": costs, "note": "抵押物处置回收"},
            expect=201,
        )

    async def blacklist(self, party_id: str, name: str, guarantor_org: str) -> dict[str, Any]:
        body = {"party_id": party_id, "party_name": name, "reason": "恶意逃废债务"}
        return await self.request(
            "guarantee", "POST", "/blacklist", guarantor(guarantor_org), json=body, expect=201
        )

    async def guarantee_restrictions(
        self, party_id: str, *, timeout_s: float = 30.0, what: str = "the blacklisting"
    ) -> list[dict[str, Any]]:
        """The party's restrictions in listing, once the guarantee service's blacklisting
        (``guarantee.party_blacklisted``) has crossed Kafka into them (G11 → L13)."""
        return await self.poll(
            lambda: self.request("listing", "GET", f"/parties/{party_id}/restrictions", staff()),
            lambda rows: any(r["source"] == "guarantee" and r["active"] for r in rows),
            timeout_s=timeout_s,
            what=what,
        )

    # -- collective: 入市 (E3, E4, E9) --------------------------------------------------

    async def entry_deal_contracted(
        self,
        collective_id: str,
        township: str,
        today: date,
        advance: Callable[[timedelta], None],
        *,
        parcel_number: str = "620821104PILOTJA00001",
    ) -> dict[str, Any]:
        """A 入市 deal signed and waiting for its filing: the members' 2/3 decision
        (effective after its publicity: ``advance`` moves the business clock), the plan,
        the county's supply plan and every joint-review opinion, the result at
        2,100,000.00 and, after its 5-working-day publicity, the contract."""
        county = township[:6]
        officer = village_officer(collective_id, county)
        bureau = Actor("natural_resources_bureau", "county", county, county)
        office = Actor("county_homestead_office", "county", county, county)
        r = await self.homestead_resolution(
            collective_id, today, township=township, matter="land_entry", title="入市方案"
        )
        advance(timedelta(days=8))
        await self.poll(
            lambda: self.resolution(r["id"], collective_id),
            lambda x: x["status"] == "effective",
            what="the 入市 decision in effect",
        )
        on = today + timedelta(days=8)
        plan = {
            "collective_id": collective_id,
            "owner_level": "village",
            "seller": {
                "kind": "economic_organization",
                "name": "新集村股份经济合作社",
                "economic_organization_exists": True,
                "legal_person": True,
                "credit_code": generate_credit_code("N", "2", county, "MF000011"),
            },
            "parcel_number": parcel_number,
            "location": "新集村东",
            "boundaries": "东至道路，西至沟渠，南至村道，北至农田",
            "area_m2": "1000.00",
            "registered_area_m2": "1000.00",
            "land_class": "construction",
            "ownership_certificate_no": "甘(2020)青阳县集体土地所有权第001号",
            "certificate_no": f"甘(2026)青阳县不动产权第{parcel_number[-5:]}号",
            "planning_zone": "村庄建设边界内",
            "spatial_plan_done": True,
            "way": "transfer",
            "trading_method": "posted",
            "land_use": "commercial",
            "term_years": 40,
            "planning_conditions": "容积率≤1.5",
            "inside_urban_development_boundary": False,
            "planning_source": "village_plan",
            "planning_reference": "新集村村庄规划",
            "resolution_id": r["id"],
            "members_choice": "entry",
            "retention_percent": "30.00",
            "reserve_price": "2000000.00",
            "appraisal": {
                "value": "2000000.00",
                "appraiser_name": "某土地评估有限公司",
                "licence_no": "甘估2024-0001",
                "licence_valid_from": (on - timedelta(days=365)).isoformat(),
                "licence_valid_to": (on + timedelta(days=365)).isoformat(),
                "appraised_on": (on - timedelta(days=10)).isoformat(),
            },
            "users": [],
        }
        p = await self.request("collective", "POST", "/entry-plans", officer, json=plan, expect=201)
        supply = await self.request(
            "collective",
            "POST",
            "/entry-supply-plans",
            bureau,
            json={
                "county": county,
                "year": on.year,
                "quotas_m2": {"commercial": "5000"},
                "reference": "年度集体经营性建设用地供应计划",
            },
            expect=201,
        )
        await self.request(
            "collective",
            "POST",
            f"/entry-plans/{p['id']}/supply",
            bureau,
            json={"supply_plan_id": supply["id"]},
        )
        for department in (
            "natural_resources",
            "development_reform",
            "ecology_environment",
            "agriculture_rural",
            "finance",
        ):
            await self.request(
                "collective",
                "POST",
                f"/entry-plans/{p['id']}/opinions",
                bureau,
                json={"department": department, "passed": True, "opinion": "同意"},
            )
        deal = await self._entry_trade(p, township, on, advance)
        template = await self.request(
            "collective",
            "POST",
            "/model-contracts",
            office,
            json={
                "county": county,
                "kind": "entry",
                "title": "集体经营性建设用地使用权出让合同示范文本",
                "required_fields": ["payment"],
                "effective_from": on.isoformat(),
            },
            expect=201,
        )
        advance(timedelta(days=20))  # past the 5-working-day result publicity (holidays too)
        fields = {
            "land_use": "commercial",
            "term_years": "40",
            "area_m2": "1000.00",
            "price": "2100000.00",
            "planning_conditions": "容积率≤1.5",
            "payment": "成交后30日内一次付清",
        }
        return await self.request(
            "collective",
            "POST",
            f"/entry-deals/{deal['id']}/contract",
            officer,
            json={
                "contract_no": "青入市合2026-001",
                "contract": {"template_id": template["id"], "fields": fields},
                "mortgage_allowed": True,
                "transfer_allowed": True,
            },
        )

    async def _entry_trade(
        self,
        plan: dict[str, Any],
        township: str,
        on: date,
        advance: Callable[[timedelta], None],
    ) -> dict[str, Any]:
        """The cleared plan's 入市 listing traded on the exchange (E9): the collective's
        right registered, the listing taken in, reviewed, registered once listing follows
        ``collective.entry_cleared``, announced for 20 days, a 10-day posted period (B7)
        with one qualified buyer bidding 2,100,000.00 — bidding's ``trade_concluded``
        becomes the plan's deal, in its result publicity."""
        county = township[:6]
        cert = plan["certificate_no"]
        seller = plan["seller"]
        await self.register_right(
            cert,
            seller["credit_code"],
            seller["name"],
            right_type="collective_construction_land",
            origin="other",
            area_mu="1.5",
            term_start=None,
            term_end=None,
            collective_id=plan["collective_id"],
            township=township,
        )
        # the term: 40 years from the first of the month two months on (the plan's term)
        start = (on + timedelta(days=60)).replace(day=1)
        listing = await self.take_in_listing(
            title=f"{seller['name']}集体经营性建设用地使用权挂牌出让",
            product="collective_construction_land",
            way="transfer",
            mode="posted",
            seller_kind="collective",
            collective_id=plan["collective_id"],
            seller_party_id=seller["credit_code"],
            seller_name=seller["name"],
            right_certificate_no=cert,
            entry_plan_id=plan["id"],
            land_use=plan["land_use"],
            planning_conditions=plan["planning_conditions"],
            spatial_plan_done=True,
            ownership_registered=True,
            term_start=start.isoformat(),
            term_end=start.replace(year=start.year + plan["term_years"]).isoformat(),
            area_m2=plan["area_m2"],
            area_mu="1.5",
            reserve_price=plan["reserve_price"],
            deposit="200000.00",
            increment="10000.00",
            township=township,
        )
        lid = listing["id"]
        await self.township_review(lid, township=township)
        await self.pre_review(lid)
        await self.collective_decision(
            lid, votes_for=30, votes_total=45, reserve_price=plan["reserve_price"]
        )
        await self.poll(
            lambda: self.raw("listing", "POST", f"/listings/{lid}/register", staff(county)),
            lambda r: r.status_code == 200,
            what="listing to follow the cleared plan (E4)",
        )
        await self.publish(lid, 20)
        buyer_id = generate_credit_code("9", "1", county, "MA3C0002")
        await self.qualified_buyer(
            lid,
            buyer_id,
            "青阳某商贸有限公司",
            deposit="200000.00",
            bank_org="BANK-QY-ABC",
            buyer_kind="other_organization",
        )
        # a second qualified buyer, who does not bid: with one alone the announcement
        # would close to a negotiated transfer (L7), not the posted period
        await self.qualified_buyer(
            lid,
            generate_resident_id(county, birth=date(1979, 3, 8), seq=812),
            "李青",
            deposit="200000.00",
            bank_org="BANK-QY-ABC",
        )
        advance(timedelta(days=20, minutes=1))
        session = await self.session_of(lid)
        await self.bid(session["session_id"], buyer_id, "2100000.00")
        advance(timedelta(days=10, minutes=1))  # B7: the highest bid at the reserve wins
        await self.deal_of(lid)
        return await self.poll(
            lambda: self.request(
                "collective",
                "GET",
                f"/entry-plans/{plan['id']}/deal",
                village_officer(plan["collective_id"], county),
            ),
            lambda d: d["status"] == "in_publicity",
            what="bidding's trade reaching the collective (E9)",
        )


def today_iso() -> str:
    return date.today().isoformat()
