"""G5 pipeline — survey sheet → file → class → recommendation → due diligence → approvals →
public notice → township and county recommendation → contract → drawdown; G3/G4 limits."""

from __future__ import annotations

from guarantee_helpers import (
    AGRI,
    BANK,
    CLERK,
    GUARANTOR,
    LENDER,
    OTHER_CLERK,
    OTHER_LENDER,
    approve,
    approved,
    bank_entry,
    diligence,
    enterprise,
    issued,
    ok,
    person,
    recommended,
    reject,
    run_timers,
)
from sqlalchemy import select

from common.audit import decisions_of
from common.context import session_context
from testkit.testing import sample_file

NOTICE = {"complaint_phone": "0566-5021234", "places": "蓉城镇政府、青峰村"}


async def test_G5_the_whole_pipeline_each_step_by_its_role(client) -> None:
    gid = await approved(client, person(1))
    g = ok(await client.get(f"/guarantees/{gid}", headers=GUARANTOR))
    assert g["state"] == "approved" and g["bank_approved"] and g["guarantor_approved"]
    # the township posts the notice; the county committee cannot skip it
    early = await client.post(f"/guarantees/{gid}/county-recommendation", json={}, headers=AGRI)
    assert early.status_code == 409 and early.json()["rule"] == "G5"
    g = ok(await client.post(f"/guarantees/{gid}/notice", json=NOTICE, headers=CLERK))
    assert g["state"] == "in_notice" and g["complaint_phone"] == "0566-5021234"
    public = ok(await client.get("/notices?county=620821"))  # no token: the notice is public
    assert [
        (n["guarantee_id"], n["borrower"], n["complaint_phone"], n["amount"]) for n in public
    ] == [(gid, "张*****", "0566-5021234", "1000000.00")]
    assert public[0]["party_id"] == person(1)[:6] + "********" + person(1)[-4:]
    await run_timers(client, 6)
    assert ok(await client.get(f"/guarantees/{gid}", headers=CLERK))["state"] == "in_notice"
    await run_timers(client, 1)  # the 7-day minimum (county parameter) is over
    assert ok(await client.get(f"/guarantees/{gid}", headers=CLERK))["state"] == "notice_passed"
    ok(await client.post(f"/guarantees/{gid}/township-recommendation", json={}, headers=CLERK))
    ok(await client.post(f"/guarantees/{gid}/county-recommendation", json={}, headers=AGRI))
    g = ok(await client.post(f"/guarantees/{gid}/contract", headers=GUARANTOR))
    assert g["state"] == "issued"
    assert g["fee"] == "10000.00"  # 1,000,000 × 1.0%
    g = ok(
        await bank_entry(
            client, gid, "drawdowns", {"amount": "600000", "bank_reference": "D-1"}, "k1"
        ),
        201,
    )
    assert g["state"] == "active" and g["outstanding"] == "600000.00"
    async with client.runtime.transaction() as s:
        actions = [d.action for d in await decisions_of(s, "guarantee", gid)]
        outbox = session_context(s).infra.outbox
        types = list(await s.scalars(select(outbox.c.event_type)))
    assert actions[:3] == [
        "guarantee.recommended",
        "guarantee.diligence_reported",
        "guarantee.approved",
    ]
    assert "guarantee.issued" in actions and "guarantee.notice_passed" in actions
    assert "guarantee.guarantee_issued" in types


async def test_G5_objections_must_be_resolved_before_the_notice_passes(client) -> None:
    gid = await approved(client, person(2))
    ok(await client.post(f"/guarantees/{gid}/notice", json=NOTICE, headers=CLERK))
    o = ok(
        await client.post(
            f"/guarantees/{gid}/objections", json={"text": "举报：虚报规模"}, headers=CLERK
        ),
        201,
    )
    await run_timers(client, 10)
    assert ok(await client.get(f"/guarantees/{gid}", headers=CLERK))["state"] == "in_notice"
    blocked = await client.post(
        f"/guarantees/{gid}/township-recommendation", json={}, headers=CLERK
    )
    assert blocked.status_code == 409
    ok(
        await client.post(
            f"/guarantees/{gid}/objections/{o['id']}/resolution",
            json={"upheld": False, "resolution": "经核实，规模属实"},
            headers=CLERK,
        )
    )
    g = ok(await client.get(f"/guarantees/{gid}", headers=CLERK))
    assert g["state"] == "notice_passed" and g["objections"][0]["upheld"] is False


async def test_G5_an_upheld_objection_ends_the_application(client) -> None:
    gid = await approved(client, person(3))
    ok(await client.post(f"/guarantees/{gid}/notice", json=NOTICE, headers=CLERK))
    o = ok(
        await client.post(f"/guarantees/{gid}/objections", json={"text": "冒名"}, headers=CLERK),
        201,
    )
    ok(
        await client.post(
            f"/guarantees/{gid}/objections/{o['id']}/resolution",
            json={"upheld": True, "resolution": "冒名属实"},
            headers=CLERK,
        )
    )
    assert ok(await client.get(f"/guarantees/{gid}", headers=CLERK))["state"] == "rejected"
    assert (await run_timers(client, 7)) == 1  # the timer fires and changes nothing
    assert ok(await client.get(f"/guarantees/{gid}", headers=CLERK))["state"] == "rejected"


async def test_G5_each_step_by_its_role_and_organization_only(client) -> None:
    gid = await recommended(client, person(4))
    assert (await diligence(client, gid, headers=OTHER_LENDER)).status_code == 403
    assert (await diligence(client, gid, headers=GUARANTOR)).status_code == 403
    report = f"/guarantees/{gid}/due-diligence/report"
    assert (await client.get(report, headers=GUARANTOR)).status_code == 404  # none yet
    ok(await diligence(client, gid))
    for reader in (GUARANTOR, LENDER):  # G5: read before the approvals
        got = await client.get(report, headers=reader)
        assert got.status_code == 200 and got.content == sample_file(
            "application/pdf", "due diligence"
        )
        assert got.headers["content-type"] == "application/pdf"
        assert got.headers["content-disposition"] == "attachment; filename*=UTF-8''report.pdf"
    # the borrower's finances: not another bank, not the township window (X3)
    for outsider in (OTHER_LENDER, CLERK):
        assert (await client.get(report, headers=outsider)).status_code == 403
    r = await approve(client, gid, CLERK)
    assert r.status_code == 403
    ok(await approve(client, gid, LENDER))
    ok(await approve(client, gid, GUARANTOR, "0.012"))
    r = await client.post(f"/guarantees/{gid}/notice", json=NOTICE, headers=OTHER_CLERK)
    assert r.status_code == 403
    r = await client.post(f"/guarantees/{gid}/notice", json=NOTICE, headers=LENDER)
    assert r.status_code == 403


async def test_G5_only_credit_candidates_are_recommended(client) -> None:
    from guarantee_helpers import borrower_id, import_rows, row

    await import_rows(client, row(person(5), haves="111110"))
    bid = await borrower_id(client, person(5))
    r = await client.post(
        "/guarantees/recommendations",
        json={"lender_org_id": BANK, "borrower_ids": [bid]},
        headers=GUARANTOR,
    )
    assert r.status_code == 422
    assert r.json()["errors"][0] == {
        "field": "borrower_ids.0",
        "rule": "G5",
        "message": "only credit candidates are recommended",
        "message_zh": "只推荐信贷备选类主体",
    }
    assert ok(await client.get("/guarantees", headers=GUARANTOR)) == []


async def test_G3_amount_between_100000_and_2000000_across_live_guarantees(client) -> None:
    gid = await recommended(client, person(6))
    low = await diligence(client, gid, amount="99999.99")
    assert low.status_code == 422 and low.json()["errors"][0]["rule"] == "G3"
    high = await diligence(client, gid, amount="2000000.01")
    assert high.status_code == 422 and high.json()["errors"][0]["rule"] == "G3"
    assert ok(await client.get(f"/guarantees/{gid}", headers=LENDER))["state"] == "recommended"
    ok(await diligence(client, gid, amount="2000000"))
    # a second guarantee of the same borrower counts the first one's balance
    first = await issued(client, person(7), "1500000")
    ok(
        await bank_entry(
            client, first, "drawdowns", {"amount": "1500000", "bank_reference": "D"}, "kd"
        ),
        201,
    )
    second = await recommended(client, person(7))
    r = await diligence(client, second, amount="500000.01")
    assert r.status_code == 422
    assert "2000000.01" in r.json()["errors"][0]["message"]
    ok(
        await bank_entry(
            client, first, "repayments", {"principal": "0.01", "bank_reference": "R"}, "kr"
        ),
        201,
    )
    ok(await diligence(client, second, amount="500000.01"))


async def test_G3_a_leading_enterprise_up_to_10000000(client) -> None:
    gid = await recommended(client, enterprise(), kind="leading_enterprise")
    assert (await diligence(client, gid, amount="10000000.01")).status_code == 422
    ok(await diligence(client, gid, amount="10000000"))


async def test_G4_loan_rate_at_most_base_times_1_2_and_fee_at_most_1_2_percent(client) -> None:
    gid = await recommended(client, person(8))
    r = await diligence(client, gid, loan_rate="0.0523")  # base 4.35% × 1.2 = 5.22%
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "loan_rate"
    assert r.json()["errors"][0]["rule"] == "G4"
    ok(await diligence(client, gid, loan_rate="0.0522"))
    r = await approve(client, gid, GUARANTOR, "0.0121")
    assert r.status_code == 422 and r.json()["errors"][0]["rule"] == "G4"
    g = ok(await client.get(f"/guarantees/{gid}", headers=GUARANTOR))
    assert g["fee_rate"] is None and not g["guarantor_approved"]


async def test_G4_fee_is_exact_to_the_fen(client) -> None:
    gid = await recommended(client, person(9))
    ok(await diligence(client, gid, amount="123456.78"))
    ok(await approve(client, gid, LENDER))
    ok(await approve(client, gid, GUARANTOR, "0.012"))
    ok(await client.post(f"/guarantees/{gid}/notice", json=NOTICE, headers=CLERK))
    await run_timers(client, 7)
    ok(await client.post(f"/guarantees/{gid}/township-recommendation", json={}, headers=CLERK))
    ok(await client.post(f"/guarantees/{gid}/county-recommendation", json={}, headers=AGRI))
    g = ok(await client.post(f"/guarantees/{gid}/contract", headers=GUARANTOR))
    assert g["fee"] == "1481.48"  # 123,456.78 × 1.2% = 1,481.48136


async def test_G5_post_loan_monitoring_is_shared_by_all_parties(client) -> None:
    gid = await issued(client, person(10))
    for headers, kind in (
        (CLERK, "visit"),
        (LENDER, "note"),
        (GUARANTOR, "warning"),
        (AGRI, "visit"),
    ):
        ok(
            await client.post(
                f"/guarantees/{gid}/monitoring",
                json={"kind": kind, "note": "实地查看：水稻长势正常"},
                headers=headers,
            ),
            201,
        )
    r = await client.post(
        f"/guarantees/{gid}/monitoring", json={"kind": "visit", "note": "x"}, headers=OTHER_LENDER
    )
    assert r.status_code == 403
    g = ok(await client.get(f"/guarantees/{gid}", headers=CLERK))
    assert [m["recorded_org"] for m in g["monitoring"]] == [
        "township:620821101",
        "bank:BANK-A",
        "guarantor:AHNDB-QY",
        "county:620821",
    ]


async def test_X3_a_bank_reads_the_file_of_a_borrower_recommended_to_it(client) -> None:
    gid = await recommended(client, person(11))
    bid = ok(await client.get(f"/guarantees/{gid}", headers=LENDER))["borrower_id"]
    assert ok(await client.get(f"/borrowers/{bid}", headers=LENDER))["party_id"] == person(11)
    assert (await client.get(f"/borrowers/{bid}", headers=OTHER_LENDER)).status_code == 403


async def test_X2_the_supervisor_reads_the_audit_trail_of_a_guarantee(client) -> None:
    gid = await recommended(client, person(12))
    r = await reject(client, gid, LENDER, "资料不全")
    assert r.status_code == 409  # no due diligence yet: nothing to approve
    ok(await diligence(client, gid))
    ok(await reject(client, gid, LENDER, "资料不全"))
    from guarantee_helpers import SUPERVISOR

    trail = ok(await client.get(f"/guarantees/{gid}/decisions", headers=SUPERVISOR))
    assert [(d["action"], d["actor_org"], d["reason"]) for d in trail] == [
        ("guarantee.recommended", "guarantor:AHNDB-QY", None),
        ("guarantee.diligence_reported", "bank:BANK-A", None),
        ("guarantee.rejected", "bank:BANK-A", "资料不全"),
    ]
    assert (
        await client.get(f"/guarantees/{gid}/decisions", headers=OTHER_LENDER)
    ).status_code == 403


async def test_G15_the_four_truths_each_attested_or_the_due_diligence_is_refused(client) -> None:
    gid = await recommended(client, person(7))
    form = {
        "amount": "3000000",  # over the 2,000,000 balance cap (G3): reported with the truths
        "loan_rate": "0.05",
        "term_months": "12",
        "summary": "经营正常",
        "truth_information": "摸底表与银行流水一致",
        "truth_identity": "身份证件核验一致",
        "truth_purpose": "   ",  # blank is not an attestation
    }
    report = ("report.pdf", sample_file("application/pdf", "dd"), "application/pdf")
    r = await client.post(
        f"/guarantees/{gid}/due-diligence", files={"report": report}, data=form, headers=LENDER
    )
    assert r.status_code == 422, r.text
    fields = {(e["field"], e["rule"]) for e in r.json()["errors"]}
    assert {("truth_purpose", "G15"), ("truth_operation", "G15")} <= fields
    assert any(rule == "G3" for _, rule in fields)  # every reason at once (X4)
    assert "借款用途真实" in r.text
    g = ok(await client.get(f"/guarantees/{gid}", headers=GUARANTOR))
    assert (g["state"], g["diligence_truths"]) == ("recommended", None)  # nothing changed

    ok(await diligence(client, gid))
    g = ok(await client.get(f"/guarantees/{gid}", headers=GUARANTOR))
    assert g["state"] == "diligence_reported"
    assert sorted(g["diligence_truths"]) == ["identity", "information", "operation", "purpose"]
    assert g["diligence_truths"]["purpose"] == "用于购买种子化肥"
