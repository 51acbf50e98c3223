"""Tests named for rules that were proven only under another rule's name.

`tests/test_rule_coverage.py` asks every implemented rule of docs/rules.md for a test
named after it. R11 was proven inside registry's `test_R9_junior_lien_with_senior_…`,
G1 and G2 inside guarantee's `test_G5_csv_sheet_files_each_borrower_once_…`; the
services' own tests are not renamed while their services are refactored (issue 18), so
the rules get their own small tests here.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from common.ids import generate_resident_id
from guarantee.borrowers.sheets import COLUMNS, KINDS, PURPOSES, parse_rows

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services" / "registry" / "tests"))

from registry_testkit import AUTHORITY, BANK_A, SERVICE, STAFF, backend, client, reg  # noqa: F401

TODAY = date(2026, 3, 1)


def _sheet_row(party_id: str, kind: str = "family_farm", purpose: str = "grain") -> list[str]:
    values = {
        "party_id": party_id,
        "name": "张三家庭农场",
        "kind": kind,
        "village": "青峰村",
        "phone": "13800000000",
        "purpose": purpose,
        "main_business": "小麦",
    }
    return [values.get(c, "是") for c in COLUMNS]


def _problems(*rows: list[str]) -> dict[int, set[tuple[str, str]]]:
    checked, missing = parse_rows([list(COLUMNS), *rows], TODAY)
    assert missing == []
    return {r.row: {(p.field, p.rule) for p in r.problems} for r in checked}


def _adult(seq: int) -> str:
    return generate_resident_id("620821", birth=date(1980, 5, 17), seq=seq)


def test_G1_the_six_borrower_classes_are_accepted_and_any_other_is_refused() -> None:
    assert len(KINDS) == 6 and "leading_enterprise" in KINDS
    rows = [_sheet_row(_adult(n), kind=kind) for n, kind in enumerate(sorted(KINDS), start=1)]
    by_chinese = _sheet_row(_adult(7), kind=KINDS["cooperative"])
    bank = _sheet_row(_adult(8), kind="bank")
    problems = _problems(*rows, by_chinese, bank)
    assert problems == {n: set() for n in range(2, 9)} | {9: {("kind", "G1")}}


def test_G2_G16_purposes_of_the_scheme_only_and_a_borrower_of_full_civil_capacity() -> None:
    assert len(PURPOSES) == 7
    ok = [_sheet_row(_adult(n), purpose=p) for n, p in enumerate(sorted(PURPOSES), start=1)]
    real_estate = _sheet_row(_adult(8), purpose="real_estate")
    minor = _sheet_row(generate_resident_id("620821", birth=date(2008, 3, 2), seq=9))
    just_adult = _sheet_row(generate_resident_id("620821", birth=date(2008, 3, 1), seq=10))
    problems = _problems(*ok, real_estate, minor, just_adult)
    assert problems == {n: set() for n in range(2, 9)} | {
        9: {("purpose", "G16")},  # outside the catalogue (G16, the county's list)
        10: {("party_id", "G2")},
        11: set(),
    }


async def test_R11_a_repaid_lien_is_discharged_once_and_its_history_stays(reg) -> None:  # noqa: F811
    lien = await reg.lien()
    r = await reg.c.post(
        f"/liens/{lien['id']}/discharge", json={"reason": "repaid", "note": "还清"}, headers=BANK_A
    )
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["discharge_reason"]) == ("discharged", "repaid")
    cert = lien["certificate_no"]
    title = (await reg.c.get(f"/rights/{cert}/title-search", headers=SERVICE)).json()
    assert title["liens"] == []
    history = (await reg.c.get(f"/rights/{cert}/history", headers=STAFF)).json()
    assert [h["action"] for h in history][-2:] == ["encumbered", "encumbrance_removed"]
    assert [e["lien_id"] for e in await reg.outbox("registry.lien_discharged")] == [lien["id"]]
    again = await reg.c.post(
        f"/liens/{lien['id']}/discharge", json={"reason": "waived", "note": "x"}, headers=AUTHORITY
    )
    assert again.status_code == 409 and again.json()["rule"] == "R11"
    assert (await reg.c.get(f"/liens/{lien['id']}", headers=BANK_A)).json()["status"] == (
        "discharged"
    )
