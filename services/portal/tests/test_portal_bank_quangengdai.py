"""Issue 19: the bank's Quangengdai actions — the due-diligence report with its file (G5,
G15), then drawdowns, repayments and overdue reports as forms over the guarantee service's
API, each confirmed first, refused on its field with nothing changed, and carrying the
Idempotency-Key made when the form was drawn, so a double submit is one entry (X1)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from common.ids import generate_resident_id
from portal.personas import BANK, GUARANTOR
from testkit.platform_client import bank

BORROWER = generate_resident_id("620821", birth=date(1983, 8, 8), seq=71)


def _key(html: str) -> str:
    return re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', html)[1]


async def test_G5_G15_the_bank_reports_its_due_diligence_with_the_file(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        gid = await embedded.recommended_guarantee(p, BORROWER, "钱家庭农场")
        await embedded.sign_in(b, "bank")
        queue = await b.get("/console/bank/guarantees")
        assert queue.status_code == 200 and gid in queue.text
        assert re.search(r'待尽调 <span class="count">1</span>', queue.text)
        url = f"/console/bank/guarantees/{gid}"
        page = await b.get(url)
        assert page.status_code == 200 and 'id="form-diligence"' in page.text
        csrf = embedded.csrf_of(page.text)
        fields = {"csrf_token": csrf} | embedded.DILIGENCE
        report = {"report": ("dd.pdf", b"%PDF-1.4 dd", "application/pdf")}
        # not confirmed on the form: the page's own refusal, nothing sent
        r = await b.post(f"{url}/diligence", data=fields, files=report)
        assert r.status_code == 422 and re.search(r'id="f-confirmed"[^>]*aria-invalid', r.text)
        # the service's refusal: a rate above the cap (G4), nothing changed
        r = await b.post(
            f"{url}/diligence",
            data=fields | {"loan_rate": "0.5", "confirmed": "yes"},
            files=report,
        )
        assert r.status_code == 422 and "未作任何更改" in r.text, r.text
        assert re.search(r'id="f-loan_rate"[^>]*aria-invalid', r.text)
        g = await p.request("guarantee", "GET", f"/guarantees/{gid}", bank(BANK))
        assert g["state"] == "recommended"
        done = await b.post(f"{url}/diligence", data=fields | {"confirmed": "yes"}, files=report)
        assert done.status_code == 303, done.text
        g = await p.request("guarantee", "GET", f"/guarantees/{gid}", bank(BANK))
        assert g["state"] == "diligence_reported" and g["amount"] == "300000.00"


async def test_X1_a_double_submitted_drawdown_is_one_entry_and_refusals_change_nothing(
    embedded,
) -> None:
    party = generate_resident_id("620821", birth=date(1984, 9, 9), seq=72)
    async with embedded.platform() as p, embedded.browser() as b:
        bid = await p.file_borrower(party, "孙家庭农场")
        gid = await p.guarantee_to_notice(
            bid, bank_org=BANK, guarantor_org=GUARANTOR, amount="200000"
        )
        embedded.clock.advance(timedelta(days=7, minutes=1))
        await p.guarantee_issue(gid, guarantor_org=GUARANTOR)
        await embedded.sign_in(b, "bank")
        url = f"/console/bank/guarantees/{gid}"
        page = await b.get(url)
        assert 'id="form-drawdown"' in page.text
        csrf, key = embedded.csrf_of(page.text), _key(page.text)
        assert _key((await b.get(url)).text) != key  # one key per form drawn
        # the page's own check: no amount
        r = await b.post(f"{url}/drawdown", data={"csrf_token": csrf, "idempotency_key": key})
        assert r.status_code == 422 and re.search(r'id="f-amount"[^>]*aria-invalid', r.text)
        assert _key(r.text) == key  # the refused form keeps its key
        typed = {
            "csrf_token": csrf,
            "idempotency_key": key,
            "amount": "200000",
            "bank_reference": "LN-1",
        }
        ask = await b.post(f"{url}/drawdown", data=typed)
        assert ask.status_code == 200 and "请确认" in ask.text and key in ask.text
        g = await p.request("guarantee", "GET", f"/guarantees/{gid}", bank(BANK))
        assert g["entries"] == []
        for _ in range(2):  # the confirmation clicked twice
            done = await b.post(f"{url}/drawdown", data=typed | {"confirmed": "yes"})
            assert done.status_code == 303, done.text
        g = await p.request("guarantee", "GET", f"/guarantees/{gid}", bank(BANK))
        assert [e["kind"] for e in g["entries"]] == ["drawdown"] and g["drawn"] == "200000.00"

        # a repayment above what is outstanding: the service's refusal, nothing recorded
        page = await b.get(f"{url}?step=repayment")
        assert 'id="form-repayment"' in page.text and 'id="form-drawdown"' not in page.text
        bad = {
            "csrf_token": csrf,
            "idempotency_key": _key(page.text),
            "principal": "-1",
            "bank_reference": "RP-1",
            "confirmed": "yes",
        }
        r = await b.post(f"{url}/repayment", data=bad)
        assert r.status_code == 422 and re.search(r'id="f-principal"[^>]*aria-invalid', r.text)
        g = await p.request("guarantee", "GET", f"/guarantees/{gid}", bank(BANK))
        assert len(g["entries"]) == 1
        # an overdue report, confirmed
        page = await b.get(f"{url}?step=overdue")
        embedded.clock.advance(timedelta(days=100))
        od = {
            "csrf_token": csrf,
            "idempotency_key": _key(page.text),
            "principal": "50000",
            "interest": "1000",
            "bank_reference": "OD-1",
            "confirmed": "yes",
        }
        assert (await b.post(f"{url}/overdue", data=od)).status_code == 303
        g = await p.request("guarantee", "GET", f"/guarantees/{gid}", bank(BANK))
        assert g["state"] == "overdue"


async def test_X3_the_bank_quangengdai_pages_are_the_banks_only(embedded) -> None:
    async with embedded.browser() as b:
        assert (await b.get("/console/bank/guarantees")).status_code == 303
        await embedded.sign_in(b, "guarantor")
        assert (await b.get("/console/bank/guarantees")).status_code == 403
        assert (await b.get("/console/bank/guarantees/x1")).status_code == 403
        await embedded.sign_in(b, "bank")
        assert (await b.get("/console/bank/guarantees/nosuch")).status_code == 404
        assert (await b.get("/console/bank/guarantees/x?step=bogus")).status_code == 422
