"""The bank and the registration authority consoles (issue 19): a bank applies for a
lien through its console (create, upload, value, correct) and sees nothing of another
bank's; the authority's queue shows every check (R3, R5, R7, R8, R9) and the annotation
preview, registers or refuses after confirming — refusals shown on their fields."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from common.ids import generate_resident_id
from portal.personas import BANK
from testkit.platform_client import LIEN_DOCS, PlatformClient, authority, bank
from testkit.testing import sample_file

OTHER_BANK = "BANK-QY-RCC"
LAND = {"area_mu": "8", "annual_price_per_mu": "500", "years": "20"}


def holder(seq: int) -> str:
    return generate_resident_id("620821", birth=date(1975, 6, 7), seq=seq)


def application_form(cert: str, party: str, **over: str) -> dict[str, str]:
    return {
        "certificate_no": cert,
        "lender_name": "农业银行青阳支行",
        "borrower_party_id": party,
        "borrower_name": "王建国",
        "loan_amount": "40000.00",
        "loan_term_end": "2030-12-31",
        "lien_term_end": "2030-12-31",
        "loan_contract_no": "JK-2027-001",
        "mortgage_contract_no": "DY-2027-001",
        "full_civil_capacity": "on",
        "good_credit": "on",
        "employer_informed": "on",
    } | over


async def applications(p: PlatformClient, org: str = BANK) -> list[dict[str, Any]]:
    return await p.request("registry", "GET", "/lien-applications", bank(org))


async def status_of(p: PlatformClient, application_id: str) -> str:
    app = await p.request("registry", "GET", f"/lien-applications/{application_id}", authority())
    return str(app["status"])


async def ready_application(p: PlatformClient, cert: str, party: str, org: str = BANK) -> str:
    """An application with every material and its valuation: ready to register."""
    await p.register_right(cert, party, "王建国", area_mu="8")
    body = {
        k: v for k, v in application_form(cert, party).items() if k not in ("full_civil_capacity",)
    }
    body |= {"full_civil_capacity": True, "good_credit": True, "employer_informed": True}
    app = await p.request(
        "registry", "POST", "/lien-applications", bank(org), json=body, expect=201
    )
    for kind in (*LIEN_DOCS, "consent_letter_A"):
        await p.request(
            "registry",
            "POST",
            f"/lien-applications/{app['id']}/documents",
            bank(org),
            data={"kind": kind},
            files={
                "file": (f"{kind}.pdf", sample_file("application/pdf", kind), "application/pdf")
            },
            expect=201,
        )
    await p.request(
        "registry",
        "POST",
        f"/lien-applications/{app['id']}/valuation",
        bank(org),
        json={"method": "lender", "land": LAND},
    )
    return app["id"]


async def test_R8_a_bank_applies_uploads_and_values_through_its_console(embedded) -> None:
    party = holder(41)
    async with embedded.platform() as p, embedded.browser() as b:
        await p.register_right("QYBNK0001", party, "王建国", area_mu="8")
        await embedded.sign_in(b, "bank")
        new = await b.get("/console/bank/new")
        assert new.status_code == 200 and 'id="f-certificate_no"' in new.text
        csrf = embedded.csrf_of(new.text)

        # a mistyped ID number: the registry's refusal on its field, nothing created
        wrong = party[:17] + ("0" if party[17] != "0" else "1")
        r = await b.post(
            "/console/bank/new",
            data={"csrf_token": csrf} | application_form("QYBNK0001", wrong),
        )
        assert r.status_code == 422, r.text
        assert re.search(r'id="f-borrower_party_id"[^>]*aria-invalid="true"', r.text)
        assert f'value="{wrong}"' in r.text  # what was typed stays
        assert await applications(p) == []

        r = await b.post(
            "/console/bank/new", data={"csrf_token": csrf} | application_form("QYBNK0001", party)
        )
        assert r.status_code == 303, r.text
        url = r.headers["location"]
        page = await b.get(url)
        assert page.status_code == 200 and "尚有" in page.text and "R8" in page.text
        assert "upload-progress" in page.text

        r = await b.post(
            f"{url}/documents",
            data={"csrf_token": csrf, "kind": "application_form"},
            files={"file": ("form.pdf", sample_file("application/pdf", "form"), "application/pdf")},
        )
        assert r.status_code == 303, r.text
        r = await b.post(f"{url}/valuation", data={"csrf_token": csrf, **LAND})
        assert r.status_code == 303, r.text
        (app,) = await applications(p)
        assert [d["kind"] for d in app["documents"]] == ["application_form"]
        assert app["appraised_value"] is not None

        # a correction is confirmed first, then recorded
        ask = await b.post(
            f"{url}/correct", data={"csrf_token": csrf, "loan_amount": "35000.00", "reason": "减少"}
        )
        assert ask.status_code == 200 and "请确认" in ask.text
        assert (await applications(p))[0]["loan_amount"] == "40000.00"
        done = await b.post(
            f"{url}/correct",
            data={
                "csrf_token": csrf,
                "loan_amount": "35000.00",
                "reason": "减少",
                "confirmed": "yes",
            },
        )
        assert done.status_code == 303
        assert (await applications(p))[0]["loan_amount"] == "35000.00"

        queue = await b.get("/console/bank")
        assert queue.status_code == 200 and "QYBNK0001" in queue.text
        assert '待登记 <span class="count">1</span>' in queue.text


async def test_X3_a_bank_sees_nothing_of_another_banks_applications(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        theirs = await ready_application(p, "QYBNK0002", holder(42), org=OTHER_BANK)
        await embedded.sign_in(b, "bank")
        queue = await b.get("/console/bank")
        assert "QYBNK0002" not in queue.text and '待登记 <span class="count">0</span>' in queue.text
        r = await b.get(f"/console/bank/applications/{theirs}")
        assert r.status_code in (403, 404) and "QYBNK0002" not in r.text
        page = await b.get(f"/console/bank/applications/{theirs}")
        csrf_page = await b.get("/console/bank/new")
        r = await b.post(
            f"/console/bank/applications/{theirs}/valuation",
            data={"csrf_token": embedded.csrf_of(csrf_page.text), **LAND},
        )
        assert r.status_code in (403, 404) and page.status_code in (403, 404)
        liens = await b.get("/console/bank/liens")
        assert liens.status_code == 200 and "QYBNK0002" not in liens.text
        # the authority (of the county) sees it; another role is refused the bank's pages
        await embedded.sign_in(b, "authority")
        assert (await b.get("/console/bank")).status_code == 403
        assert "QYBNK0002" in (await b.get("/console/authority")).text


async def test_R9_the_authority_sees_every_check_and_the_annotation_then_registers(
    embedded,
) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        ready = await ready_application(p, "QYBNK0003", holder(43))
        await p.register_right("QYBNK0004", holder(44), "王建国")
        unready = await p.request(
            "registry",
            "POST",
            "/lien-applications",
            bank(BANK),
            json={
                **{
                    k: v
                    for k, v in application_form("QYBNK0004", holder(44)).items()
                    if k not in ("full_civil_capacity", "good_credit", "employer_informed")
                },
                "full_civil_capacity": True,
                "good_credit": True,
                "employer_informed": True,
            },
            expect=201,
        )
        await embedded.sign_in(b, "authority")
        queue = await b.get("/console/authority")
        assert queue.status_code == 200 and '待登记 <span class="count">2</span>' in queue.text
        url = f"/console/authority/applications/{unready['id']}"
        page = await b.get(url)
        assert page.status_code == 200 and "尚有" in page.text
        checks = await p.request(
            "registry", "GET", f"/lien-applications/{unready['id']}/checks", authority()
        )
        for problem in checks["problems"]:
            assert problem["rule"] in page.text
        csrf = embedded.csrf_of(page.text)
        # registering the unready one: the registry refuses, every problem shown, nothing done
        r = await b.post(f"{url}/register", data={"csrf_token": csrf, "confirmed": "yes"})
        assert r.status_code == 422 and 'role="alert"' in r.text
        assert await status_of(p, unready["id"]) == "submitted"
        r = await b.post(f"{url}/refuse", data={"csrf_token": csrf, "confirmed": "yes"})
        assert r.status_code == 422 and 'id="f-reason"' in r.text  # a reason is needed

        url = f"/console/authority/applications/{ready}"
        page = await b.get(url)
        assert "全部通过" in page.text and 'id="annotation-preview"' in page.text
        assert "第 1 顺位" in page.text
        ask = await b.post(f"{url}/register", data={"csrf_token": csrf})
        assert ask.status_code == 200 and "请确认" in ask.text and "第 1 顺位" in ask.text
        assert await status_of(p, ready) == "submitted"
        done = await b.post(f"{url}/register", data={"csrf_token": csrf, "confirmed": "yes"})
        assert done.status_code == 303, done.text
        assert await status_of(p, ready) == "registered"

        r = await b.post(
            f"/console/authority/applications/{unready['id']}/refuse",
            data={"csrf_token": csrf, "reason": "材料不全", "confirmed": "yes"},
        )
        assert r.status_code == 303
        assert await status_of(p, unready["id"]) == "refused"

    async with embedded.browser() as b:
        await embedded.sign_in(b, "bank")
        liens = await b.get("/console/bank/liens")
        assert "QYBNK0003" in liens.text and "有效" in liens.text
        refused = await b.get("/console/bank?queue=refused")
        assert "QYBNK0004" in refused.text


async def test_X2_the_supervisor_reads_every_queue_and_any_objects_audit_trail(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        app_id = await ready_application(p, "QYBNK0005", holder(45))
        listing = await embedded.published_listing(p, cert="QYSUP0001")
        await embedded.sign_in(b, "supervisor")
        home = await b.get("/console")
        assert home.status_code == 200 and "监督委员会" in home.text
        queue = await b.get("/console/supervisor?queue=announced")
        assert queue.status_code == 200 and listing["id"] in queue.text
        assert '<form method="post"' not in queue.text.split("console-body")[1]  # read only
        liens = await b.get("/console/supervisor/liens")
        assert liens.status_code == 200 and "QYBNK0005" in liens.text

        trail = await b.get(
            "/console/supervisor/audit", params={"kind": "listing", "id": listing["id"]}
        )
        assert trail.status_code == 200 and "办理记录：共" in trail.text
        assert "L5" in trail.text or "publish" in trail.text
        trail = await b.get(
            "/console/supervisor/audit", params={"kind": "lien_application", "id": app_id}
        )
        assert trail.status_code == 200 and "collateral.valued" in trail.text
        missing = await b.get("/console/supervisor/audit", params={"kind": "lien", "id": "nope"})
        assert missing.status_code == 404 and 'aria-invalid="true"' in missing.text
        bad = await b.get("/console/supervisor/audit", params={"kind": "lien", "id": "<x>"})
        assert bad.status_code == 422
        await embedded.sign_in(b, "staff")
        assert (await b.get("/console/supervisor/audit")).status_code == 403


async def test_G8_county_finance_sees_its_funds_balance_over_time_and_the_queue(embedded) -> None:
    from testkit.platform_client import finance

    async with embedded.platform() as p, embedded.browser() as b:
        for amount in ("500000.00", "250000.00"):
            await p.request(
                "guarantee",
                "POST",
                "/funds/620821/risk_fund/deposits",
                finance(),
                json={"amount": amount, "note": "县财政预算安排"},
                expect=(200, 201),
            )
        await embedded.sign_in(b, "finance")
        page = await b.get("/console/finance")
        assert page.status_code == 200, page.text
        assert "风险补偿基金" in page.text and "奖补资金池" in page.text
        assert 'data-value="750000.00"' in page.text  # the running balance after both
        assert 'data-chart="line"' in page.text and "没有待付款项" in page.text
        home = await b.get("/console")
        assert "县财政" in home.text
        await embedded.sign_in(b, "guarantor")
        assert (await b.get("/console/finance")).status_code == 403


async def test_L25_the_supervisor_reads_the_monthly_market_report_and_its_filings(
    embedded,
) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        await embedded.published_listing(p, cert="QYMON0001")
        await embedded.sign_in(b, "supervisor")
        page = await b.get("/console/supervisor/monitoring")
        assert page.status_code == 200, page.text
        assert "市场监测月报" in page.text and "全县合计" in page.text
        assert "报送记录（X7）" in page.text
        assert '<form method="post"' not in page.text.split("console-body")[1]  # read only
        bad = await b.get("/console/supervisor/monitoring", params={"month": "2026-13"})
        assert bad.status_code == 422
        await embedded.sign_in(b, "staff")
        assert (await b.get("/console/supervisor/monitoring")).status_code == 403


# --- the bank's liens after registration: visits, disposal, discharge, callbacks --------


async def registered_lien(p: PlatformClient, cert: str, party: str, org: str = BANK) -> str:
    """A lien of ``org`` registered by the authority (its first visit scheduled, R14)."""
    app_id = await ready_application(p, cert, party, org=org)
    lien = await p.request(
        "registry", "POST", f"/lien-applications/{app_id}/register", authority(), expect=201
    )
    return str(lien["id"])


async def lien_of(p: PlatformClient, lien_id: str) -> dict[str, Any]:
    return await p.request("registry", "GET", f"/liens/{lien_id}", authority())


async def test_R14_R13_R11_a_bank_records_the_visit_due_requests_a_disposal_and_discharges(
    embedded,
) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        lien_id = await registered_lien(p, "QYBNK0011", holder(51))
        await embedded.sign_in(b, "bank")
        liens = await b.get("/console/bank/liens")
        assert f'href="/console/bank/liens/{lien_id}"' in liens.text
        due = await b.get("/console/bank/visits")
        assert due.status_code == 200 and f"/console/bank/liens/{lien_id}/actions/visit" in due.text
        page = await b.get(f"/console/bank/liens/{lien_id}")
        assert page.status_code == 200 and "待回访" in page.text and 'id="lien-visit"' in page.text
        form = await b.get(f"/console/bank/liens/{lien_id}/actions/visit")
        csrf = embedded.csrf_of(form.text)
        visit_id = re.search(r'name="visit_id" value="(\d+)"', form.text)
        assert visit_id, form.text
        typed = {
            "csrf_token": csrf,
            "visit_id": visit_id.group(1),
            "visited_on": "2099-13-01",  # not a date: the registry's refusal on its field
            "collateral_condition": "damaged",
            "use_of_funds": "as_agreed",
            "operation": "normal",
            "notes": "大棚受损",
        }
        url = f"/console/bank/liens/{lien_id}/actions/visit"
        ask = await b.post(url, data=typed)
        assert ask.status_code == 200 and "请确认" in ask.text and "损毁" in ask.text
        r = await b.post(url, data=typed | {"confirmed": "yes"})
        assert r.status_code == 422 and 'role="alert"' in r.text
        assert re.search(r'id="f-visited_on"[^>]*aria-invalid="true"', r.text)
        assert 'value="2099-13-01"' in r.text
        visits = await p.request("registry", "GET", f"/liens/{lien_id}/visits", bank(BANK))
        assert [v["status"] for v in visits] == ["scheduled"]  # nothing changed
        today = embedded.clock.now().date().isoformat()
        r = await b.post(url, data=typed | {"visited_on": today, "confirmed": "yes"})
        assert r.status_code == 303, r.text
        visits = await p.request("registry", "GET", f"/liens/{lien_id}/visits", bank(BANK))
        assert visits[0]["status"] == "done" and visits[0]["warning"] is True
        warned = await b.get("/console/bank/visits")
        assert "大棚受损" in warned.text and "损毁" in warned.text

        # a disposal without its note: the registry names the field, nothing requested
        url = f"/console/bank/liens/{lien_id}/actions/disposal"
        body = {
            "csrf_token": csrf,
            "method": "agreement",
            "through_exchange": "on",
            "default_on": today,
            "outstanding_debt": "30000.00",
            "note": "",
            "confirmed": "yes",
        }
        r = await b.post(url, data=body)
        assert r.status_code == 422 and re.search(r'id="f-note"[^>]*aria-invalid="true"', r.text)
        assert await p.request("registry", "GET", "/disposals", bank(BANK)) == []
        r = await b.post(url, data=body | {"note": "借款人逾期六个月"})
        assert r.status_code == 422 and "处置底价" in r.text  # through the exchange: R13
        assert re.search(r'id="f-reserve_price"[^>]*aria-invalid="true"', r.text)
        r = await b.post(url, data=body | {"note": "借款人逾期六个月", "reserve_price": "50000.00"})
        assert r.status_code == 303, r.text
        (disposal,) = await p.request("registry", "GET", "/disposals", bank(BANK))
        assert disposal["method"] == "agreement" and disposal["through_exchange"] is True
        listed = await b.get("/console/bank/disposals")
        assert "QYBNK0011" in listed.text and "协议转让" in listed.text

        url = f"/console/bank/liens/{lien_id}/actions/discharge"
        ask = await b.post(url, data={"csrf_token": csrf, "reason": "repaid", "note": "已还清"})
        assert ask.status_code == 200 and "请确认" in ask.text and "债务已清偿" in ask.text
        assert (await lien_of(p, lien_id))["status"] == "active"
        r = await b.post(
            url,
            data={"csrf_token": csrf, "reason": "repaid", "note": "已还清", "confirmed": "yes"},
        )
        assert r.status_code == 303, r.text
        assert (await lien_of(p, lien_id))["status"] == "discharged"
        page = await b.get(f"/console/bank/liens/{lien_id}")
        assert "已注销" in page.text and 'id="lien-discharge"' not in page.text


async def test_X3_a_bank_sees_nothing_of_another_banks_lien_visits_or_disposals(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        theirs = await registered_lien(p, "QYBNK0012", holder(52), org=OTHER_BANK)
        await embedded.sign_in(b, "bank")
        r = await b.get(f"/console/bank/liens/{theirs}")
        assert r.status_code in (403, 404) and "QYBNK0012" not in r.text
        assert theirs not in (await b.get("/console/bank/visits")).text
        csrf = embedded.csrf_of((await b.get("/console/bank/new")).text)
        r = await b.post(
            f"/console/bank/liens/{theirs}/actions/discharge",
            data={"csrf_token": csrf, "reason": "repaid", "note": "x", "confirmed": "yes"},
        )
        assert r.status_code in (403, 404)
        assert (await lien_of(p, theirs))["status"] == "active"
        r = await b.get(f"/console/bank/liens/{theirs}/actions/nonsense")
        assert r.status_code == 404


async def test_B5_the_bank_console_shows_what_its_integration_reported(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        listing = await embedded.published_listing(p)
        party = holder(53)
        await p.bank_deposit(listing["id"], party, "", "123456.00", BANK)
        await embedded.sign_in(b, "bank")
        log = await b.get("/console/bank/callbacks")
        assert log.status_code == 200 and "保证金到账" in log.text
        assert listing["id"] in log.text and "123,456.00 元" in log.text
    async with embedded.browser() as b:
        await embedded.sign_in(b, "authority")
        assert (await b.get("/console/bank/callbacks")).status_code == 403


async def test_R10_the_authority_registers_a_liens_change_and_the_bank_sees_it(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        lien_id = await registered_lien(p, "QYBNK0013", holder(54))
        await embedded.sign_in(b, "authority")
        liens = await b.get("/console/authority/liens")
        assert f"/console/authority/liens/{lien_id}/change" in liens.text
        url = f"/console/authority/liens/{lien_id}/change"
        page = await b.get(url)
        assert page.status_code == 200 and 'id="f-changed_on"' in page.text
        csrf = embedded.csrf_of(page.text)
        today = embedded.clock.now().date().isoformat()
        typed = {
            "csrf_token": csrf,
            "version": re.search(r'name="version" value="(\d+)"', page.text).group(1),  # type: ignore[union-attr]
            "changed_on": today,
            "secured_amount": "-5",
            "term_end": "2031-12-31",
            "change_reason": "展期一年",
        }
        r = await b.post(url, data=typed | {"confirmed": "yes"})
        assert r.status_code == 422 and re.search(
            r'id="f-secured_amount"[^>]*aria-invalid="true"', r.text
        )
        assert (await lien_of(p, lien_id))["changes"] == []
        r = await b.post(url, data=typed | {"change_reason": "", "confirmed": "yes"})
        assert r.status_code == 422 and 'id="f-change_reason"' in r.text
        ask = await b.post(url, data=typed | {"secured_amount": "38000.00"})
        assert ask.status_code == 200 and "请确认" in ask.text and "展期一年" in ask.text
        done = await b.post(url, data=typed | {"secured_amount": "38000.00", "confirmed": "yes"})
        assert done.status_code == 303, done.text
        (change,) = (await lien_of(p, lien_id))["changes"]
        assert change["new_amount"] == "38000.00" and change["new_term_end"] == "2031-12-31"
    async with embedded.browser() as b:
        await embedded.sign_in(b, "bank")
        page = await b.get(f"/console/bank/liens/{lien_id}")
        assert "展期一年" in page.text and "38,000.00 元" in page.text
        assert (await b.get("/console/authority/liens")).status_code == 403


async def test_R13_R14_the_banks_visits_and_disposals_lists_page_on_the_server(
    embedded, monkeypatch
) -> None:
    """Issue 19: the visits due and the disposals page by the registry's limit/offset and
    X-Total-Count (a page of one row here, so two liens make two pages)."""
    from common.clock import local_date
    from portal import console

    # the consoles' one page size (console.page_window, console.page_count)
    monkeypatch.setattr(console, "PAGE_SIZE", 1)
    async with embedded.platform() as p, embedded.browser() as b:
        first = await registered_lien(p, "QYBNK0061", holder(61))
        second = await registered_lien(p, "QYBNK0062", holder(62))
        await registered_lien(p, "QYBNK0063", holder(63), org=OTHER_BANK)
        await embedded.sign_in(b, "bank")
        one = await b.get("/console/bank/visits")
        assert one.status_code == 200 and "共 2 次" in one.text and "第 1 / 2 页" in one.text
        two = await b.get("/console/bank/visits?page=2")
        assert "第 2 / 2 页" in two.text and 'rel="prev"' in two.text
        shown = [x for x in (first, second) if f"/console/bank/liens/{x}/actions/visit" in one.text]
        later = [x for x in (first, second) if f"/console/bank/liens/{x}/actions/visit" in two.text]
        assert len(shown) == 1 and len(later) == 1 and shown != later
        assert (await b.get("/console/bank/visits?page=0")).status_code == 422
        body = {
            "method": "restructuring",
            "details": {"new_term_end": "2031-12-31"},
            "default_on": str(local_date(embedded.clock.now())),
            "outstanding_debt": "30000.00",
            "note": "逾期",
        }
        for lien_id in (first, second):
            await p.request(
                "registry", "POST", f"/liens/{lien_id}/disposals", bank(BANK), json=body, expect=201
            )
            embedded.clock.advance(timedelta(minutes=1))
        newest = await b.get("/console/bank/disposals")
        assert "共 2 项" in newest.text and "第 1 / 2 页" in newest.text
        assert f"/console/bank/liens/{second}" in newest.text  # newest first
        assert (
            f"/console/bank/liens/{first}" in (await b.get("/console/bank/disposals?page=2")).text
        )
