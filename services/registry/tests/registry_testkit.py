"""Registry test kit: the app on SQLite and on PostgreSQL, tokens, and a helper that
drives a right from the ledger to a registered lien over HTTP (fixtures via conftest)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from common.clock import ManualClock, local_date
from common.ids import generate_resident_id
from common.settings import Settings
from testkit.testing import BACKENDS, auth, backend_settings, sample_file, serving

COUNTY = "620821"
TOWNSHIP = "620821101"
AUTHORITY = auth("registration_authority", org_type="county", org_id=COUNTY)
DEPT = auth("county_department", org_type="county", org_id=COUNTY)
STAFF = auth("exchange_staff", org_type="county", org_id=COUNTY)
SERVICE = auth("service", org_type="county", org_id=COUNTY)
CLERK = auth("township_clerk", org_type="township", org_id=TOWNSHIP)
OTHER_AUTHORITY = auth(
    "registration_authority", org_type="county", org_id="620822", county="620822"
)
BANK_A = auth("lender", org_type="bank", org_id="abc-qingyang", subject="loan-officer-a")
BANK_B = auth("lender", org_type="bank", org_id="rcc-qingyang", subject="loan-officer-b")

BASE_DOCS = [
    "application_form",
    "borrower_id",
    "lender_id",
    "loan_contract",
    "mortgage_contract",
    "certificate",
]

#: R20: the loan terms of a farmer housing loan (no fee beyond the rate, attested).
HOUSING_TERMS = {
    "purpose": "livestock_aquaculture",
    "rate": "0.0435",
    "reference_rate": "0.0345",
    "repayment_method": "equal_instalments",
    "other_fees": "0",
    "no_extra_fee_attestation": True,
}


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path) -> Settings:
    return backend_settings(request, tmp_path)


@pytest.fixture
async def client(backend: Settings, services: dict, clock: ManualClock) -> AsyncIterator:
    async with serving(services["registry"], backend, clock) as c:
        yield c


def person(party_id: str) -> dict[str, str]:
    return auth("seller", org_type="person", org_id=party_id, subject=party_id)


class Reg:
    """Drives the registry over HTTP the way a county and a bank would."""

    def __init__(self, client: httpx.AsyncClient, clock: ManualClock) -> None:
        self.c = client
        self.clock = clock
        self.n = 0

    @property
    def today(self) -> date:
        return local_date(self.clock.now())

    def right_body(self, **kw: Any) -> dict[str, Any]:
        self.n += 1
        body: dict[str, Any] = {
            "certificate_no": f"GS620821{self.n:04d}",
            "county": COUNTY,
            "township": TOWNSHIP,
            "collective_id": "c-xiaowan",
            "right_type": "contracted_land",
            "origin": "family_contract",
            "holder_party_id": generate_resident_id(COUNTY),
            "holder_name": "张三",
            "co_owners": [],
            "location": "庆城县驿马镇小湾村3组",
            "area_mu": "20",
            "term_start": "2018-01-01",
            "term_end": "2047-12-31",
        }
        body.update(kw)
        return body

    async def right(self, **kw: Any) -> dict[str, Any]:
        r = await self.c.post("/rights", json=self.right_body(**kw), headers=AUTHORITY)
        assert r.status_code == 201, r.text
        return r.json()

    def application_body(self, right: dict[str, Any], **kw: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "certificate_no": right["certificate_no"],
            "lender_name": "农业银行庆城支行",
            "borrower_party_id": right["holder_party_id"],
            "borrower_name": right["holder_name"],
            "loan_amount": "50000.00",
            "loan_term_end": "2030-12-31",
            "lien_term_end": "2030-12-31",
            "loan_contract_no": "JK-2026-001",
            "mortgage_contract_no": "DY-2026-001",
            "full_civil_capacity": True,
            "good_credit": True,
            "employer_informed": True,
            "consenting_co_owners": [c["party_id"] for c in right.get("co_owners", [])],
        }
        body.update(kw)
        return body

    async def apply(self, right: dict[str, Any], bank=BANK_A, **kw: Any) -> dict[str, Any]:
        r = await self.c.post(
            "/lien-applications", json=self.application_body(right, **kw), headers=bank
        )
        assert r.status_code == 201, r.text
        return r.json()

    async def upload(self, app_id: str, kind: str, bank=BANK_A) -> httpx.Response:
        return await self.c.post(
            f"/lien-applications/{app_id}/documents",
            data={"kind": kind},
            files={
                "file": (f"{kind}.pdf", sample_file(text=f"{kind} {app_id}"), "application/pdf")
            },
            headers=bank,
        )

    async def upload_all(self, app_id: str, kinds: list[str], bank=BANK_A) -> None:
        for kind in kinds:
            r = await self.upload(app_id, kind, bank)
            assert r.status_code == 201, r.text

    async def value(self, app_id: str, bank=BANK_A, **body: Any) -> httpx.Response:
        body.setdefault("method", "lender")
        body.setdefault(
            "land", {"area_mu": "20", "annual_price_per_mu": "500", "years": "20"}
        )  # 20 × 500 × 20 = 200,000 元 → cap 20 × 10,000 = 200,000 元
        return await self.c.post(f"/lien-applications/{app_id}/valuation", json=body, headers=bank)

    async def ready_application(
        self, right: dict[str, Any], bank=BANK_A, extra_docs: list[str] = (), **kw: Any
    ) -> dict[str, Any]:
        app = await self.apply(right, bank, **kw)
        await self.upload_all(app["id"], [*BASE_DOCS, *extra_docs], bank)
        r = await self.value(app["id"], bank)
        assert r.status_code == 200, r.text
        return app

    async def register(self, app_id: str) -> httpx.Response:
        return await self.c.post(f"/lien-applications/{app_id}/register", headers=AUTHORITY)

    async def lien(self, right: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
        right = right or await self.right()
        app = await self.ready_application(right, extra_docs=["consent_letter_A"], **kw)
        r = await self.register(app["id"])
        assert r.status_code == 201, r.text
        return r.json()

    async def outbox(self, event_type: str) -> list[dict[str, Any]]:
        rt = self.c.runtime  # type: ignore[attr-defined]
        o = rt.definition.infra.outbox
        async with rt.transaction() as s:
            rows = await s.execute(
                select(o.c.payload).where(o.c.event_type == event_type).order_by(o.c.id)
            )
            return [r.payload for r in rows]

    async def decisions(self, subject_type: str, subject_id: str) -> list[Any]:
        from common.audit import decisions_of

        async with self.c.runtime.transaction() as s:  # type: ignore[attr-defined]
            return await decisions_of(s, subject_type, subject_id)


@pytest.fixture
def reg(client: httpx.AsyncClient, clock: ManualClock) -> Reg:
    return Reg(client, clock)


def fields(r: httpx.Response) -> set[tuple[str, str]]:
    assert r.headers["content-type"] == "application/problem+json", r.text
    return {(e["field"], e["rule"]) for e in r.json()["errors"]}
