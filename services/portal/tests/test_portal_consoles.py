"""The consoles (issue 19): the township window (intake wizard with the construction-land
step (L15/L16), L3 checklist, the site inspection (L21), submit, initial review,
corrections with every reason at once and keeping every field, the receipt) and the county
department (pre-review with the registry's title search beside the listing), on the
foundation of portal.console — against the embedded run in this process."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from common.ids import generate_credit_code, generate_resident_id
from portal.personas import PERSONAS
from testkit.platform_client import LISTING_DOCS, clerk, staff
from testkit.testing import sample_file

DOCS = LISTING_DOCS  # the six a listing needs before review (L3)
SELLER = generate_resident_id("620821", birth=date(1968, 4, 2), seq=57)
TOWNSHIP_B = PERSONAS["clerk-b"].org_id


def wizard_form(**over: str) -> dict[str, str]:
    return {
        "title": "木镇镇东村15亩承包地经营权出租",
        "product": "contracted_land",
        "description": "水浇地",
        "way": "lease",
        "mode": "ascending",
        "term_start": "2027-01-01",
        "term_end": "2031-12-31",
        "area_mu": "15",
        "location": "青阳县木镇镇东村",
        "right_certificate_no": "QYCON0001",
        "seller_kind": "farmer",
        "seller_name": "赵大山",
        "seller_party_id": SELLER,
        "reserve_price": "60000.00",
        "deposit": "6000.00",
        "increment": "500.00",
    } | over


async def post_form(embedded, b, page_url: str, action: str, data: dict[str, Any], **kw):
    page = await b.get(page_url)
    assert page.status_code == 200, page.text
    return await b.post(action, data={"csrf_token": embedded.csrf_of(page.text)} | data, **kw)


async def listings(p, township: str = "620821101") -> list[dict[str, Any]]:
    return await p.request("listing", "GET", "/listings", clerk(township))


async def take_in(embedded, b) -> str:
    """The wizard and the six L3 materials, as a clerk at the counter."""
    r = await post_form(
        embedded, b, "/console/township/new", "/console/township/new", wizard_form()
    )
    assert r.status_code == 303, r.text
    lid = re.search(r"/console/township/listings/([^#/]+)", r.headers["location"]).group(1)
    files = {d: (f"{d}.pdf", sample_file("application/pdf", d), "application/pdf") for d in DOCS}
    url = f"/console/township/listings/{lid}"
    r = await post_form(embedded, b, url, f"{url}/documents", {}, files=files)
    assert r.status_code == 303, r.text
    return lid


async def submitted(embedded, b) -> tuple[str, str]:
    """As the clerk (signed in here): a listing taken in and submitted after confirming,
    waiting for the initial review — its id and its page in the window."""
    await embedded.sign_in(b, "clerk")
    lid = await take_in(embedded, b)
    url = f"/console/township/listings/{lid}"
    await post_form(embedded, b, url, f"{url}/submit", {"confirmed": "yes"})
    return lid, url


async def test_L3_clerk_takes_in_a_listing_with_six_documents_and_submits_after_confirming(
    embedded,
) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        await embedded.sign_in(b, "clerk")
        wizard = await b.get("/console/township/new")
        assert wizard.status_code == 200
        for name in ("title", "seller_party_id", "reserve_price", "area_mu", "term_end"):
            assert f'id="f-{name}"' in wizard.text
        assert 'src="/static/console.js"' in wizard.text
        lid = await take_in(embedded, b)
        page = await b.get(f"/console/township/listings/{lid}")
        assert page.text.count("✓") == 6 and "必备材料已齐全" in page.text
        assert "upload-progress" in page.text  # the upload shows its progress
        (listing,) = await listings(p)
        assert listing["status"] == "draft" and listing["seller_party_id"] == SELLER

        # the first POST only asks: nothing happens until it is confirmed
        url = f"/console/township/listings/{lid}"
        ask = await post_form(embedded, b, url, f"{url}/submit", {})
        assert ask.status_code == 200 and "请确认" in ask.text and 'value="yes"' in ask.text
        assert (await listings(p))[0]["status"] == "draft"
        done = await post_form(embedded, b, url, f"{url}/submit", {"confirmed": "yes"})
        assert done.status_code == 303
        assert (await listings(p))[0]["status"] == "submitted"

        receipt = await b.get(f"{url}/receipt")
        assert receipt.status_code == 200 and lid in receipt.text
        assert "受理回执" in receipt.text and "@media print" not in receipt.text
        assert SELLER not in receipt.text and SELLER[-4:] in receipt.text  # masked
        assert receipt.text.count("校验码") == 6


async def test_X4_the_wizard_shows_the_services_refusal_with_the_field_highlighted(
    embedded,
) -> None:
    wrong = SELLER[:17] + ("0" if SELLER[17] != "0" else "1")  # a mistyped check digit
    async with embedded.platform() as p, embedded.browser() as b:
        await embedded.sign_in(b, "clerk")
        r = await post_form(
            embedded,
            b,
            "/console/township/new",
            "/console/township/new",
            wizard_form(seller_party_id=wrong, reserve_price="六万"),
        )
        assert r.status_code == 422
        assert 'role="alert"' in r.text and "未作任何更改" in r.text
        field = re.search(r'<input id="f-seller_party_id"[^>]*>', r.text).group(0)
        assert 'aria-invalid="true"' in field and f'value="{wrong}"' in field  # kept, marked
        assert 'id="e-seller_party_id"' in r.text and "校验码" in r.text  # in Chinese
        assert 'aria-invalid="true" aria-describedby="e-reserve_price"' in r.text  # all at once
        assert await listings(p) == []  # nothing changed


async def test_L3_a_refused_material_is_named_and_the_listing_cannot_leave_the_window(
    embedded,
) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        await embedded.sign_in(b, "clerk")
        r = await post_form(
            embedded, b, "/console/township/new", "/console/township/new", wizard_form()
        )
        url = r.headers["location"].split("#")[0]
        bad = {"application_form": ("form.pdf", b"not a pdf at all", "application/pdf")}
        r = await post_form(embedded, b, url, f"{url}/documents", {}, files=bad)
        assert r.status_code == 422 and 'id="e-application_form"' in r.text
        refused = await post_form(embedded, b, url, f"{url}/submit", {"confirmed": "yes"})
        assert refused.status_code == 422 and 'role="alert"' in refused.text
        assert (await listings(p))[0]["status"] == "draft"


async def test_L4_township_review_returns_with_every_reason_and_the_clerk_corrects(
    embedded,
) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        lid, url = await submitted(embedded, b)
        queue = await b.get("/console/township")
        assert re.search(r'待初审 <span class="count">1</span>', queue.text)
        assert f"/console/township/listings/{lid}" in queue.text

        # a return without its reasons is refused by the page itself, nothing sent
        no_reasons = await post_form(
            embedded, b, url, f"{url}/review", {"approve": "no", "opinion": "材料有误"}
        )
        assert no_reasons.status_code == 422 and 'id="e-reasons"' in no_reasons.text
        reasons = "出让方资格证明已过期\n底价依据缺少评估报告"
        ask = await post_form(
            embedded,
            b,
            url,
            f"{url}/review",
            {"approve": "no", "opinion": "材料有误", "reasons": reasons},
        )
        assert ask.status_code == 200 and "请确认" in ask.text
        assert (await listings(p))[0]["status"] == "submitted"
        done = await post_form(
            embedded,
            b,
            url,
            f"{url}/review",
            {"approve": "no", "opinion": "材料有误", "reasons": reasons, "confirmed": "yes"},
        )
        assert done.status_code == 303
        assert (await listings(p))[0]["status"] == "returned"

        returned = await b.get("/console/township?queue=returned")
        assert re.search(r'退回待补正 <span class="count">1</span>', returned.text)
        correct = await b.get(f"{url}/correct")
        assert "共 2 条，一次性告知" in correct.text
        assert "出让方资格证明已过期" in correct.text and "底价依据缺少评估报告" in correct.text
        r = await post_form(
            embedded, b, f"{url}/correct", f"{url}/correct", wizard_form(reserve_price="65000.00")
        )
        assert r.status_code == 303
        (after,) = await listings(p)
        assert after["reserve_price"] == "65000.00" and after["status"] == "returned"
        await post_form(embedded, b, url, f"{url}/submit", {"confirmed": "yes"})
        approve = {"approve": "yes", "opinion": "材料齐全，同意上报", "confirmed": "yes"}
        r = await post_form(embedded, b, url, f"{url}/review", approve)
        assert r.status_code == 303
        assert (await listings(p))[0]["status"] == "pre_review"


async def test_X3_a_clerk_of_township_b_sees_nothing_of_township_a(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        lid, url = await submitted(embedded, b)

        await embedded.sign_in(b, "clerk-b")
        for queue in ("review", "returned", "draft"):
            page = await b.get(f"/console/township?queue={queue}")
            assert page.status_code == 200 and lid not in page.text
            assert "木镇镇东村" not in page.text
        assert re.search(r'待初审 <span class="count">0</span>', page.text)
        searched = await b.get("/console/township?queue=review&q=木镇镇")
        assert lid not in searched.text and "共 0 件" in searched.text
        for path in (url, f"{url}/correct", f"{url}/receipt"):
            r = await b.get(path)
            assert r.status_code == 403 and "赵大山" not in r.text, path
        home = await b.get("/console/township")
        approve = {"approve": "yes", "opinion": "越权", "confirmed": "yes"}
        r = await b.post(
            f"{url}/review", data={"csrf_token": embedded.csrf_of(home.text)} | approve
        )
        assert r.status_code == 403
        assert (await listings(p))[0]["status"] == "submitted"  # nothing changed
        assert await listings(p, TOWNSHIP_B) == []


async def test_X3_the_navigation_offers_only_the_roles_own_console(embedded) -> None:
    async with embedded.browser() as b:
        anon = await b.get("/console/township")
        assert anon.status_code == 303 and anon.headers["location"].startswith("/sign-in")
        await embedded.sign_in(b, "buyer-a")
        page = await b.get("/board")
        assert "/console/township" not in page.text and "/console/department" not in page.text
        assert "没有可用的工作台" in (await b.get("/console")).text
        assert (await b.get("/console/township")).status_code == 403
        await embedded.sign_in(b, "clerk")
        page = await b.get("/board")
        assert 'href="/console/township"' in page.text
        assert "/console/department" not in page.text
        assert (await b.get("/console/department")).status_code == 403
        home = await b.get("/console")
        assert "乡镇服务窗口" in home.text and "待初审" in home.text
        await embedded.sign_in(b, "department")
        page = await b.get("/console")
        assert 'href="/console/department"' in page.text and "待前置审核" in page.text
        assert (await b.get("/console/township")).status_code == 403


async def test_X4_the_queue_table_sorts_filters_and_pages_on_the_server(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        for i, title in enumerate(("丙村鱼塘", "甲村承包地", "乙村林地")):
            await p.take_in_listing(
                seller_party_id=SELLER,
                seller_name="赵大山",
                title=title,
                right_certificate_no=f"QYCON100{i}",
                reserve_price=f"{(i + 1) * 1000}.00",
                deposit="100.00",
                increment="10.00",
            )
            embedded.clock.advance(timedelta(minutes=5))
        await embedded.sign_in(b, "clerk")
        oldest_first = await b.get("/console/township")
        titles = re.findall(r"(丙村鱼塘|甲村承包地|乙村林地)</a>", oldest_first.text)
        assert titles == ["丙村鱼塘", "甲村承包地", "乙村林地"]
        by_price = await b.get("/console/township?sort=-reserve_price")
        titles = re.findall(r"(丙村鱼塘|甲村承包地|乙村林地)</a>", by_price.text)
        assert titles == ["乙村林地", "甲村承包地", "丙村鱼塘"]
        assert 'aria-sort="descending"' in by_price.text
        found = await b.get("/console/township?q=承包地")
        assert "共 1 件" in found.text and "甲村承包地" in found.text
        assert "丙村鱼塘" not in found.text
        beyond = await b.get("/console/township?page=2")
        assert "没有等待办理的事项" in beyond.text and "共 3 件" in beyond.text
        bad = await b.get("/console/township?sort=seller_party_id")
        assert bad.status_code == 422 and "sort" in bad.text


@pytest.mark.parametrize("confirm_ownership", [True, False])
async def test_L4_the_department_decides_with_the_title_search_beside_the_listing(
    embedded, confirm_ownership: bool
) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        await p.register_right("QYCON0001", SELLER, "赵大山", area_mu="15")
        lid, url = await submitted(embedded, b)
        approve = {"approve": "yes", "opinion": "材料齐全，同意上报", "confirmed": "yes"}
        await post_form(embedded, b, url, f"{url}/review", approve)

        await embedded.sign_in(b, "department")
        queue = await b.get("/console/department")
        assert re.search(r'待前置审核 <span class="count">1</span>', queue.text)
        durl = f"/console/department/listings/{lid}"
        page = await b.get(durl)
        assert page.status_code == 200 and "登记机构产权查档结果" in page.text
        assert "与出让方一致" in page.text and "无争议、查封或征收" in page.text
        form = {
            "ownership_confirmed": "yes" if confirm_ownership else "no",
            "opinion": "查档无争议，权属清晰" if confirm_ownership else "承包合同与权证不符",
        }
        ask = await post_form(embedded, b, durl, f"{durl}/pre-review", form)
        assert ask.status_code == 200 and "请确认" in ask.text
        assert (await listings(p))[0]["status"] == "pre_review"
        done = await post_form(embedded, b, durl, f"{durl}/pre-review", form | {"confirmed": "yes"})
        assert done.status_code == 303
        (after,) = await listings(p)
        if confirm_ownership:
            assert after["status"] == "pre_reviewed"
        else:
            assert after["status"] == "returned" and after["return_reasons"]
            await embedded.sign_in(b, "clerk")
            correct = await b.get(f"{url}/correct")
            assert "权属未经确认：承包合同与权证不符" in correct.text  # the department's words
            assert "县级前置审核" in correct.text


async def test_X4_the_department_page_refuses_a_decision_without_an_opinion(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        listing = await p.take_in_listing(
            seller_party_id=SELLER,
            seller_name="赵大山",
            title="无权证的集体资产",
            product="collective_assets",
            reserve_price="1000.00",
            deposit="100.00",
            increment="10.00",
        )
        await p.township_review(listing["id"])
        await embedded.sign_in(b, "department")
        durl = f"/console/department/listings/{listing['id']}"
        page = await b.get(durl)
        assert "没有权证编号" in page.text
        r = await post_form(embedded, b, durl, f"{durl}/pre-review", {"confirmed": "yes"})
        assert r.status_code == 422 and 'id="e-opinion"' in r.text
        assert 'id="e-ownership_confirmed"' in r.text
        assert (await listings(p))[0]["status"] == "pre_review"


async def test_L3_a_wrong_upload_is_deleted_after_confirming_and_only_before_submitting(
    embedded,
) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        await embedded.sign_in(b, "clerk")
        lid = await take_in(embedded, b)
        url = f"/console/township/listings/{lid}"
        docs = await p.request("listing", "GET", f"/listings/{lid}/documents", clerk())
        doc = next(d for d in docs if d["doc_type"] == "title_certificate")
        page = await b.get(url)
        assert f"{url}/documents/{doc['id']}/delete" in page.text
        action = f"{url}/documents/{doc['id']}/delete"
        ask = await post_form(embedded, b, url, action, {})
        assert (
            ask.status_code == 200 and "请确认" in ask.text and "title_certificate.pdf" in ask.text
        )
        assert len(await p.request("listing", "GET", f"/listings/{lid}/documents", clerk())) == 6
        done = await post_form(embedded, b, url, action, {"confirmed": "yes"})
        assert done.status_code == 303
        left = await p.request("listing", "GET", f"/listings/{lid}/documents", clerk())
        assert {d["doc_type"] for d in left} == set(DOCS) - {"title_certificate"}
        page = await b.get(url)
        assert "还缺 1 份必备材料" in page.text and 'id="f-title_certificate"' in page.text
        bogus = await post_form(embedded, b, url, f"{url}/documents/x1/delete", {})
        assert bogus.status_code == 404

        files = {
            "title_certificate": ("t.pdf", sample_file("application/pdf", "t"), "application/pdf")
        }
        await post_form(embedded, b, url, f"{url}/documents", {}, files=files)
        await post_form(embedded, b, url, f"{url}/submit", {"confirmed": "yes"})
        again = await p.request("listing", "GET", f"/listings/{lid}/documents", clerk())
        first = again[0]["id"]
        page = await b.get(url)
        assert "/delete" not in page.text  # submitted: nothing to delete
        late = await post_form(
            embedded, b, url, f"{url}/documents/{first}/delete", {"confirmed": "yes"}
        )
        assert late.status_code == 409 and 'role="alert"' in late.text
        assert len(await p.request("listing", "GET", f"/listings/{lid}/documents", clerk())) == 6


async def _returned(embedded, p, b, title: str, cert: str, **over: Any) -> str:
    """赵大山's listing ``title`` (9,000.00 元 reserve; ``over`` as the service takes it)
    returned by the window's review, the clerk signed in: the URL of its correction."""
    listing = await p.take_in_listing(
        seller_party_id=SELLER,
        seller_name="赵大山",
        title=title,
        right_certificate_no=cert,
        reserve_price="9000.00",
        deposit="900.00",
        increment="100.00",
        **over,
    )
    await p.township_review(listing["id"], approve=False)
    await embedded.sign_in(b, "clerk")
    return f"/console/township/listings/{listing['id']}/correct"


async def test_L4_a_correction_keeps_what_the_wizard_does_not_show(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        url = await _returned(
            embedded,
            p,
            b,
            "招标出租的承包地",
            "QYCON2001",
            mode="tender",
            tender_opening_at="2027-06-01T02:00:00+00:00",
        )
        form = wizard_form(
            title="招标出租的承包地", mode="tender", right_certificate_no="QYCON2001"
        )
        r = await post_form(embedded, b, url, url, form | {"reserve_price": "9500.00"})
        assert r.status_code == 303, r.text
        (after,) = await listings(p)
        assert after["reserve_price"] == "9500.00"
        opening = datetime.fromisoformat(after["tender_opening_at"])
        assert opening == datetime(2027, 6, 1, 2, 0, tzinfo=UTC)


# --- the construction-land step (L15/L16) and the site inspection (L21) ------------------
COLLECTIVE = generate_credit_code("5", "4", "620821")
#: Collective commercial construction land, 1000 m² of retail land of grade 1: the base
#: land price's range runs from 1,810,000 元, so a reserve of 1,800,000 元 warns (L16).
CONSTRUCTION = {
    "title": "村东集体经营性建设用地使用权出让",
    "product": "collective_construction_land",
    "way": "transfer",
    "mode": "ascending",
    "term_start": "2027-01-01",
    "term_end": "2066-12-31",
    "area_mu": "1.5",
    "location": "青阳县木镇镇村东",
    "right_certificate_no": "QYJS0001",
    "seller_kind": "collective",
    "seller_name": "村东村股份经济合作社",
    "seller_party_id": COLLECTIVE,
    "collective_id": "C-620821101-001",
    "reserve_price": "1800000.00",
    "deposit": "180000.00",
    "increment": "10000.00",
    "land_use": "commercial",
    "planning_conditions": "容积率≤1.5，建筑密度≤40%，绿地率≥20%",
    "spatial_plan_done": "yes",
    "ownership_registered": "yes",
    "area_m2": "1000",
    "price_class": "retail_commercial",
    "land_grade": "1",
    "appraisal_value": "2500000.00",
}
L15_KEPT = (
    "land_use",
    "planning_conditions",
    "spatial_plan_done",
    "ownership_registered",
    "converted_farmland",
    "area_m2",
    "price_class",
    "land_grade",
    "appraisal_value",
    "collective_id",
)


def _lid(r: Any) -> str:
    return re.search(r"/console/township/listings/([^#/]+)", r.headers["location"]).group(1)


async def _inspected(p, products: list[str], today: str) -> None:
    """The county lists the products inspected on site before the initial review (L21)."""
    await p.request(
        "listing",
        "PUT",
        "/county-parameters/620821/site_inspection_products",
        staff(),
        json={"value": products, "effective_from": today, "reason": "县交易中心规定"},
        expect=201,
    )


async def test_L15_L16_the_wizard_has_a_construction_land_step_and_warns_below_the_range(
    embedded,
) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        await embedded.sign_in(b, "clerk")
        wizard = await b.get("/console/township/new")
        step = re.search(
            r'<fieldset class="wizard-step" data-step="6" '
            r'data-product="collective_construction_land">.*?<div class="wizard-nav">',
            wizard.text,
            re.S,
        )
        assert step, "the construction-land step, marked for its product only"
        for name in ("land_use", "planning_conditions", "area_m2", "price_class", "land_grade"):
            assert f'id="f-{name}"' in step.group(0)
        assert 'id="f-spatial_plan_done" name="spatial_plan_done" type="checkbox"' in wizard.text
        assert '<label for="f-appraisal_value">' in wizard.text  # every field has its label

        # L15 refused at once, every problem on its field, in Chinese; nothing recorded
        bad = CONSTRUCTION | {"spatial_plan_done": "", "planning_conditions": " "}
        r = await post_form(embedded, b, "/console/township/new", "/console/township/new", bad)
        assert r.status_code == 422, r.text
        assert re.search(r'id="f-spatial_plan_done"[^>]*aria-invalid="true"', r.text)
        assert re.search(r'id="f-planning_conditions"[^>]*aria-invalid="true"', r.text)
        assert "须已编制国土空间规划" in r.text and "须附规划条件" in r.text
        assert 'value="村东集体经营性建设用地使用权出让"' in r.text  # the form is kept
        assert await listings(p) == []

        r = await post_form(
            embedded, b, "/console/township/new", "/console/township/new", CONSTRUCTION
        )
        assert r.status_code == 303, r.text
        (listing,) = await listings(p)
        assert listing["land_use"] == "commercial" and listing["land_grade"] == 1
        assert listing["spatial_plan_done"] and listing["ownership_registered"]
        assert not listing["converted_farmland"] and listing["area_m2"] == "1000"
        assert listing["appraisal_value"] == "2500000.00"
        page = await b.get(f"/console/township/listings/{_lid(r)}")
        assert page.status_code == 200
        # L16: a warning beside the reserve, not a refusal: the page goes on as usual
        warning = re.search(r'id="reference-warning".*?</section>', page.text, re.S).group(0)
        assert "底价低于基准地价变幅下限" in warning and "1,810,000.00 元" in warning
        assert 'role="alert"' not in page.text and 'id="upload-materials"' in page.text
        assert "容积率≤1.5" in page.text


async def test_L15_a_contracted_land_listing_sends_none_of_the_construction_fields(
    embedded,
) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        await embedded.sign_in(b, "clerk")
        # the step's fields are in the page (hidden by the script), but only construction
        # land sends them: the service never sees L15 facts of farmland
        form = wizard_form(land_use="industrial", spatial_plan_done="yes", land_grade="2")
        r = await post_form(embedded, b, "/console/township/new", "/console/township/new", form)
        assert r.status_code == 303, r.text
        (listing,) = await listings(p)
        assert listing["land_use"] is None and listing["land_grade"] is None
        assert listing["spatial_plan_done"] is False
        page = await b.get(f"/console/township/listings/{_lid(r)}")
        assert "reference-warning" not in page.text and "site-inspection" not in page.text


async def test_L15_L16_a_correction_keeps_the_construction_land_fields(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        await embedded.sign_in(b, "clerk")
        r = await post_form(
            embedded, b, "/console/township/new", "/console/township/new", CONSTRUCTION
        )
        lid = _lid(r)
        url = f"/console/township/listings/{lid}"
        files = {
            d: (f"{d}.pdf", sample_file("application/pdf", d), "application/pdf") for d in DOCS
        }
        r = await post_form(embedded, b, url, f"{url}/documents", {}, files=files)
        assert r.status_code == 303, r.text
        await p.request("listing", "POST", f"/listings/{lid}/submit", clerk(), json={})
        await p.township_review(lid, approve=False)
        (before,) = await listings(p)

        page = await b.get(f"{url}/correct")  # the wizard filled from the listing
        assert page.status_code == 200
        assert re.search(r'id="f-spatial_plan_done"[^>]*checked', page.text)
        assert not re.search(r'id="f-converted_farmland"[^>]*checked', page.text)
        assert "容积率≤1.5，建筑密度≤40%" in page.text
        assert re.search(r'<option value="retail_commercial" selected>', page.text)
        # the clerk changes the reserve only and saves the form as the page shows it
        shown = dict(
            re.findall(r'<input id="f-[^"]+" name="([^"]+)" type="text" value="([^"]*)"', page.text)
        )
        assert shown["area_m2"] == "1000" and shown["appraisal_value"] == "2500000.00"
        same = CONSTRUCTION | shown | {"reserve_price": "1900000.00"}
        r = await post_form(embedded, b, f"{url}/correct", f"{url}/correct", same)
        assert r.status_code == 303, r.text
        (after,) = await listings(p)
        assert after["reserve_price"] == "1900000.00"
        assert {k: after[k] for k in L15_KEPT} == {k: before[k] for k in L15_KEPT}
        for name in ("extension_seconds", "free_period_seconds", "description"):
            assert after[name] == before[name], name


async def test_L4_a_correction_keeps_the_extension_and_free_period_it_does_not_show(
    embedded,
) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        url = await _returned(
            embedded,
            p,
            b,
            "延时和免费期非默认的承包地",
            "QYCON3001",
            extension_seconds=600,
            free_period_seconds=7200,
            annual_transfer_price_per_mu="800.00",
        )
        form = wizard_form(title="延时和免费期非默认的承包地", right_certificate_no="QYCON3001")
        r = await post_form(embedded, b, url, url, form)
        assert r.status_code == 303, r.text
        (after,) = await listings(p)
        assert after["extension_seconds"] == 600 and after["free_period_seconds"] == 7200
        assert after["annual_transfer_price_per_mu"] == "800.00"


async def test_L21_the_site_inspection_step_appears_when_the_listing_needs_one(embedded) -> None:
    today = embedded.clock.now().date()
    async with embedded.platform() as p, embedded.browser() as b:
        await embedded.sign_in(b, "clerk")
        lid = await take_in(embedded, b)
        url = f"/console/township/listings/{lid}"
        assert 'id="site-inspection"' not in (await b.get(url)).text  # not listed yet
        await _inspected(p, ["contracted_land"], str(today))
        page = await b.get(url)
        section = re.search(r'id="site-inspection".*?</section>', page.text, re.S).group(0)
        assert "尚未记录现场勘察" in section
        # the date defaults to the server's today (its clock), never the browser's
        assert re.search(rf'id="f-inspected_on"[^>]*value="{today.isoformat()}"', section)
        assert 'class="upload-form inspection-form"' in section and "upload-progress" in section
        for name in ("inspector_name", "inspector_role", "boundary_matches", "photos"):
            assert f'<label for="f-{name}">' in section

        # the page's own check: every missing part at once, nothing sent
        action = f"{url}/site-inspections"
        r = await post_form(embedded, b, url, action, {"inspected_on": "明天"})
        assert r.status_code == 422
        for name in ("inspector_name", "inspected_on", "boundary_matches", "photos"):
            assert f'id="e-{name}"' in r.text, name
        assert await p.request("listing", "GET", f"/listings/{lid}/site-inspections", clerk()) == []

        # the service's check: a date after today is refused on its field, in Chinese
        photo = {"photos": ("east.jpg", sample_file("image/jpeg", "east"), "image/jpeg")}
        typed = {
            "inspector_name": "村级联络员王芳",
            "inspector_role": "village_liaison",
            "boundary_matches": "no",
            "boundary_note": "东至与权证不符",
        }
        late = typed | {"inspected_on": str(today + timedelta(days=1))}
        r = await post_form(embedded, b, url, action, late, files=photo)
        assert r.status_code == 422 and "勘察日期不能晚于今天" in r.text
        assert re.search(r'id="f-inspected_on"[^>]*aria-invalid="true"', r.text)

        # recorded: the photo uploaded before (kept as a site photo) and the boundary check
        r = await post_form(embedded, b, url, action, typed | {"inspected_on": str(today)})
        assert r.status_code == 303, r.text
        (one,) = await p.request("listing", "GET", f"/listings/{lid}/site-inspections", clerk())
        assert one["boundary_matches"] is False and len(one["photo_document_ids"]) == 1
        page = await b.get(url)
        assert "✗ 与申请不符" in page.text and "村级联络员王芳" in page.text
        assert "其他材料 <span" not in page.text  # a site photo is not an "other" material

        # submitted, the initial review is refused by L21: in Chinese, the step highlighted
        await p.request("listing", "POST", f"/listings/{lid}/submit", clerk(), json={})
        review = {"approve": "yes", "opinion": "同意上报", "confirmed": "yes"}
        r = await post_form(embedded, b, url, f"{url}/review", review)
        assert r.status_code == 422 and 'role="alert"' in r.text
        assert "现场勘察四至与申请不符（L21）" in r.text
        box = re.search(r'id="refusal".*?</div>', r.text, re.S).group(0)
        assert '<a href="#f-site_inspection">现场勘察</a>' in box, box
        assert re.search(r'class="card has-error" id="site-inspection"', r.text)
        assert (await listings(p))[0]["status"] == "submitted"  # nothing changed

        # inspected again (no more uploads once submitted: the photo on file is used)
        page = await b.get(url)
        assert 'id="f-photos" name="photos"' not in page.text and "1 张现场照片" in page.text
        r = await post_form(
            embedded,
            b,
            url,
            action,
            typed | {"inspected_on": str(today), "boundary_matches": "yes", "boundary_note": ""},
        )
        assert r.status_code == 303, r.text
        r = await post_form(embedded, b, url, f"{url}/review", review)
        assert r.status_code == 303, r.text
        assert (await listings(p))[0]["status"] == "pre_review"
