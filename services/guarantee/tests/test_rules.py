"""The pure rules with the plan's numbers (seed 004 劝耕贷, seed 000) — no server needed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.money import to_fen
from guarantee.borrowers.rules import classify
from guarantee.guarantees.rules import (
    Compensation,
    annual_report_due,
    compensation_split,
    cumulative_distribution,
    distribute_recovery,
    guarantee_fee,
    max_loan_rate,
    quarterly_report_due,
)

ALL = dict.fromkeys(("credit", "scale", "experience", "profit", "main_business", "need"), True)


def test_G4_loan_rate_at_most_base_plus_20_percent() -> None:
    assert max_loan_rate(Decimal("0.0435"), Decimal("0.2")) == Decimal("0.05220")


def test_G4_fee_at_most_1_2_percent_is_computed_exactly() -> None:
    assert guarantee_fee(to_fen("2000000"), Decimal("0.012")) == to_fen("24000")
    # 123,456.78 元 × 1.2% = 1,481.48136 元 → 1,481.48 元 (rounded once, half up)
    assert guarantee_fee(to_fen("123456.78"), Decimal("0.012")) == to_fen("1481.48")
    # 100,000.45 元 × 1% = 1,000.0045 → 1,000.00; × 1.2% = 1,200.0054 → 1,200.01
    assert guarantee_fee(to_fen("100000.45"), Decimal("0.01")) == to_fen("1000.00")
    assert guarantee_fee(to_fen("100000.45"), Decimal("0.012")) == to_fen("1200.01")


def test_G5_six_haves_classify_candidates_nurture_and_other() -> None:
    assert classify(ALL) == "credit_candidate"
    assert classify({**ALL, "need": False}) == "nurture"
    assert classify({**ALL, "credit": False}) == "other"
    assert classify({**ALL, "main_business": False}) == "other"


def test_G6_the_plan_split_guarantor_80_then_county_30_nets_50_20_30() -> None:
    c = compensation_split(to_fen("1000000"))
    assert c.guarantor_paid == to_fen("800000")  # 80% to the bank
    assert c.county_share == to_fen("300000")  # 30% back to the guarantor
    assert (c.guarantor_net, c.bank_share) == (to_fen("500000"), to_fen("200000"))


def test_G6_odd_fen_split_is_exact_and_sums_to_the_whole() -> None:
    c = compensation_split(1_000_001)  # 10,000.01 元
    assert (c.guarantor_net, c.bank_share, c.county_share) == (500_001, 200_000, 300_000)
    assert c.guarantor_paid == 800_001  # 80% of 10,000.01 = 8,000.008 → 8,000.01
    c = compensation_split(3)
    assert (c.guarantor_net, c.bank_share, c.county_share) == (1, 1, 1)
    assert c.guarantor_net + c.bank_share + c.county_share == 3


def test_G6_basis_of_the_actual_compensation_is_configurable() -> None:
    c = compensation_split(to_fen("1000000"), basis="compensation")
    assert c.guarantor_paid == to_fen("800000")
    assert c.county_share == to_fen("240000")  # 30% of the 800,000 compensation
    assert c.guarantor_net == to_fen("560000") and c.bank_share == to_fen("200000")


def test_G7_recovery_makes_the_bank_whole_first_then_pro_rata() -> None:
    c = compensation_split(to_fen("1000000"))
    # 250,000 recovered, 10,000 costs: net 240,000 → bank 200,000, rest 40,000 in 50:30
    part, net = distribute_recovery(to_fen("250000"), to_fen("10000"), 0, c)
    assert net == to_fen("240000")
    assert part.to_bank == to_fen("200000")
    assert (part.to_guarantor, part.to_county) == (to_fen("25000"), to_fen("15000"))
    assert part.surplus == 0


def test_G7_partial_recoveries_add_up_to_one_recovery_of_their_sum() -> None:
    c = compensation_split(to_fen("1000000"))
    got = [0, 0, 0]
    already = 0
    for recovered, costs in [(15_000_001, 1_00), (10_000_000, 0), (33, 0), (7, 2)]:
        part, net = distribute_recovery(recovered, costs, already, c)
        already += net
        got = [got[0] + part.to_bank, got[1] + part.to_county, got[2] + part.to_guarantor]
    whole = cumulative_distribution(already, c)
    assert got == [whole.to_bank, whole.to_county, whole.to_guarantor]
    assert already == 24_999_939  # 250,000.01 − 1.00 + 0.33 + 0.05 元
    # bank 200,000 元 first; 4,999,939 fen in 50:30 → 3,124,961.875 : 1,874,977.125
    assert got == [200_000_00, 1_874_977, 3_124_962]


def test_G7_recovery_beyond_the_whole_loss_is_surplus() -> None:
    c = compensation_split(to_fen("100000"))
    part, _ = distribute_recovery(to_fen("120000"), 0, 0, c)
    assert (part.to_bank, part.to_county, part.to_guarantor) == (2_000_000, 3_000_000, 5_000_000)
    assert part.surplus == to_fen("20000")


def test_G7_costs_above_the_recovery_are_refused() -> None:
    with pytest.raises(ValueError):
        distribute_recovery(100, 101, 0, compensation_split(1000))


def test_G9_report_deadlines_quarter_plus_10_days_and_10_january() -> None:
    assert quarterly_report_due(2026, 1) == date(2026, 4, 10)
    assert quarterly_report_due(2026, 3) == date(2026, 10, 10)
    assert quarterly_report_due(2026, 4) == date(2027, 1, 10)
    assert annual_report_due(2026) == date(2027, 1, 10)


# --- money invariants (hypothesis) -------------------------------------------------------

fen = st.integers(min_value=0, max_value=10**13)
rates = st.sampled_from(["overdue", "compensation"])


@given(fen, rates)
def test_G6_property_parts_always_sum_to_the_overdue_amount(overdue: int, basis: str) -> None:
    c = compensation_split(overdue, basis=basis)
    assert c.guarantor_net + c.bank_share + c.county_share == overdue
    assert c.guarantor_paid == c.guarantor_net + c.county_share
    assert min(c.guarantor_net, c.bank_share, c.county_share) >= 0
    if basis == "overdue":  # each share within one fen of its exact percentage
        assert abs(c.bank_share * 100 - overdue * 20) < 100
        assert abs(c.county_share * 100 - overdue * 30) < 100


@given(fen, st.lists(st.tuples(fen, fen), min_size=1, max_size=6))
def test_G7_property_partial_recoveries_sum_exactly_and_never_go_negative(
    overdue: int, recoveries: list[tuple[int, int]]
) -> None:
    c: Compensation = compensation_split(overdue)
    already = 0
    totals = [0, 0, 0, 0]
    for a, b in recoveries:
        recovered, costs = max(a, b), min(a, b)
        part, net = distribute_recovery(recovered, costs, already, c)
        assert part.total == net
        assert min(part.to_bank, part.to_county, part.to_guarantor, part.surplus) >= 0
        already += net
        step = (part.to_bank, part.to_county, part.to_guarantor, part.surplus)
        totals = [x + y for x, y in zip(totals, step, strict=True)]
    whole = cumulative_distribution(already, c)
    assert totals == [whole.to_bank, whole.to_county, whole.to_guarantor, whole.surplus]
    assert totals[0] <= c.bank_share and totals[1] <= c.county_share
    assert totals[2] <= c.guarantor_net
