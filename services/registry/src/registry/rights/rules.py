"""Rights ledger rules (DOMAIN R1) — pure: completeness of a right, CSV rows, term
arithmetic of a traded right, who holds it. No session, no clock."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from pydantic import ValidationError

from common.auth import Principal
from common.contracts.registry_api import TitleFlag
from common.money import fen_text
from common.problems import FieldProblem, Problem
from registry.liens.models import Lien
from registry.rights.models import Right, RightFlagChange

FLAGS = ("disputed", "seized", "expropriation")
FLAG_ZH = {"disputed": "权属争议", "seized": "查封/扣押/监管", "expropriation": "征地拆迁范围"}


def actor(by: Principal | None) -> str:
    """Who did it, as the ledger writes it ("system" for a consumer or timer)."""
    return f"{by.subject} ({by.org.type}:{by.org.id})" if by else "system"


def snapshot(r: Right) -> dict[str, Any]:
    """The whole record of a right as one history row stores it (dates as ISO text)."""
    out: dict[str, Any] = {}
    for col in Right.__table__.columns:
        v = getattr(r, col.key)
        out[col.key] = v.isoformat() if hasattr(v, "isoformat") else v
    return out


def cross_field_problems(d: dict[str, Any]) -> list[FieldProblem]:
    """R1: the origin's data is complete and the term is coherent."""
    out = []
    if d.get("term_start") and d.get("term_end") and d["term_end"] <= d["term_start"]:
        out.append(
            FieldProblem(
                "term_end", "R1", "the term must end after it starts", "期限止日须晚于起日"
            )
        )
    outflows = d.get("outflows") or []
    if outflows:
        total = sum((Decimal(str(o["area_mu"])) for o in outflows), Decimal(0))
        if d.get("origin") != "transfer":
            out.append(
                FieldProblem(
                    "outflows",
                    "R17",
                    "only a transferred right has outflows",
                    "仅流转取得的权利有流出方",
                )
            )
        elif total != Decimal(str(d.get("area_mu"))):
            out.append(
                FieldProblem(
                    "outflows",
                    "R17",
                    f"the outflows' areas add up to {total} mu, not the right's {d.get('area_mu')}",
                    "各流出方面积之和须等于权利面积",
                )
            )
    if d.get("origin") == "transfer":
        for name, zh in (
            ("transfer_contract_no", "流转合同编号"),
            ("contractor_party_id", "承包方（流出方）"),
            ("annual_rent_per_mu", "每亩年流转费"),
            ("rent_paid_until", "流转费已付至日期"),
            ("term_end", "流转期限"),
        ):
            if d.get(name) in (None, ""):
                out.append(
                    FieldProblem(
                        name,
                        "R1",
                        f"a transferred right needs {name}",
                        f"流转取得的权利须登记{zh}",
                    )
                )
    holders = [d.get("holder_party_id")] + [c["party_id"] for c in d.get("co_owners") or []]
    if len(holders) != len(set(holders)):
        out.append(
            FieldProblem("co_owners", "R1", "a party is listed twice", "共有人重复或与权利人相同")
        )
    return out


def stale(current: int, sent: int) -> Problem:
    return Problem(
        409,
        "stale-version",
        f"the right changed meanwhile: version {current}, the request read {sent}",
        f"权利已被修改（当前版本{current}，请求基于版本{sent}），请重新读取后再提交",
        rule="R1",
    )


def holder_ids(right: Right) -> set[str]:
    """The holder and every co-owner."""
    return {right.holder_party_id} | {c["party_id"] for c in right.co_owners or []}


# --- CSV import -----------------------------------------------------------------------

IMPORT_COLUMNS = [
    "certificate_no",
    "county",
    "township",
    "collective_id",
    "right_type",
    "origin",
    "holder_party_id",
    "holder_name",
    "co_owners",
    "location",
    "area_mu",
    "term_start",
    "term_end",
    "transfer_contract_no",
    "contractor_party_id",
    "contractor_name",
    "via_collective",
    "annual_rent_per_mu",
    "rent_paid_until",
]
REQUIRED_COLUMNS = {
    "certificate_no",
    "county",
    "township",
    "right_type",
    "origin",
    "holder_party_id",
    "holder_name",
    "location",
    "area_mu",
}


def row_dict(row: dict[str, str | None]) -> dict[str, Any]:
    """A CSV row as a ``RightIn`` body (``co_owners`` as ``party:name;…``)."""
    d: dict[str, Any] = {}
    for k in IMPORT_COLUMNS:
        v = (row.get(k) or "").strip()
        if not v:
            continue
        if k == "co_owners":
            owners = []
            for part in v.split(";"):
                pid, _, name = part.strip().partition(":")
                owners.append({"party_id": pid.strip(), "name": name.strip()})
            d[k] = owners
        elif k == "via_collective":
            d[k] = v.lower() in ("1", "true", "yes", "y", "是")
        else:
            d[k] = v
    return d


def row_errors(exc: ValidationError) -> list[dict[str, str]]:
    out = []
    for e in exc.errors():
        field = ".".join(str(p) for p in e["loc"]) or "row"
        msg = str(e.get("ctx", {}).get("error") or e["msg"])
        out.append({"field": field, "rule": "R1", "message": msg})
    return out


# --- a completed trade (R1, B6) -------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` moved by calendar months, clipped to the month's last day (31 Jan → 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def term_years(start: date | None, end: date | None) -> Fraction | None:
    """A term's length in years, exactly, over its calendar years and months (issue 15
    item 10): the end day is included, so 2027-03-01..2032-02-29 is 5 years whatever the
    leap days. Whole years, then whole months (1/12 each), then the days left as a share
    of the month they fall in (days ÷ that month's days ÷ 12)."""
    if start is None or end is None or end < start:
        return None
    stop = end + timedelta(days=1)  # the first day after the term
    months = (stop.year - start.year) * 12 + stop.month - start.month
    while months > 0 and add_months(start, months) > stop:
        months -= 1
    anchor = add_months(start, months)
    days = (stop - anchor).days
    month_days = (add_months(anchor, 1) - anchor).days
    return Fraction(months, 12) + Fraction(days, 12 * month_days)


def search_certificate_number(county: str, row_id: int) -> str:
    """查询证明 number: ``CX<county><row id, 8 digits>``."""
    return f"CX{county}{row_id:08d}"


def flag_states(right: Right, last: dict[str, RightFlagChange | None]) -> list[TitleFlag]:
    """Each flag as set now, with the reason and time of its last change."""
    return [
        TitleFlag(
            flag=flag,  # type: ignore[arg-type]
            set=bool(getattr(right, flag)),
            reason=last[flag].reason if last.get(flag) else None,  # type: ignore[union-attr]
            since=last[flag].decided_at if last.get(flag) else None,  # type: ignore[union-attr]
        )
        for flag in FLAGS
    ]


def certificate_content(right: Right, flags: list[TitleFlag], liens: list[Lien]) -> dict[str, Any]:
    """What a search certificate states, kept with it as issued: the right, its flags and
    every lien it had."""
    return {
        "right": {
            "certificate_no": right.certificate_no,
            "right_type": right.right_type,
            "holder": right.holder_name,
            "location": right.location,
            "area_mu": right.area_mu,
            "term": f"{right.term_start or ''}—{right.term_end or ''}",
            "version": right.version,
        },
        "flags": [f.model_dump(mode="json") for f in flags],
        "liens": [
            {
                "lien_id": lien.id,
                "lender": lien.lender_name,
                "lender_org_id": lien.lender_org_id,
                "mortgagee_kind": lien.mortgagee_kind,
                "secured_amount": fen_text(lien.secured_amount_fen),
                "rank": lien.rank,
                "registered_at": lien.registered_at.isoformat(),
                "term_end": lien.term_end.isoformat(),
                "status": lien.status,
                "discharge_reason": lien.discharge_reason,
                "discharged_at": lien.discharged_at.isoformat() if lien.discharged_at else None,
            }
            for lien in liens
        ],
    }


@dataclass(frozen=True)
class Title:
    """What a title search (产权查档) found: the right, its flags' last changes, its liens."""

    right: Right
    flags: dict[str, RightFlagChange | None]
    liens: list[Lien]
    searched_at: datetime


@dataclass(frozen=True)
class Imported:
    """What a CSV import did: the rights entered and each rejected row with its reasons."""

    certificate_nos: list[str]
    rejected: list[dict[str, Any]]


_FILING_ITEMS = {
    "a_application_form": "登记表",
    "b_identity": "身份证明",
    "e_location_map": "流转土地具体位置示意图",
}
_REPLACED_BY_L19 = {
    "c_transfer_contract": "流转合同",
    "d_payment_proof": "流转费支付凭证",
    "f_outflow_consent": "流出方同意办理登记的书面凭证",
}


def off_exchange_problems(
    body: Any, right: Right, other_transfers: list[Right], today: date
) -> list[FieldProblem]:
    """R18 (001 App. B B.2): every missing item a–g (an L19 transaction certificate stands
    for c, d and f; an agent adds the power of attorney), a term beyond the contractor's,
    and an area that with the other transfers still running exceeds the contract land."""
    out: list[FieldProblem] = []
    wanted = dict(_FILING_ITEMS)
    if body.agent_party_id:
        wanted["b_power_of_attorney"] = "授权委托书及双方身份证明"
    if not body.transaction_certificate_code:
        wanted |= _REPLACED_BY_L19
        if not body.transfer_contract_no:
            out.append(
                FieldProblem(
                    "transfer_contract_no",
                    "R18",
                    "the transfer contract no. is missing",
                    "缺少流转合同编号",
                )
            )
    for item, zh in wanted.items():
        if not (body.items.get(item) or "").strip():
            out.append(FieldProblem(f"items.{item}", "R18", f"{item} is missing", f"缺少{zh}"))
    if body.term_end <= body.term_start:
        out.append(
            FieldProblem(
                "term_end", "R18", "the term must end after it starts", "期限止日须晚于起日"
            )
        )
    if right.term_end is not None and body.term_end > right.term_end:
        out.append(
            FieldProblem(
                "term_end",
                "R18",
                f"beyond the contractor's term ({right.term_end})",
                "流转期限超过承包期限",
            )
        )
    running = [t for t in other_transfers if t.term_end is None or t.term_end > today]
    used = sum((Decimal(t.area_mu) for t in running), Decimal(0))
    if used + Decimal(body.area_mu) > Decimal(right.area_mu):
        out.append(
            FieldProblem(
                "area_mu",
                "R18",
                f"{body.area_mu} mu with the {used} mu already transferred exceeds the "
                f"contract land's {right.area_mu} mu",
                "流转面积与同一承包地上其他流转重叠",
            )
        )
    return out


def certificate_problems(
    cited: str, cert: Any, right: Right, transferee_party_id: str
) -> list[FieldProblem]:
    """R18 with L19: a cited transaction certificate stands for the contract, payment and
    consent only if the centre issued it (``cert``, followed from bidding), it is still
    valid, and it certifies this transfer: the right filed on as the object, its holder
    as the seller and the transferee as the buyer."""
    field = "transaction_certificate_code"
    if cert is None:
        return [
            FieldProblem(
                field,
                "R18",
                f"no transaction certificate {cited} was issued by the exchange",
                "交易中心未出具该交易鉴证书",
            )
        ]
    out: list[FieldProblem] = []
    if cert.validity != "valid":
        out.append(
            FieldProblem(
                field,
                "R18",
                f"the transaction certificate {cited} is {cert.validity}",
                "该交易鉴证书已作废或已被替换",
            )
        )
    mismatch = []
    if cert.right_certificate_no != right.certificate_no:
        mismatch.append(f"the right ({cert.right_certificate_no})")
    if cert.seller_party_id != right.holder_party_id:
        mismatch.append("the transferor")
    if cert.buyer_party_id != transferee_party_id:
        mismatch.append("the transferee")
    if mismatch:
        out.append(
            FieldProblem(
                field,
                "R18",
                f"the transaction certificate {cited} certifies another transfer: "
                + ", ".join(mismatch)
                + " differ",
                "交易鉴证书记载的交易标的或双方与本次流转不符",
            )
        )
    return out
