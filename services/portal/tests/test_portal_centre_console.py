"""The exchange centre console (issue 19): the work queues, registration, publication,
suspension and termination with their reasons (L4, L5, L12), the collective's decision
(L8) and the buyers' qualification with materials viewable inline (L6) — every step
confirmed first, every refusal shown on its field with nothing changed."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from common.ids import generate_resident_id
from testkit.platform_client import PlatformClient, staff

CENTRE = "/console/centre"


def farmer(seq: int) -> str:
    return generate_resident_id("620821", birth=date(1971, 2, 3), seq=seq)


async def pre_reviewed(p: PlatformClient, cert: str = "QYCEN0001") -> str:
    seller = farmer(21)
    await p.register_right(cert, seller, "孙立")
    listing = await p.take_in_listing(
        seller_party_id=seller,
        seller_name="孙立",
        title="木镇镇北村20亩承包地经营权出租",
        reserve_price="80000.00",
        deposit="8000.00",
        increment="500.00",
        right_certificate_no=cert,
    )
    await p.township_review(listing["id"])
    assert (await p.pre_review(listing["id"]))["status"] == "pre_reviewed"
    return listing["id"]


async def act(embedded, b, lid: str, action: str, data: dict[str, Any], **kw: Any):
    url = f"{CENTRE}/listings/{lid}/actions/{action}"
    page = await b.get(url)
    assert page.status_code == 200, page.text
    return await b.post(url, data={"csrf_token": embedded.csrf_of(page.text)} | data, **kw)


async def test_L4_L5_the_centre_registers_and_publishes_from_its_queue_after_confirming(
    embedded,
) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        lid = await pre_reviewed(p)
        await embedded.sign_in(b, "staff")
        home = await b.get("/console")
        assert "交易中心" in home.text and "待登记" in home.text
        queue = await b.get(CENTRE)
        assert queue.status_code == 200 and lid in queue.text
        assert '待登记 <span class="count">1</span>' in queue.text
        # listings by state: a chart drawn by the vendored Chart.js beside its table
        assert (
            'data-chart="bar"' in queue.text
            and '<th scope="row">待登记</th><td>1</td>' in queue.text
        )
        assert 'src="/static/vendor/chart.umd.min.js"' in queue.text
        chart = await b.get("/static/vendor/chart.umd.min.js")
        assert chart.status_code == 200 and b"Chart.js v4" in chart.content[:200]
        page = await b.get(f"{CENTRE}/listings/{lid}")
        assert page.status_code == 200 and 'id="do-register"' in page.text
        assert 'id="do-publish"' not in page.text  # only what the state allows

        ask = await act(embedded, b, lid, "register", {})
        assert ask.status_code == 200 and "请确认" in ask.text and 'value="yes"' in ask.text
        assert (await p.listing(lid))["status"] == "pre_reviewed"  # nothing yet
        done = await act(embedded, b, lid, "register", {"confirmed": "yes"})
        assert done.status_code == 303
        assert (await p.listing(lid))["status"] == "registered"

        r = await act(embedded, b, lid, "publish", {"days": "20", "confirmed": "yes"})
        assert r.status_code == 303, r.text
        after = await p.listing(lid)
        assert after["status"] == "announced" and after["announcement_days"] == 20
        page = await b.get(f"{CENTRE}/listings/{lid}")
        assert "公告截止" in page.text and "办理记录" in page.text


async def test_L5_a_refused_publication_is_shown_on_its_field_and_changes_nothing(
    embedded,
) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        lid = await pre_reviewed(p)
        await p.centre_register(lid)
        await embedded.sign_in(b, "staff")
        r = await act(embedded, b, lid, "publish", {"days": "3", "confirmed": "yes"})
        assert r.status_code == 422, r.text
        assert 'role="alert"' in r.text and "未作任何更改" in r.text
        assert 'id="f-days"' in r.text and 'aria-invalid="true"' in r.text
        assert 'value="3"' in r.text  # the typed value stays
        assert (await p.listing(lid))["status"] == "registered"


async def test_L12_suspend_needs_its_approval_and_resume_and_terminate_follow(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        lid = await pre_reviewed(p)
        await p.centre_register(lid)
        await p.publish(lid)
        await embedded.sign_in(b, "staff")
        # a seller's request needs the department's approval: refused on that field
        r = await act(
            embedded,
            b,
            lid,
            "suspend",
            {"reason_code": "seller_request", "reason": "出让方申请", "confirmed": "yes"},
        )
        assert r.status_code in (400, 409, 422), r.text
        assert 'role="alert"' in r.text and "L12" in r.text
        assert (await p.listing(lid))["status"] == "announced"
        r = await act(
            embedded,
            b,
            lid,
            "suspend",
            {"reason_code": "ownership_dispute", "reason": "权属争议待查", "confirmed": "yes"},
        )
        assert r.status_code == 303, r.text
        assert (await p.listing(lid))["status"] == "suspended"
        page = await b.get(f"{CENTRE}?queue=suspended")
        assert lid in page.text
        r = await act(embedded, b, lid, "resume", {"reason": "争议已解决", "confirmed": "yes"})
        assert r.status_code == 303 and (await p.listing(lid))["status"] == "announced"
        ask = await act(
            embedded, b, lid, "terminate", {"reason_code": "ownership_dispute", "reason": "确权"}
        )
        assert ask.status_code == 200 and "终结不能撤回" in ask.text
        assert (await p.listing(lid))["status"] == "announced"


async def test_L4_a_return_without_reasons_is_refused_by_the_page(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        lid = await pre_reviewed(p)
        await embedded.sign_in(b, "staff")
        r = await act(embedded, b, lid, "return", {"reasons": "  ", "confirmed": "yes"})
        assert r.status_code == 422 and 'aria-invalid="true"' in r.text
        assert (await p.listing(lid))["status"] == "pre_reviewed"
        r = await act(
            embedded, b, lid, "return", {"reasons": "缺四至图\n底价依据不足", "confirmed": "yes"}
        )
        assert r.status_code == 303
        after = await p.listing(lid)
        assert after["status"] == "returned" and len(after["return_reasons"]) >= 2


async def test_L6_qualification_with_materials_viewable_inline(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        listing = await embedded.published_listing(p, cert="QYCEN0002")
        lid = listing["id"]
        party = farmer(33)
        reg = await p.register_buyer(lid, party, "周强")
        await p.buyer_document(reg, "identity")
        await embedded.sign_in(b, "staff")
        page = await b.get(f"{CENTRE}/listings/{lid}")
        assert "周强" in page.text and "待审查" in page.text
        url = f"{CENTRE}/listings/{lid}/registrations/{reg['id']}"
        detail = await b.get(url)
        assert detail.status_code == 200 and "身份证明" in detail.text
        docs = await p.request("listing", "GET", f"/registrations/{reg['id']}/documents", staff())
        doc = await b.get(f"{url}/documents/{docs[0]['id']}")
        assert doc.status_code == 200 and doc.headers["content-disposition"] == "inline"
        assert doc.headers["content-type"].startswith("image/jpeg")

        csrf = embedded.csrf_of(detail.text)
        # not qualified without a reason: the page refuses, nothing changes
        r = await b.post(f"{url}/review", data={"csrf_token": csrf, "approve": "no"})
        assert r.status_code == 422 and 'id="f-reasons"' in r.text
        assert (await p.registration(reg["id"], party))["status"] == "pending"
        ask = await b.post(f"{url}/review", data={"csrf_token": csrf, "approve": "yes"})
        assert ask.status_code == 200 and "请确认" in ask.text
        done = await b.post(
            f"{url}/review", data={"csrf_token": csrf, "approve": "yes", "confirmed": "yes"}
        )
        assert done.status_code == 303
        assert (await p.registration(reg["id"], party))["status"] == "qualified"


async def test_L8_the_collective_decision_is_recorded_from_its_form(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        lid = await pre_reviewed(p, cert="QYCEN0003")
        await embedded.sign_in(b, "staff")
        form = {
            "body": "village_representatives",
            "votes_for": "30",
            "votes_total": "20",  # more for than in all: refused on the field
            "reserve_price": "80000.00",
            "township_approval_ref": "木政批〔2027〕3号",
            "decided_on": "2026-11-20",
            "confirmed": "yes",
        }
        r = await act(embedded, b, lid, "collective-decisions", form)
        assert r.status_code == 422 and 'aria-invalid="true"' in r.text, r.text
        r = await act(embedded, b, lid, "collective-decisions", form | {"votes_for": "15"})
        assert r.status_code == 303, r.text
        page = await b.get(f"{CENTRE}/listings/{lid}")
        assert "木政批〔2027〕3号" in page.text and "15 / 20" in page.text


async def test_X3_the_centre_console_is_the_centres_only(embedded) -> None:
    async with embedded.browser() as b:
        r = await b.get(CENTRE)
        assert r.status_code == 303 and "/sign-in" in r.headers["location"]
        await embedded.sign_in(b, "clerk")
        assert (await b.get(CENTRE)).status_code == 403
        await embedded.sign_in(b, "bank")
        assert (await b.get(f"{CENTRE}/listings/x1/actions/register")).status_code == 403


async def test_B6_the_centre_monitors_the_session_and_records_the_contract(embedded) -> None:
    """Two qualified buyers bid; the centre sees the price, the end and the full bid log,
    then records the contract of the deal (confirmed first, refused on its field)."""
    a = generate_resident_id("620821", birth=date(1982, 3, 12), seq=131)
    b_ = generate_resident_id("620821", birth=date(1990, 7, 8), seq=242)
    async with embedded.platform() as p, embedded.browser() as b:
        listing, sid = await embedded.trading_listing(
            p,
            ((a, "李建国"), (b_, "张秀英")),
            cert="QYCEN0004",
            free_period_seconds=600,
            extension_seconds=300,
        )
        lid = listing["id"]
        await p.bid(sid, a, "1234567.00")
        await p.bid(sid, b_, "1235567.00")
        await embedded.sign_in(b, "staff")
        page = await b.get(f"{CENTRE}/listings/{lid}")
        assert page.status_code == 200 and "出价记录（共 2 次）" in page.text
        assert 'data-chart="line"' in page.text  # the session's price over time
        assert page.text.count('src="/static/console-charts.js"') == 1
        assert "张秀英" in page.text and "1235567.00" in page.text.replace(",", "")

        embedded.clock.advance(timedelta(seconds=901))
        deal = await p.deal_of(lid)
        page = await p.poll(
            lambda: b.get(f"{CENTRE}/listings/{lid}"), lambda r: deal["trade_id"] in r.text
        )
        url = f"{CENTRE}/listings/{lid}/deals/{deal['trade_id']}"
        detail = await b.get(url)
        assert detail.status_code == 200 and 'id="f-contract_no"' in detail.text
        assert "项目账户" in detail.text
        csrf = embedded.csrf_of(detail.text)
        r = await b.post(
            f"{url}/contract",
            data={"csrf_token": csrf, "contract_no": "x" * 65, "confirmed": "yes"},
        )
        assert r.status_code == 422 and re.search(r'id="f-contract_no"[^>]*aria-invalid', r.text)
        ask = await b.post(
            f"{url}/contract", data={"csrf_token": csrf, "contract_no": "HT-2027-01"}
        )
        assert ask.status_code == 200 and "请确认" in ask.text
        assert (await p.deal(deal["trade_id"]))["contract_no"] is None
        done = await b.post(
            f"{url}/contract",
            data={"csrf_token": csrf, "contract_no": "HT-2027-01", "confirmed": "yes"},
        )
        assert done.status_code == 303, done.text
        assert (await p.deal(deal["trade_id"]))["contract_no"] == "HT-2027-01"


async def test_L12_the_centre_terminates_a_registered_listing_with_its_reason(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        lid = await pre_reviewed(p, cert="QYCEN0005")
        await p.centre_register(lid)
        await embedded.sign_in(b, "staff")
        r = await act(
            embedded,
            b,
            lid,
            "terminate",
            {"reason_code": "ownership_dispute", "reason": "权属争议", "confirmed": "yes"},
        )
        assert r.status_code == 303, r.text
        assert (await p.listing(lid))["status"] == "terminated"
        page = await b.get(f"{CENTRE}/listings/{lid}")
        assert page.status_code == 200 and "已终结" in page.text
