"""Village survey sheets — 新型农业经营主体情况摸底表 (G5): CSV or XLSX rows → checked rows.

Headers may be English or Chinese. A row is accepted whole or rejected with every reason.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from common.ids import IdNumberError, PartyKind, party_kind, validate_party_id
from common.problems import FieldProblem
from guarantee.borrowers.rules import SIX_HAVES
from guarantee.params import PURPOSE_LABELS

#: G1 borrower classes — 贷款对象.
KINDS = {
    "family_farm": "家庭农场",
    "large_grower": "种养大户",
    "cooperative": "农民专业合作社",
    "service_org": "农业社会化服务组织",
    "small_enterprise": "小微农业企业",
    "leading_enterprise": "农业产业化龙头企业",
}
#: G2 purposes — 贷款范围: the catalogue (G16; a county lends for a subset of it).
PURPOSES = PURPOSE_LABELS
HAVES_ZH = {
    "credit": "有信用",
    "scale": "有规模",
    "experience": "有经验",
    "profit": "有效益",
    "main_business": "有主业",
    "need": "有需求",
}
COLUMNS = {
    "party_id": "证件号",
    "name": "名称",
    "kind": "主体类型",
    "village": "村",
    "phone": "电话",
    "purpose": "贷款用途",
    "main_business": "主营业务",
    **{f"has_{h}": zh for h, zh in HAVES_ZH.items()},
}
_BY_ZH = {zh: en for en, zh in COLUMNS.items()}
_REVERSE = {**{zh: en for en, zh in KINDS.items()}, **{zh: en for en, zh in PURPOSES.items()}}
_YES = {"1", "y", "yes", "true", "是", "有", "√"}
_NO = {"0", "n", "no", "false", "否", "无", "×", ""}


@dataclass
class SheetRow:
    row: int
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[FieldProblem] = field(default_factory=list)


def read_table(filename: str, data: bytes) -> list[list[str]]:
    """The sheet's cells as text; raises ValueError when it is neither CSV nor XLSX."""
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ValueError(f"not a readable XLSX workbook: {exc}") from exc
        sheet = wb.worksheets[0]
        rows = [
            ["" if c is None else str(c).strip() for c in r]
            for r in sheet.iter_rows(values_only=True)
        ]
        wb.close()
        return rows
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise ValueError("the CSV is neither UTF-8 nor GB18030 text") from exc
    return [[c.strip() for c in r] for r in csv.reader(io.StringIO(text))]


def _flag(value: str) -> bool | None:
    v = value.strip().lower()
    if v in _YES:
        return True
    if v in _NO:
        return False
    return None


def _adult(party_id: str, today: date) -> bool:
    birth = date(int(party_id[6:10]), int(party_id[10:12]), int(party_id[12:14]))
    return (today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))) >= 18


def parse_rows(
    table: list[list[str]], today: date, purposes: Sequence[str] = tuple(PURPOSES)
) -> tuple[list[SheetRow], list[str]]:
    """Checked rows (row numbers as in the sheet, header = 1) and missing header columns;
    ``purposes`` are the county's loan purposes (G16, a county parameter)."""
    if not table:
        return [], list(COLUMNS)
    header = [_BY_ZH.get(h.strip(), h.strip().lower()) for h in table[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], missing
    out: list[SheetRow] = []
    for n, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        raw = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}
        out.append(_check(n, raw, today, purposes))
    return out, []


def _check(n: int, raw: dict[str, str], today: date, purposes: Sequence[str]) -> SheetRow:
    row = SheetRow(n)
    p = row.problems
    v = row.values
    try:
        v["party_id"] = validate_party_id(raw["party_id"])
    except IdNumberError as exc:
        p.append(FieldProblem("party_id", "X4", exc.message_en, exc.message_zh))
    for key, limit in (("name", 100), ("village", 100), ("main_business", 200)):
        text = raw[key].strip()
        if not text or len(text) > limit:
            p.append(
                FieldProblem(key, "G5", f"{key} is required (≤{limit})", f"{COLUMNS[key]}必填")
            )
        v[key] = text
    phone = raw["phone"].strip()
    if not (phone.isdigit() and 7 <= len(phone) <= 20):
        p.append(FieldProblem("phone", "G5", "a phone number is required", "联系电话格式不正确"))
    v["phone"] = phone
    kind = _REVERSE.get(raw["kind"].strip(), raw["kind"].strip())
    if kind not in KINDS:
        p.append(
            FieldProblem(
                "kind", "G1", f"kind must be one of {sorted(KINDS)}", "主体类型不属于劝耕贷贷款对象"
            )
        )
    v["kind"] = kind
    purpose = _REVERSE.get(raw["purpose"].strip(), raw["purpose"].strip())
    if purpose not in purposes:
        p.append(
            FieldProblem(
                "purpose",
                "G16",
                f"purpose must be one of the county's loan purposes {list(purposes)}",
                "贷款用途不在本县劝耕贷用途目录内（"
                + "、".join(PURPOSES[c] for c in purposes)
                + "）",
            )
        )
    v["purpose"] = purpose
    haves: dict[str, bool] = {}
    for h in SIX_HAVES:
        flag = _flag(raw[f"has_{h}"])
        if flag is None:
            p.append(FieldProblem(f"has_{h}", "G5", "yes or no expected", "应填是或否"))
        haves[h] = bool(flag)
    v["haves"] = haves
    pid = v.get("party_id")
    if pid and party_kind(pid) is PartyKind.natural_person and not _adult(pid, today):
        p.append(
            FieldProblem(
                "party_id",
                "G2",
                "the borrower must have full civil capacity (18+)",
                "借款人须具有完全民事行为能力",
            )
        )
    return row
