"""Liens: materials (R8), eligibility (R2–R5), valuation (R6), LTV (R7), registration and
ranking (R9), changes (R10), discharge (R11), compensation (R12), access (X3)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from registry_testkit import (
    AUTHORITY,
    BANK_A,
    BANK_B,
    BASE_DOCS,
    COUNTY,
    DEPT,
    SERVICE,
    STAFF,
    fields,
)

from common.ids import generate_resident_id
from testkit.testing import sample_file


async def junior_application(reg, right: dict, loan_amount: str, **kw: Any) -> dict:
    """Bank B's application for a second lien on the right, with the senior lienholder's
    consent (R9)."""
    return await reg.ready_application(
        right,
        bank=BANK_B,
        extra_docs=["consent_letter_A", "senior_consent"],
        loan_amount=loan_amount,
        **kw,
    )


async def test_R8_consent_letter_is_in_the_form_for_the_rights_origin(reg) -> None:
    co = generate_resident_id(COUNTY)
    family = await reg.right(co_owners=[{"party_id": co, "name": "李四"}])
    direct = await reg.transfer_right()
    via = await reg.transfer_right(via_collective=True)
    housing = await reg.right(right_type="farmer_housing")
    expected = {
        family["certificate_no"]: ("A", "通过家庭承包方式获得", "李四"),
        direct["certificate_no"]: ("C", "流出方（承包户）", "王五"),
        via["certificate_no"]: ("D", "委托本村将承包土地的经营权合法流转", "村（股份）经济合作社"),
    }
    for right in (family, direct, via):
        app = await reg.apply(right, loan_amount="80000.00")
        r = await reg.c.get(f"/lien-applications/{app['id']}/consent-letter", headers=BANK_A)
        assert r.status_code == 200, r.text
        form, phrase, signer = expected[right["certificate_no"]]
        assert r.json()["form"] == form
        text = r.json()["text"]
        assert phrase in text and signer in text
        assert "申请借款8万元" in text and right["certificate_no"] in text
        assert text.startswith("农业银行庆城支行：")
        checks = (await reg.c.get(f"/lien-applications/{app['id']}/checks", headers=BANK_A)).json()
        assert checks["required_consent_form"] == form
        assert {"field": f"documents.consent_letter_{form}", "rule": "R8"}.items() <= next(
            p for p in checks["problems"] if p["field"] == f"documents.consent_letter_{form}"
        ).items()
    app = await reg.apply(housing)
    r = await reg.c.get(f"/lien-applications/{app['id']}/consent-letter", headers=BANK_A)
    assert r.status_code == 422 and fields(r) == {("certificate_no", "R8")}


async def test_R8_every_material_and_every_co_owners_consent_is_required(reg) -> None:
    co1, co2 = generate_resident_id(COUNTY), generate_resident_id(COUNTY)
    right = await reg.right(
        co_owners=[{"party_id": co1, "name": "李四"}, {"party_id": co2, "name": "赵六"}]
    )
    app = await reg.apply(
        right, consenting_co_owners=[co1], agent_party_id=generate_resident_id(COUNTY)
    )
    assert (await reg.value(app["id"])).status_code == 200
    r = await reg.register(app["id"])
    assert r.status_code == 422
    assert fields(r) == {
        *{(f"documents.{k}", "R8") for k in BASE_DOCS},
        ("documents.consent_letter_A", "R8"),
        ("documents.power_of_attorney", "R8"),
        ("consenting_co_owners", "R8"),
    }


async def test_R2_R3_refusal_states_every_reason_at_once_and_changes_nothing(reg) -> None:
    right = await reg.right()
    cert = right["certificate_no"]
    app = await reg.ready_application(
        right,
        extra_docs=["consent_letter_A"],
        good_credit=False,
        full_civil_capacity=False,
        employer_informed=False,
    )
    for flag in ("disputed", "seized", "expropriation"):
        r = await reg.c.post(
            f"/rights/{cert}/flags",
            json={"flag": flag, "set": True, "reason": flag},
            headers=AUTHORITY,
        )
        assert r.status_code == 201
    r = await reg.register(app["id"])
    assert r.status_code == 422
    problems = [(e["field"], e["rule"]) for e in r.json()["errors"]]
    assert sorted(problems) == sorted(
        [
            ("full_civil_capacity", "R2"),
            ("good_credit", "R2"),
            ("employer_informed", "R2"),
            ("certificate_no", "R3"),
            ("certificate_no", "R3"),
            ("certificate_no", "R3"),
        ]
    )
    title = (await reg.c.get(f"/rights/{cert}/title-search", headers=SERVICE)).json()
    assert title["liens"] == []
    got = (await reg.c.get(f"/lien-applications/{app['id']}", headers=BANK_A)).json()
    assert got["status"] == "submitted" and got["lien_id"] is None
    assert await reg.outbox("registry.lien_registered") == []


async def test_R2_transferee_needs_capacity_contractor_consent_and_rent_paid(reg) -> None:
    right = await reg.transfer_right(rent_paid_until="2025-12-31")  # paid until before today
    app = await reg.apply(right)
    await reg.upload_all(app["id"], [*BASE_DOCS, "consent_letter_C"])
    r = await reg.value(
        app["id"], land={"area_mu": "20", "annual_price_per_mu": "600", "years": "1"}
    )
    # the paid years are used up: no remaining paid years to value
    assert r.status_code == 422 and fields(r) == {("land.years", "R6")}
    r = await reg.register(app["id"])
    assert {
        ("management_capacity", "R2"),
        ("contractor_consents", "R2"),
        ("certificate_no", "R2"),
        ("valuation", "R6"),
    } <= fields(r)
    ok_right = await reg.transfer_right()
    ok = await reg.apply(ok_right, management_capacity=True, contractor_consents=True)
    await reg.upload_all(ok["id"], [*BASE_DOCS, "consent_letter_C"])
    # transferred land: 20 mu × 2 paid years × 600 元 = 24,000 元 (no cap)
    r = await reg.value(
        ok["id"], land={"area_mu": "20", "annual_price_per_mu": "600", "years": "2"}
    )
    assert r.status_code == 200 and r.json()["total"] == "24000.00"
    lien = await reg.register(ok["id"])
    # a 50,000 元 loan on 24,000 元 is far above 60%: refused without a credit enhancement
    assert lien.status_code == 422 and fields(lien) == {("loan_amount", "R7")}


async def test_R5_lien_and_loan_cannot_outlast_the_rights_term(reg) -> None:
    right = await reg.transfer_right()  # term ends 2035-12-31
    app = await reg.apply(
        right,
        management_capacity=True,
        contractor_consents=True,
        loan_amount="10000.00",
        lien_term_end="2036-06-30",
        loan_term_end="2036-06-30",
    )
    await reg.upload_all(app["id"], [*BASE_DOCS, "consent_letter_C"])
    await reg.value(app["id"], land={"area_mu": "20", "annual_price_per_mu": "600", "years": "2"})
    r = await reg.register(app["id"])
    assert r.status_code == 422
    assert fields(r) == {("lien_term_end", "R5"), ("loan_term_end", "R5")}


async def test_R6_valuation_by_the_county_tables_with_method_and_panel_adjustments(reg) -> None:
    right = await reg.right()
    app = await reg.apply(right)
    shed = {
        "category": "greenhouse",
        "kind": "multi_span",
        "quantity": "1000",
        "unit_price": "150",
        "used_years": "2",
    }
    r = await reg.value(app["id"], attachments=[shed])
    # land 200,000 (capped) + 1000 m² × 150 × (1 − 2/10) = 120,000 → 320,000 元
    assert r.status_code == 200, r.text
    assert r.json()["land_value"] == "200000.00" and r.json()["total"] == "320000.00"
    assert r.json()["family_land_cap_per_mu"] == "10000.00"
    over = {**shed, "unit_price": "180"}
    r = await reg.value(app["id"], attachments=[over])
    assert r.status_code == 422 and fields(r) == {("attachments.0.unit_price", "R6")}
    r = await reg.value(
        app["id"], method="panel", attachments=[{**over, "adjustment_reason": "steel frame 2025"}]
    )
    assert r.status_code == 200 and r.json()["total"] == "344000.00"
    log = await reg.decisions("lien_application", app["id"])
    assert log[-1].data["adjustments"] == [{"index": 0, "reason": "steel frame 2025"}]
    appraiser = await reg.value(app["id"], method="appraiser")
    assert appraiser.status_code == 422 and fields(appraiser) == {("method", "R6")}
    too_long = await reg.value(
        app["id"], land={"area_mu": "20", "annual_price_per_mu": "100", "years": "30"}
    )
    assert fields(too_long) == {("land.years", "R6")}  # only ~22 contract years remain
    # a county raises the multi-span range from tomorrow: a new version of its tables
    tables = (await reg.c.get(f"/county-parameters/{COUNTY}", headers=AUTHORITY)).json()
    current = next(p for p in tables if p["key"] == "valuation_tables")["value"]
    for row in current["greenhouses"]:
        if row["kind"] == "multi_span":
            row["max_price"] = "200.00"
    tomorrow = reg.today + timedelta(days=1)
    await reg.set_parameter("valuation_tables", current, "2026 price survey", tomorrow)
    assert (await reg.value(app["id"], attachments=[over])).status_code == 422  # not yet
    reg.clock.advance(days=1)
    r = await reg.value(app["id"], attachments=[over])
    assert r.status_code == 200 and r.json()["tables_version"] == 1


async def test_R7_loan_to_value_50_normal_60_max_more_only_with_enhancement(reg) -> None:
    right = await reg.right()  # appraised at 200,000 元
    cases = [
        ("100000.00", None, 0, True),
        ("100000.01", None, 0, False),
        ("120000.00", "good record", 0, True),
        ("120000.01", "good record", 0, False),
        ("140000.00", "good record", 1, True),
        ("140000.01", "good record", 1, False),
    ]
    for amount, reason, enh, ok in cases:
        app = await reg.ready_application(
            right, extra_docs=["consent_letter_A"], loan_amount=amount, above_normal_reason=reason
        )
        for i in range(enh):
            r = await reg.c.post(
                f"/lien-applications/{app['id']}/credit-enhancements",
                json={"kind": "guarantee_company", "provider": "甘肃省农担", "reference": f"G{i}"},
                headers=BANK_A,
            )
            assert r.status_code == 201
        checks = (await reg.c.get(f"/lien-applications/{app['id']}/checks", headers=BANK_A)).json()
        rules = {p["rule"] for p in checks["problems"]}
        assert ("R7" not in rules) is ok, (amount, checks)


async def test_R9_registration_annotates_publishes_and_refuses_a_duplicate_mortgage(reg) -> None:
    right = await reg.right()
    cert = right["certificate_no"]
    lien = await reg.lien(right)
    assert lien["rank"] == 1 and lien["status"] == "active"
    assert "他项权利" in lien["annotation"] and "农业银行庆城支行" in lien["annotation"]
    assert cert in lien["publicity"]["text"] and lien["publicity"]["published_at"]
    got = (await reg.c.get(f"/rights/{cert}", headers=STAFF)).json()
    assert got["encumbrances"] == [lien["annotation"]]
    events = await reg.outbox("registry.lien_registered")
    assert [(e["lien_id"], e["lender_org_id"], e["secured_amount"], e["rank"]) for e in events] == [
        (lien["id"], "abc-qingyang", "50000.00", 1)
    ]
    assert (await reg.decisions("lien", lien["id"]))[0].action == "lien.registered"
    public = await reg.c.get("/publicity", params={"county": COUNTY}, headers=BANK_B)
    assert [(p["certificate_no"], p["holder"], p["secured_amount"]) for p in public.json()] == [
        (cert, "张*", "50000.00")
    ]
    assert right["holder_party_id"] not in public.text
    # a second mortgage without the senior's written consent: 重复抵押
    second = await reg.ready_application(right, bank=BANK_B, extra_docs=["consent_letter_A"])
    r = await reg.register(second["id"])
    assert r.status_code == 422 and fields(r) == {("certificate_no", "R9")}


async def test_R9_the_mortgage_publicity_is_readable_without_a_token_and_masked(reg) -> None:
    right = await reg.right()
    await reg.lien(right)
    public = await reg.c.get("/publicity", params={"county": COUNTY})  # no token
    assert public.status_code == 200, public.text
    assert [(p["certificate_no"], p["holder"]) for p in public.json()] == [
        (right["certificate_no"], "张*")
    ]
    assert right["holder_party_id"] not in public.text and right["holder_name"] not in public.text
    bad = await reg.c.get("/publicity", params={"county": "x' or 1=1"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "county"


async def test_R9_junior_lien_with_senior_consent_while_the_value_covers_all_debts(reg) -> None:
    right = await reg.right()  # appraised 200,000 元
    senior = await reg.lien(right, loan_amount="100000.00")
    # 100,000 + 100,000.01 > 200,000: not covered even with consent
    big = await junior_application(reg, right, "100000.01", above_normal_reason="x")
    r = await reg.register(big["id"])
    assert ("loan_amount", "R9") in fields(r)
    junior_app = await junior_application(reg, right, "100000.00")
    reg.clock.advance(hours=1)
    r = await reg.register(junior_app["id"])
    assert r.status_code == 201, r.text
    junior = r.json()
    assert junior["rank"] == 2
    title = (
        await reg.c.get(f"/rights/{right['certificate_no']}/title-search", headers=SERVICE)
    ).json()
    assert [(x["lien_id"], x["rank"]) for x in title["liens"]] == [
        (senior["id"], 1),
        (junior["id"], 2),
    ]
    # R11: the senior is repaid; the junior moves up, the senior's history stays
    r = await reg.discharge(senior["id"])
    assert r.status_code == 200 and r.json()["status"] == "discharged"
    title = (
        await reg.c.get(f"/rights/{right['certificate_no']}/title-search", headers=SERVICE)
    ).json()
    assert [(x["lien_id"], x["rank"]) for x in title["liens"]] == [(junior["id"], 1)]
    old = (await reg.c.get(f"/liens/{senior['id']}", headers=BANK_A)).json()
    assert old["discharge_reason"] == "repaid" and old["discharged_at"]
    hist = (await reg.c.get(f"/rights/{right['certificate_no']}/history", headers=STAFF)).json()
    assert [h["action"] for h in hist][-3:] == ["encumbered", "encumbered", "encumbrance_removed"]
    events = await reg.outbox("registry.lien_discharged")
    assert [(e["lien_id"], e["reason"]) for e in events] == [(senior["id"], "repaid")]
    again = await reg.discharge(senior["id"], AUTHORITY, note="twice")
    assert again.status_code == 409 and again.json()["rule"] == "R11"


async def test_R10_a_change_registered_after_30_days_is_flagged_overdue(reg) -> None:
    lien = await reg.lien()
    on_time = reg.today - timedelta(days=30)
    r = await reg.change(
        lien["id"],
        changed_on=on_time,
        secured_amount="40000.00",
        reason="partial repayment",
        version=1,
    )
    assert r.status_code == 201, r.text
    assert r.json()["changes"][-1]["overdue"] is False and r.json()["secured_amount"] == "40000.00"
    late = reg.today - timedelta(days=31)
    r = await reg.change(
        lien["id"], changed_on=late, secured_amount="30000.00", reason="second repayment", version=2
    )
    assert r.status_code == 201
    assert r.json()["changes"][-1]["overdue"] is True and r.json()["changes"][-1]["days_late"] == 1
    events = await reg.outbox("registry.lien_changed")
    assert [(e["secured_amount"], e["overdue"]) for e in events] == [
        ("40000.00", False),
        ("30000.00", True),
    ]
    stale = await reg.change(
        lien["id"], changed_on=reg.today, secured_amount="1.00", reason="stale", version=2
    )
    assert stale.status_code == 409
    assert (
        await reg.change(
            lien["id"],
            changed_on=reg.today,
            secured_amount="1.00",
            reason="too long",
            version=3,
            term_end="2048-01-01",
        )
    ).status_code == 422


async def test_R12_expropriation_compensation_pays_the_lienholders_first(reg) -> None:
    right = await reg.right()
    cert = right["certificate_no"]
    senior = await reg.lien(right, loan_amount="60000.00", above_normal_reason=None)
    junior_app = await junior_application(reg, right, "30000.00")
    reg.clock.advance(minutes=5)
    junior = (await reg.register(junior_app["id"])).json()
    body = {"amount": "80000.00", "reference": "征收补偿决定 2026-9"}
    r = await reg.c.post(f"/rights/{cert}/expropriation-compensation", json=body, headers=DEPT)
    assert r.status_code == 422 and fields(r) == {("certificate_no", "R12")}
    await reg.c.post(
        f"/rights/{cert}/flags",
        json={"flag": "expropriation", "set": True, "reason": "announced 2026-1"},
        headers=DEPT,
    )
    r = await reg.c.post(f"/rights/{cert}/expropriation-compensation", json=body, headers=DEPT)
    assert r.status_code == 201, r.text
    assert r.json()["payouts"] == [
        {"payee": "bank:abc-qingyang", "lien_id": senior["id"], "rank": 1, "amount": "60000.00"},
        {"payee": "bank:rcc-qingyang", "lien_id": junior["id"], "rank": 2, "amount": "20000.00"},
    ]
    r = await reg.c.post(
        f"/rights/{cert}/expropriation-compensation",
        json={"amount": "100000.00", "reference": "补充"},
        headers=DEPT,
    )
    assert r.json()["payouts"][-1] == {
        "payee": right["holder_party_id"],
        "lien_id": None,
        "amount": "10000.00",
    }


async def test_X3_a_bank_sees_only_its_own_liens_and_applications(reg) -> None:
    mine = await reg.lien()
    other_right = await reg.right()
    theirs_app = await reg.ready_application(
        other_right, bank=BANK_B, extra_docs=["consent_letter_A"]
    )
    theirs = (await reg.register(theirs_app["id"])).json()
    a_liens = (await reg.c.get("/liens", headers=BANK_A)).json()
    assert [x["id"] for x in a_liens] == [mine["id"]]
    assert (await reg.c.get(f"/liens/{theirs['id']}", headers=BANK_A)).status_code == 403
    assert (
        await reg.c.get(f"/lien-applications/{theirs_app['id']}", headers=BANK_A)
    ).status_code == 403
    a_apps = (await reg.c.get("/lien-applications", headers=BANK_A)).json()
    assert theirs_app["id"] not in {a["id"] for a in a_apps}
    assert (await reg.upload(theirs_app["id"], "certificate", BANK_A)).status_code == 403
    assert (await reg.discharge(theirs["id"], reason="waived", note="x")).status_code == 403
    staff = (await reg.c.get("/liens", headers=STAFF)).json()
    assert {x["id"] for x in staff} == {mine["id"], theirs["id"]}
    # only the registration authority registers
    app = await reg.ready_application(await reg.right(), extra_docs=["consent_letter_A"])
    assert (
        await reg.c.post(f"/lien-applications/{app['id']}/register", headers=BANK_A)
    ).status_code == 403


async def test_X4_a_bad_application_is_a_problem_and_changes_nothing(reg) -> None:
    right = await reg.right()
    body = reg.application_body(
        right,
        borrower_party_id=generate_resident_id(COUNTY),  # not the holder
        consenting_co_owners=["someone"],
    )
    r = await reg.c.post("/lien-applications", json=body, headers=BANK_A)
    assert r.status_code == 422
    assert fields(r) == {("borrower_party_id", "R2"), ("consenting_co_owners", "R8")}
    r = await reg.c.post(
        "/lien-applications",
        json=reg.application_body(right, loan_amount="12.345", loan_term_end="soon"),
        headers=BANK_A,
    )
    assert r.status_code == 422 and {f for f, _ in fields(r)} == {"loan_amount", "loan_term_end"}
    assert (await reg.c.get("/lien-applications", headers=BANK_A)).json() == []
    app = await reg.apply(right)
    r = await reg.c.post(
        f"/lien-applications/{app['id']}/documents",
        data={"kind": "certificate"},
        files={"file": ("empty.pdf", b"", "application/pdf")},
        headers=BANK_A,
    )
    assert r.status_code == 422 and fields(r) == {("file", "R8")}
    got = (await reg.c.get(f"/lien-applications/{app['id']}", headers=BANK_A)).json()
    assert got["documents"] == []


async def test_R9_the_authority_refuses_with_every_open_reason_recorded(reg) -> None:
    right = await reg.right()
    app = await reg.apply(right, good_credit=False)
    r = await reg.c.post(
        f"/lien-applications/{app['id']}/refuse", json={"reason": "材料不全"}, headers=BANK_A
    )
    assert r.status_code == 403
    r = await reg.c.post(
        f"/lien-applications/{app['id']}/refuse", json={"reason": "材料不全"}, headers=AUTHORITY
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "refused"
    assert {(p["field"], p["rule"]) for p in r.json()["refusals"]} >= {
        ("good_credit", "R2"),
        ("valuation", "R6"),
        ("documents.loan_contract", "R8"),
    }
    log = await reg.decisions("lien_application", app["id"])
    assert [d.action for d in log] == ["lien.registration_refused"]
    assert (await reg.register(app["id"])).status_code == 409


async def test_X3_county_staff_only_in_their_county_and_roles_by_endpoint(reg) -> None:
    from registry_testkit import CLERK, OTHER_AUTHORITY, auth

    right = await reg.right()
    cert = right["certificate_no"]
    supervisor = auth("supervisor", org_type="county", org_id=COUNTY)
    assert (await reg.c.get(f"/rights/{cert}", headers=supervisor)).status_code == 200
    assert (await reg.c.get(f"/rights/{cert}", headers=OTHER_AUTHORITY)).status_code == 403
    assert (
        await reg.c.patch(
            f"/rights/{cert}",
            json={"version": 1, "reason": "x", "location": "y"},
            headers=OTHER_AUTHORITY,
        )
    ).status_code == 403
    assert (await reg.c.get(f"/rights/{cert}/title-search", headers=CLERK)).status_code == 403
    assert (await reg.c.get(f"/rights/{cert}", headers=CLERK)).status_code == 403
    other_bank = auth("lender", org_type="bank", org_id="abc-other", county="620822")
    r = await reg.c.post("/lien-applications", json=reg.application_body(right), headers=other_bank)
    assert r.status_code == 403
    assert (await reg.c.get(f"/rights/{cert}")).status_code == 401


async def test_X1_a_replayed_application_with_the_same_idempotency_key_is_one_application(
    reg,
) -> None:
    right = await reg.right()
    body = reg.application_body(right)
    headers = {**BANK_A, "Idempotency-Key": "apply-2026-0001"}
    first = await reg.c.post("/lien-applications", json=body, headers=headers)
    second = await reg.c.post("/lien-applications", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert first.json()["id"] == second.json()["id"]
    assert len((await reg.c.get("/lien-applications", headers=BANK_A)).json()) == 1


async def test_R8_the_authority_reads_each_material_as_the_bank_uploaded_it(reg) -> None:
    right = await reg.right()
    app = await reg.apply(right)
    r = await reg.upload(app["id"], "certificate")
    assert r.status_code == 201, r.text
    doc = r.json()
    url = f"/lien-applications/{app['id']}/documents/{doc['id']}"
    for reader in (AUTHORITY, BANK_A):
        got = await reg.c.get(url, headers=reader)
        assert got.status_code == 200
        assert got.content == sample_file(text=f"certificate {app['id']}")
        assert got.headers["content-type"] == "application/pdf"
        assert got.headers["x-content-type-options"] == "nosniff"
    # X3: another bank reads neither the application nor its materials
    assert (await reg.c.get(url, headers=BANK_B)).status_code == 403
    other = await reg.apply(await reg.right())
    wrong = f"/lien-applications/{other['id']}/documents/{doc['id']}"
    assert (await reg.c.get(wrong, headers=AUTHORITY)).status_code == 404


async def test_X3_only_a_bank_or_the_county_discharges_with_the_one_refusal(reg) -> None:
    """A registration authority of a township (neither the lien's bank nor the county)
    is refused with the one X3 refusal, ``other-organization`` — not a code of its own."""
    from testkit.testing import auth

    township = auth("registration_authority", org_type="township", org_id="620821101")
    r = await reg.c.post(
        "/liens/no-such-lien/discharge",
        json={"reason": "repaid", "note": "loan repaid"},
        headers=township,
    )
    assert r.status_code == 403, r.text
    assert r.json()["type"].endswith("/other-organization") and r.json()["rule"] == "X3"


async def test_X3_application_list_filters_sorts_and_pages_for_the_consoles(reg) -> None:
    """The bank's and the authority's work queues: status, text, sort and page on the
    server, the total in X-Total-Count; a bank still sees only its own."""
    rights = [await reg.right() for _ in range(3)]
    a1 = await reg.apply(rights[0], loan_amount="30000.00")
    a2 = await reg.apply(rights[1], loan_amount="10000.00")
    await reg.apply(rights[2], bank=BANK_B, loan_amount="20000.00")
    r = await reg.c.post(
        f"/lien-applications/{a1['id']}/refuse", json={"reason": "材料不全"}, headers=AUTHORITY
    )
    assert r.status_code == 200, r.text

    r = await reg.c.get("/lien-applications", params={"status": "submitted"}, headers=AUTHORITY)
    assert r.status_code == 200 and r.headers["X-Total-Count"] == "2"
    assert {a["status"] for a in r.json()} == {"submitted"}
    assert all(a["created_at"] for a in r.json())  # the queues' oldest-first column
    r = await reg.c.get(
        "/lien-applications", params={"sort": "-loan_amount", "limit": 1}, headers=AUTHORITY
    )
    assert r.headers["X-Total-Count"] == "3" and [a["loan_amount"] for a in r.json()] == [
        "30000.00"
    ]
    r = await reg.c.get(
        "/lien-applications", params={"q": rights[1]["certificate_no"]}, headers=AUTHORITY
    )
    assert [a["id"] for a in r.json()] == [a2["id"]]

    mine = await reg.c.get("/lien-applications", params={"sort": "loan_amount"}, headers=BANK_A)
    assert mine.headers["X-Total-Count"] == "2"
    assert [a["id"] for a in mine.json()] == [a2["id"], a1["id"]]

    for bad in ({"sort": "lender_org_id"}, {"status": "approved"}):
        r = await reg.c.get("/lien-applications", params=bad, headers=AUTHORITY)
        assert r.status_code == 422 and r.headers["content-type"].startswith(
            "application/problem+json"
        )


async def test_R9_the_checks_preview_the_annotation_the_registration_will_write(reg) -> None:
    right = await reg.right()
    first = await reg.ready_application(right, extra_docs=["consent_letter_A"])
    assert (await reg.register(first["id"])).status_code == 201
    app = await reg.apply(right, loan_amount="20000.00")
    checks = await reg.c.get(f"/lien-applications/{app['id']}/checks", headers=AUTHORITY)
    assert checks.status_code == 200, checks.text
    preview = checks.json()["annotation_preview"]
    assert "第 2 顺位" in preview and "担保债权 20000.00 元" in preview
    assert "农业银行庆城支行" in preview and "（登记时编号）" in preview
    done = await reg.c.get(f"/lien-applications/{first['id']}/checks", headers=AUTHORITY)
    assert done.json()["annotation_preview"] is None  # registered: the lien has the real one


async def test_X2_the_audit_trail_of_an_application_and_its_lien_is_readable(reg) -> None:
    right = await reg.right()
    app = await reg.ready_application(right, extra_docs=["consent_letter_A"])
    lien = (await reg.register(app["id"])).json()
    for path in (f"/lien-applications/{app['id']}/decisions", f"/liens/{lien['id']}/decisions"):
        r = await reg.c.get(path, headers=STAFF)
        assert r.status_code == 200, r.text
        assert r.json() and all(d["decided_at"] and d["actor_subject"] for d in r.json())
        assert (await reg.c.get(path, headers=BANK_A)).status_code == 200  # its own bank
        assert (await reg.c.get(path, headers=BANK_B)).status_code in (403, 404)  # not another
    trail = (await reg.c.get(f"/liens/{lien['id']}/decisions", headers=STAFF)).json()
    assert any("regist" in d["action"] for d in trail)
