"""Issue 15 (what the first real users hit): visit dates (R14), refusals that name the
request's own fields (R5), one percent format (R7), the bank token's county (X3) and
corrections of an open application (X2)."""

from __future__ import annotations

import re
from datetime import timedelta
from fractions import Fraction

from registry_testkit import BANK_A, BASE_DOCS, fields

from registry.valuation.rules import LtvLimits, ltv_problems

FINDINGS = {"collateral_condition": "normal", "use_of_funds": "as_agreed", "operation": "normal"}


async def test_R14_a_visit_dated_before_the_liens_registration_is_refused(reg) -> None:
    lien = await reg.lien()
    [visit] = (await reg.c.get(f"/liens/{lien['id']}/visits", headers=BANK_A)).json()
    url = f"/liens/{lien['id']}/visits/{visit['id']}"
    for backdated in ("0001-01-01", str(reg.today - timedelta(days=1))):
        r = await reg.c.post(url, json={"visited_on": backdated, **FINDINGS}, headers=BANK_A)
        assert r.status_code == 422, r.text
        assert fields(r) == {("visited_on", "R14")}
    future = str(reg.today + timedelta(days=1))
    r = await reg.c.post(url, json={"visited_on": future, **FINDINGS}, headers=BANK_A)
    assert r.status_code == 422 and fields(r) == {("visited_on", "R14")}
    # nothing changed: the visit is still open, and the registration day itself is fine
    [still] = (await reg.c.get(f"/liens/{lien['id']}/visits", headers=BANK_A)).json()
    assert still["status"] == "scheduled" and still["visited_on"] is None
    r = await reg.c.post(url, json={"visited_on": str(reg.today), **FINDINGS}, headers=BANK_A)
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
