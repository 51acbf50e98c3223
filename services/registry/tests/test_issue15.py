"""Issue 15 (what the first real users hit): visit dates (R14), refusals that name the
request's own fields (R5), one percent format (R7), the bank token's county (X3) and
corrections of an open application (X2)."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import timedelta
from fractions import Fraction

from registry_testkit import BANK_A, BANK_B, BASE_DOCS, fields

from registry.valuation.rules import LtvLimits, ltv_problems
from testkit.testing import auth


async def test_R14_a_visit_dated_before_the_liens_registration_is_refused(reg) -> None:
    lien = await reg.lien()
    [visit] = (await reg.c.get(f"/liens/{lien['id']}/visits", headers=BANK_A)).json()
    for backdated in ("0001-01-01", str(reg.today - timedelta(days=1))):
        r = await reg.visit(lien["id"], visit["id"], backdated)
        assert r.status_code == 422, r.text
        assert fields(r) == {("visited_on", "R14")}
    future = str(reg.today + timedelta(days=1))
    r = await reg.visit(lien["id"], visit["id"], future)
    assert r.status_code == 422 and fields(r) == {("visited_on", "R14")}
    # nothing changed: the visit is still open, and the registration day itself is fine
    [still] = (await reg.c.get(f"/liens/{lien['id']}/visits", headers=BANK_A)).json()
    assert still["status"] == "scheduled" and still["visited_on"] is None
    r = await reg.visit(lien["id"], visit["id"])
    assert r.status_code == 200 and r.json()["status"] == "done"


async def test_R5_a_lien_term_refusal_names_the_requests_lien_term_end(reg) -> None:
    right = await reg.right(term_end="2030-12-31")
    app = await reg.apply(right, lien_term_end="2031-06-30")
    await reg.upload_all(app["id"], [*BASE_DOCS, "consent_letter_A"])
    await reg.value(app["id"], land={"area_mu": "20", "annual_price_per_mu": "500", "years": "4"})
    checks = (await reg.c.get(f"/lien-applications/{app['id']}/checks", headers=BANK_A)).json()
    assert {p["field"] for p in checks["problems"] if p["rule"] == "R5"} == {"lien_term_end"}
    r = await reg.register(app["id"])
    assert r.status_code == 422 and ("lien_term_end", "R5") in fields(r)
    assert "term_end" not in {f for f, _ in fields(r)}


def test_R7_every_message_uses_one_percent_format() -> None:
    limits = LtvLimits()
    messages = [
        text
        for loan, reason, enh in (
            (55_000, None, 0),
            (61_000, "x", 0),
            (70_001, "x", 1),
            (60_001_000, "x", 0),
        )
        for p in ltv_problems(
            loan,
            100_000_000 if loan > 1_000_000 else 100_000,
            limits,
            enhancements=enh,
            above_normal_reason=reason,
        )
        for text in p[2:]
    ]
    assert len(messages) == 8
    shown = {m for text in messages for m in re.findall(r"([0-9.]+)%", text)}
    assert shown == {"55.00", "50.00", "61.00", "60.00", "70.01", "70.00", "60.01"}
    # a loan just above a limit never reads as equal to it
    [(_, _, en, _)] = ltv_problems(
        600_001, 1_000_000, limits, enhancements=0, above_normal_reason="x"
    )
    assert "60.01% of the value, above the 60.00% maximum" in en
    assert Fraction(600_001, 1_000_000) > Fraction(limits.maximum)


async def test_X3_a_bank_token_without_a_county_is_told_so(reg) -> None:
    right = await reg.right()
    no_county = auth("lender", org_type="bank", org_id="abc-qingyang", county=None)
    r = await reg.c.post("/lien-applications", json=reg.application_body(right), headers=no_county)
    assert r.status_code == 403, r.text
    body = r.json()
    assert body["type"].endswith("/token-without-county") and body["rule"] == "X3"
    assert "names no county" in body["detail"] and "--county" in body["detail"]
    assert "another organization" not in body["detail"]
    # a bank of another county still hears that the right is another organization's
    elsewhere = auth("lender", org_type="bank", org_id="abc-qingyang", county="620822")
    r = await reg.c.post("/lien-applications", json=reg.application_body(right), headers=elsewhere)
    assert r.status_code == 403 and r.json()["type"].endswith("/other-organization")


def test_X3_rex_token_help_explains_county() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "common.cli", "token", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--county" in out and "bank" in out and "620821" in out


async def test_X2_an_open_application_is_corrected_in_place_and_audited(reg) -> None:
    right = await reg.right()
    # 60,000 of a 200,000 value is 30%; 110,000 is 55%: above normal, a reason is needed
    app = await reg.ready_application(
        right, extra_docs=["consent_letter_A"], loan_amount="110000.00"
    )
    r = await reg.register(app["id"])
    assert r.status_code == 422 and fields(r) == {("above_normal_reason", "R7")}
    url = f"/lien-applications/{app['id']}"
    r = await reg.c.patch(
        url,
        json={"reason": "补充说明理由", "above_normal_reason": "良好信用记录，有稳定收入"},
        headers=BANK_A,
    )
    assert r.status_code == 200, r.text
    fixed = r.json()
    assert len(fixed["documents"]) == len(app["documents"]) + 7  # nothing re-uploaded
    assert fixed["appraised_value"] == "200000.00"
    [log] = [
        d
        for d in await reg.decisions("lien_application", app["id"])
        if d.action == "lien_application.corrected"
    ]
    assert (log.action, log.rule, log.reason) == (
        "lien_application.corrected",
        "X2",
        "补充说明理由",
    )
    assert log.data["changed"] == {"above_normal_reason": [None, "良好信用记录，有稳定收入"]}
    r = await reg.register(app["id"])
    assert r.status_code == 201, r.text


async def test_X2_a_correction_is_checked_like_an_application_and_only_while_open(reg) -> None:
    right = await reg.right()
    app = await reg.ready_application(right, extra_docs=["consent_letter_A"])
    url = f"/lien-applications/{app['id']}"
    for body, field in (
        ({"reason": "x", "loan_amount": "0"}, "loan_amount"),
        ({"reason": "x", "lender_name": None}, "lender_name"),
        ({"reason": "x", "certificate_no": right["certificate_no"]}, "certificate_no"),
        ({"loan_amount": "1000.00"}, "reason"),
        ({"reason": "x", "lien_term_end": "2031-02-30"}, "lien_term_end"),
    ):
        r = await reg.c.patch(url, json=body, headers=BANK_A)
        assert r.status_code == 422, (body, r.text)
        assert field in {e["field"] for e in r.json()["errors"]}, (body, r.text)
    assert (await reg.c.patch(url, json={"reason": "x"}, headers=BANK_B)).status_code == 403
    same = (await reg.c.get(url, headers=BANK_A)).json()
    assert same["loan_amount"] == "50000.00"
    log = await reg.decisions("lien_application", app["id"])
    assert "lien_application.corrected" not in {d.action for d in log}
    ok = await reg.c.patch(
        url, json={"reason": "期限更正", "lien_term_end": "2031-12-31"}, headers=BANK_A
    )
    assert ok.status_code == 200 and ok.json()["lien_term_end"] == "2031-12-31"
    assert (await reg.register(app["id"])).status_code == 201
    r = await reg.c.patch(url, json={"reason": "x", "loan_amount": "1.00"}, headers=BANK_A)
    assert r.status_code == 409 and r.json()["type"].endswith("/application-closed")


async def test_X3_a_discharge_by_neither_a_bank_nor_the_county_is_a_403_not_a_field(reg) -> None:
    lien = await reg.lien()
    odd = auth("lender", org_type="guarantor", org_id="AHNDB-QY")
    r = await reg.discharge(lien["id"], odd, note="x")
    assert r.status_code == 403 and r.json()["rule"] == "X3", r.text
    assert (await reg.c.get(f"/liens/{lien['id']}", headers=BANK_A)).json()["status"] == "active"
