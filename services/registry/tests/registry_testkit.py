"""Registry test kit: the app on SQLite and on PostgreSQL, tokens, and a helper that
drives a right from the ledger to a registered lien over HTTP (fixtures via conftest)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from common.clock import ManualClock, local_date
from common.contracts.bidding import SettlementCompleted
from common.events import Envelope, Event
from common.ids import generate_resident_id
from common.runtime import ServiceRuntime
from common.settings import Settings
from registry.params import DEFAULT_TABLES
from registry.rights.schemas import RightIn
from registry.rights.service import create_right
from registry.valuation.rules import Attachment, Valuation, appraise
from testkit.platform_client import HOUSE as HOUSE  # the valued house, shared with e2e
from testkit.testing import BACKENDS, auth, backend_settings, envelope_for, sample_file, serving

#: an event consumer's handler: (session, event, envelope)
Handler = Callable[[Any, Any, Envelope], Awaitable[None]]

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

#: R4: what a farmer-housing lien needs beyond BASE_DOCS
HOUSING_DOCS = ["other_residence_proof", "collective_consent"]

#: R14: what a post-loan visit finds when all is well
NORMAL_VISIT = {
    "collateral_condition": "normal",
    "use_of_funds": "as_agreed",
    "operation": "normal",
}

#: R20: the loan terms of a farmer housing loan (no fee beyond the rate, attested).
HOUSING_TERMS = {
    "purpose": "livestock_aquaculture",
    "rate": "0.0435",
    "reference_rate": "0.0345",
    "repayment_method": "equal_instalments",
    "other_fees": "0",
    "no_extra_fee_attestation": True,
}


def settlement(cert: str | None, **kw: Any) -> SettlementCompleted:
    """Bidding's ``bidding.settlement_completed`` for a transfer of the right ``cert`` (R1)
    between two new parties at 180,000.00; ``kw`` changes any field."""
    base: dict[str, Any] = dict(
        listing_id="L-" + uuid.uuid4().hex[:8],
        trade_id="T-" + uuid.uuid4().hex[:8],
        right_certificate_no=cert,
        product="contracted_land",
        way="transfer",
        seller_party_id=generate_resident_id(COUNTY),
        buyer_party_id=generate_resident_id(COUNTY),
        buyer_name="刘七",
        price=Decimal("180000.00"),
        settled_at=datetime(2026, 1, 6, tzinfo=UTC),
    )
    base.update(kw)
    return SettlementCompleted(**base)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path) -> Settings:
    return backend_settings(request, tmp_path)


@pytest.fixture
async def client(backend: Settings, services: dict, clock: ManualClock) -> AsyncIterator:
    async with serving(services["registry"], backend, clock) as c:
        yield c


def appraised(*attachments: Attachment, method: str = "lender") -> Valuation:
    """R6: the attachments alone appraised on the seeded Appendix E tables, a family
    contract capped at 10,000 元/亩, on 2026-11-25 (the pure rule, no server)."""
    return appraise(
        method=method,  # type: ignore[arg-type]
        origin="family_contract",
        land=None,
        attachments=list(attachments),
        tables=DEFAULT_TABLES,
        family_cap_per_mu_fen=1_000_000,
        valued_on=date(2026, 11, 25),
    )


async def ledger_right(
    runtime: ServiceRuntime, certificate_no: str, holder_party_id: str, area_mu: Decimal
) -> None:
    """A contracted-land right put straight into the ledger, in its own transaction (the
    end-to-end tests' seller's right: no HTTP on their path)."""
    async with runtime.transaction() as s:
        await create_right(
            s,
            None,
            RightIn(
                certificate_no=certificate_no,
                county=COUNTY,
                township=TOWNSHIP,
                right_type="contracted_land",
                origin="family_contract",
                holder_party_id=holder_party_id,
                holder_name="张三",
                location="小湾村",
                area_mu=area_mu,
                term_start=date(2018, 1, 1),
                term_end=date(2047, 12, 31),
            ),
        )


#: R18 (001 App. B B.2 a–f): the materials of a transfer filed at the township
OFF_EXCHANGE_ITEMS = {
    "a_application_form": "登记表 2026-003",
    "b_identity": "身份证 复印件",
    "c_transfer_contract": "流转合同 LZ-2026-9",
    "d_payment_proof": "转账凭证 0091",
    "e_location_map": "示意图 1 张",
    "f_outflow_consent": "张三 书面同意",
}


def off_exchange_filing(**kw: Any) -> dict[str, Any]:
    """A transfer made outside the exchange as the township files it (R18)."""
    base = {
        "transferee_party_id": generate_resident_id(COUNTY),
        "transferee_name": "绿源合作社",
        "area_mu": "12",
        "term_start": "2026-03-01",
        "term_end": "2036-02-28",
        "annual_rent_per_mu": "500.00",
        "rent_paid_until": "2027-02-28",
        "transfer_contract_no": "LZ-2026-9",
        "items": OFF_EXCHANGE_ITEMS,
    }
    return base | kw


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

    async def deliver(self, handler: Handler, event: Event, *, times: int = 1) -> None:
        """Apply the consumer's ``handler`` to ``event`` in its own transaction, as the
        inbox does; ``times=2`` delivers the same envelope again (a redelivery changes
        nothing). The handlers read only the envelope's event id."""
        envelope = envelope_for(event, self.clock.now())
        for _ in range(times):
            async with self.c.runtime.transaction() as s:
                await handler(s, event, envelope)

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

    @staticmethod
    def _transferred(kw: dict[str, Any]) -> dict[str, Any]:
        """A right acquired by transfer (流转): its contract, contractor and rent paid until
        2028, its term to 2035 (R1; R6 values the remaining paid years); ``kw`` wins."""
        return {
            "origin": "transfer",
            "transfer_contract_no": "LZ-2020-17",
            "contractor_party_id": generate_resident_id(COUNTY),
            "contractor_name": "王五",
            "annual_rent_per_mu": "600.00",
            "rent_paid_until": "2028-12-31",
            "term_end": "2035-12-31",
            **kw,
        }

    def transfer_right_body(self, **kw: Any) -> dict[str, Any]:
        return self.right_body(**self._transferred(kw))

    async def transfer_right(self, **kw: Any) -> dict[str, Any]:
        return await self.right(**self._transferred(kw))

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

    async def housing_application(self, **kw: Any) -> dict[str, Any]:
        """A farmer-housing loan (R4) with every material, valued on its house: 30,000 元
        on 0.3 mu, 150 m² × 800 元 × 0.8 = 96,000 元."""
        right = await self.right(right_type="farmer_housing", area_mu="0.3")
        app = await self.apply(right, loan_amount="30000.00", **kw)
        await self.upload_all(app["id"], [*BASE_DOCS, *HOUSING_DOCS])
        r = await self.value(app["id"], land=None, attachments=[HOUSE])
        assert r.status_code == 200, r.text
        return app

    async def register(self, app_id: str) -> httpx.Response:
        return await self.c.post(f"/lien-applications/{app_id}/register", headers=AUTHORITY)

    async def change(
        self,
        lien_id: str,
        *,
        changed_on: date,
        secured_amount: str,
        reason: str,
        version: int,
        term_end: str = "2030-06-30",
    ) -> httpx.Response:
        """Register a change of the mortgage contract (R10) as the county's authority."""
        body = {
            "changed_on": str(changed_on),
            "secured_amount": secured_amount,
            "term_end": term_end,
            "reason": reason,
            "version": version,
        }
        return await self.c.post(f"/liens/{lien_id}/changes", json=body, headers=AUTHORITY)

    async def discharge(
        self, lien_id: str, headers=BANK_A, *, reason: str = "repaid", note: str = "loan repaid"
    ) -> httpx.Response:
        """Ask for the lien's discharge (R11), by its bank unless ``headers`` say otherwise."""
        body = {"reason": reason, "note": note}
        return await self.c.post(f"/liens/{lien_id}/discharge", json=body, headers=headers)

    async def set_parameter(
        self, key: str, value: Any, reason: str, effective_from: date | None = None
    ) -> None:
        """The registration authority sets the county parameter ``key``, in force from
        today unless ``effective_from`` says otherwise."""
        body = {
            "value": value,
            "effective_from": str(effective_from or self.today),
            "reason": reason,
        }
        r = await self.c.put(f"/county-parameters/{COUNTY}/{key}", json=body, headers=AUTHORITY)
        assert r.status_code == 201, r.text

    async def visit(
        self, lien_id: str, visit_id: Any, visited_on: Any = None, **findings: str
    ) -> httpx.Response:
        """The bank's post-loan visit (R14) on ``visited_on`` (today unless given): all normal
        unless ``findings`` say otherwise."""
        body = {
            "visited_on": str(self.today if visited_on is None else visited_on),
            **NORMAL_VISIT,
            **findings,
        }
        return await self.c.post(f"/liens/{lien_id}/visits/{visit_id}", json=body, headers=BANK_A)

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
