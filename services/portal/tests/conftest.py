"""Portal fixtures: the embedded run in this process (SQLite), a browser-like client of
the portal and a PlatformClient that prepares data through the services' APIs."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from common.clock import ManualClock
from common.embedded import create_embedded_app
from common.ids import generate_resident_id
from portal.personas import BANK, GUARANTOR, PERSONAS
from testkit.platform_client import PlatformClient, guarantor, staff
from testkit.testing import make_settings, migrated

BASE = "http://portal.test"
#: the two buyers who qualify for a trading listing
TWO_BUYERS = (
    (PERSONAS["buyer-a"].org_id, "李建国"),
    (PERSONAS["buyer-b"].org_id, "张秀英"),
)


#: the bank's due-diligence report (G5, G15) as typed: the proposed terms and the truths
DILIGENCE = {
    "amount": "300000",
    "loan_rate": "0.05",
    "term_months": "12",
    "summary": "经营正常",
    "truth_information": "一致",
    "truth_identity": "一致",
    "truth_purpose": "购买农资",
    "truth_operation": "经营正常",
}


class Embedded:
    DILIGENCE = DILIGENCE

    def __init__(self, root: Any, clock: ManualClock) -> None:
        self.root, self.clock = root, clock

    def browser(self) -> httpx.AsyncClient:
        """A client that keeps cookies and asks for HTML, like a browser."""
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.root),
            base_url=BASE,
            headers={"Accept": "text/html"},
        )

    def platform(self) -> PlatformClient:
        p = PlatformClient.embedded(BASE)
        p.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.root), timeout=15)
        return p

    def streaming(self) -> httpx.AsyncClient:
        """Like ``browser`` but streams responses (Server-Sent Events) as they come."""
        from portal.upstream import StreamingASGITransport

        return httpx.AsyncClient(
            transport=StreamingASGITransport(self.root),
            base_url=BASE,
            headers={"Accept": "text/html"},
            timeout=10,
        )

    async def sign_in(self, b: httpx.AsyncClient, persona: str) -> None:
        page = await b.get("/sign-in")
        r = await b.post("/sign-in", data={"persona": persona, "csrf_token": csrf_of(page.text)})
        assert r.status_code == 303, r.text

    csrf_of = staticmethod(lambda html: csrf_of(html))
    published_listing = staticmethod(lambda p, **over: published_listing(p, **over))
    registered_lien = staticmethod(lambda p, cert, holder: registered_lien(p, cert, holder))
    recommended_guarantee = staticmethod(
        lambda p, borrower, name: recommended_guarantee(p, borrower, name)
    )

    async def trading_listing(
        self,
        p: PlatformClient,
        buyers: tuple[tuple[str, str], ...] = (),
        **over: Any,
    ) -> tuple[dict[str, Any], str]:
        """A published listing (``over`` as for :func:`published_listing`) with two
        qualified buyers (buyer-a 李建国 and buyer-b 张秀英 unless ``buyers`` names
        others), its registration over by the clock: trading, and its session's id."""
        listing = await published_listing(p, **over)
        lid = listing["id"]
        for party, name in buyers or TWO_BUYERS:
            await p.qualified_buyer(lid, party, name, deposit="123456.00", bank_org=BANK)
        self.clock.advance(timedelta(days=20, minutes=1))
        await p.wait_listing(lid, "trading")
        return listing, (await p.session_of(lid))["session_id"]


@pytest.fixture
async def embedded(tmp_path: Path, services: dict) -> AsyncIterator[Embedded]:
    settings = make_settings(data_dir=tmp_path, registry_url="http://127.0.0.1:1/registry")
    for d in services.values():
        await migrated(d, settings)
    clock = ManualClock()
    root = create_embedded_app(settings, services=services, clock=clock)
    async with root.router.lifespan_context(root):
        yield Embedded(root, clock)


@pytest.fixture
def production() -> dict[str, Any]:
    """PortalSettings of a production run (a real secret, no development key) whose
    services and key set are never reached."""
    return dict(
        env="production",
        secret_key="a-long-random-production-secret",
        jwt_use_dev_key=False,
        jwt_jwks_url="http://127.0.0.1:1/jwks",
        database_url="postgresql+asyncpg://rex:strong-password@127.0.0.1:1/rex",
    )


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def farmer(seq: int = 11) -> str:
    return generate_resident_id("620821", birth=date(1970, 5, 6), seq=seq)


async def published_listing(p: PlatformClient, **over: Any) -> dict[str, Any]:
    seller = farmer()
    cert = over.pop("cert", "QYTEST0001")
    await p.register_right(cert, seller, "李四")
    body = (
        dict(
            seller_party_id=seller,
            seller_name="李四",
            title="木镇镇村东20亩承包地经营权出租",
            right_certificate_no=cert,
            reserve_price="1234567.00",
            deposit="123456.00",
            increment="1000.00",
        )
        | over
    )
    listing = await p.announced_listing(**body)
    # bidding learns of the listing through its event: a deposit callback waits for it
    await p.poll(
        lambda: p.raw("bidding", "GET", f"/listings/{listing['id']}/deposits", staff()),
        lambda r: r.status_code == 200,
        what="bidding to know the published listing",
    )
    return listing


async def registered_lien(p: PlatformClient, cert: str, holder: str) -> dict[str, Any]:
    """王建国's 8 mu right ``cert`` with the bank's registered lien of 40,000.00 元 on it."""
    right = await p.register_right(cert, holder, "王建国", area_mu="8")
    return await p.lien(
        right,
        bank_org=BANK,
        lender_name="农业银行青阳支行",
        loan_amount="40000.00",
        loan_term_end="2030-12-31",
        consent_letter="consent_letter_A",
        valuation={
            "method": "lender",
            "land": {"area_mu": "8", "annual_price_per_mu": "500", "years": "20"},
        },
    )


async def recommended_guarantee(p: PlatformClient, borrower: str, name: str) -> str:
    """The id of a guarantee the guarantor recommended to the bank for ``borrower``
    (filed as ``name``): it waits for the bank's due diligence."""
    bid = await p.file_borrower(borrower, name)
    made = await p.request(
        "guarantee",
        "POST",
        "/guarantees/recommendations",
        guarantor(GUARANTOR),
        json={"lender_org_id": BANK, "borrower_ids": [bid]},
        expect=201,
    )
    return made[0]["id"]
