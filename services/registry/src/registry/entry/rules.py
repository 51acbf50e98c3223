"""Pure 入市 rules registry applies (DOMAIN E8, R23)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from common.problems import FieldProblem
from registry.entry.models import EntryRight


def sale_refused(entry: EntryRight | None, way: str, *, first_grant: bool) -> bool:
    """E8: rental-housing land is never sold — a transfer (sale) of a ``no_sale`` right
    after its 入市 grant is refused; the grant itself is how the user gets it."""
    return entry is not None and entry.no_sale and way == "transfer" and not first_grant


def use_term_end(entry: EntryRight, right_term_end: date | None) -> date:
    """The end of the 入市 use term: the right's as recorded at the transfer, else the
    contract's years from the settlement."""
    if right_term_end is not None:
        return right_term_end
    start = entry.settled_at.date()
    try:
        return start.replace(year=start.year + entry.term_years)
    except ValueError:  # 29 February in a year that has none
        return start.replace(year=start.year + entry.term_years, day=28)


def mortgage_problems(
    entry: EntryRight,
    *,
    lien_term_end: date,
    right_term_end: date | None,
    loan_fen: int,
    value_fen: int | None,
    ltv_max: Decimal,
) -> list[FieldProblem]:
    """R23: a right acquired by 入市 may be mortgaged unless its contract forbids it, for a
    term within the use term, up to the county's 入市 loan-to-value (not R7's 50/60 %,
    which is for land management rights)."""
    out: list[FieldProblem] = []
    if not entry.mortgage_allowed:
        out.append(
            FieldProblem(
                "certificate_no",
                "R23",
                f"the 入市 contract {entry.contract_no} forbids a mortgage",
                "入市合同约定不得抵押",
            )
        )
    end = use_term_end(entry, right_term_end)
    if lien_term_end > end:
        out.append(
            FieldProblem(
                "lien_term_end",
                "R23",
                f"the lien cannot outlast the 入市 use term ending {end}",
                f"抵押期限不得超过入市土地使用年限（{end}）",
            )
        )
    if value_fen and Fraction(loan_fen, value_fen) > Fraction(ltv_max):
        pct = (Decimal(loan_fen) * 100 / Decimal(value_fen)).quantize(Decimal("0.01"))
        out.append(
            FieldProblem(
                "loan_amount",
                "R23",
                f"the loan is {pct}% of the value, above the county's {ltv_max * 100:g}% "
                "for 入市 land",
                f"贷款额为评估价值的{pct}%，超过本县入市土地抵押率上限",
            )
        )
    return out


def mortgagee_problems(kind: str, *, entered: bool) -> list[FieldProblem]:
    """R23: an enterprise or a person may hold a lien only on a right acquired by 入市; a
    land management right (R7's world) is mortgaged to a bank."""
    if kind == "bank" or entered:
        return []
    return [
        FieldProblem(
            "mortgagee.kind",
            "R23",
            f"a {kind} may hold a lien only on a construction-land right acquired by 入市; "
            "this right is mortgaged to a bank",
            "企业或个人作为抵押权人，仅限入市取得的集体经营性建设用地使用权；该权利只能向银行抵押",
        )
    ]
