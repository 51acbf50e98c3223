"""Exact money: fen helpers, the Money schema types, rates and the allocation rule."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from common.money import (
    MAX_ABS_FEN,
    Money,
    MoneyError,
    Rate,
    SignedMoney,
    allocate,
    allocate_percentages,
    apply_rate,
    fen_text,
    format_yuan,
    from_fen,
    to_fen,
)

# --- to_fen / from_fen / format_yuan -------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "fen"),
    [
        ("0", 0),
        ("0.01", 1),
        ("12.3", 1230),
        ("1000000.01", 100000001),
        ("-5.05", -505),
        (" 7.10 ", 710),
        ("1.500", 150),  # trailing zeros are not significant
        (Decimal("2000000"), 200000000),
        (Decimal("1E+2"), 10000),
        (3, 300),
    ],
)
def test_to_fen_converts_exactly(amount: Decimal | str | int, fen: int) -> None:
    assert to_fen(amount) == fen


def test_to_fen_refuses_a_third_decimal_place_instead_of_rounding() -> None:
    with pytest.raises(MoneyError) as info:
        to_fen("1.005")
    assert str(info.value) == "amount must have at most two decimal places / 金额最多两位小数"
    assert info.value.rule == "X4"
    with pytest.raises(ValueError):
        to_fen(Decimal("0.001"))


@pytest.mark.parametrize("bad", [0.1, 1.0, float("nan")])
def test_to_fen_refuses_floats(bad: float) -> None:
    with pytest.raises(ValueError, match="float"):
        to_fen(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad", ["", "abc", "1,000.00", "1e3", "NaN", "Infinity", ".5", "5.", "1_000", "١٢", True]
)
def test_to_fen_refuses_malformed_input(bad: object) -> None:
    with pytest.raises(ValueError):
        to_fen(bad)  # type: ignore[arg-type]


def test_to_fen_refuses_amounts_beyond_bigint() -> None:
    assert to_fen(from_fen(MAX_ABS_FEN)) == MAX_ABS_FEN
    with pytest.raises(ValueError, match="too large"):
        to_fen(from_fen(MAX_ABS_FEN + 1))
    with pytest.raises(ValueError, match="too large"):
        to_fen(Decimal("1E+100"))


def test_to_fen_is_exact_beyond_decimal_context_precision() -> None:
    assert to_fen("92233720368547758.07") == 9223372036854775807
    # 35 significant digits: Decimal arithmetic at precision 28 would round this.
    assert to_fen(Decimal("12.340000000000000000000000000000000")) == 1234
    with pytest.raises(ValueError):
        to_fen(Decimal("12.340000000000000000000000000000001"))


def test_from_fen_gives_two_places() -> None:
    assert from_fen(1230) == Decimal("12.30")
    assert str(from_fen(1230)) == "12.30"
    assert str(from_fen(0)) == "0.00"
    assert str(from_fen(-5)) == "-0.05"


@given(st.integers(min_value=-MAX_ABS_FEN, max_value=MAX_ABS_FEN))
def test_fen_round_trips_through_yuan(fen: int) -> None:
    assert to_fen(from_fen(fen)) == fen
    assert to_fen(str(from_fen(fen))) == fen


def test_format_yuan() -> None:
    assert format_yuan(123456) == "1,234.56"
    assert format_yuan(100000001) == "1,000,000.01"
    assert format_yuan(5) == "0.05"
    assert format_yuan(-123456) == "-1,234.56"


# --- pydantic types ----------------------------------------------------------------


class Payment(BaseModel):
    amount: Money


class LedgerLine(BaseModel):
    delta: SignedMoney


class Fee(BaseModel):
    rate: Rate


@pytest.mark.parametrize("bad", ["-1", "1.234", "-0.01", "abc", None, [1]])
def test_money_refuses_negative_overprecise_and_malformed(bad: object) -> None:
    with pytest.raises(ValidationError):
        Payment(amount=bad)  # type: ignore[arg-type]


def test_money_error_message_is_bilingual_and_carries_rule_x4() -> None:
    with pytest.raises(ValidationError) as info:
        Payment(amount="1.234")  # type: ignore[arg-type]
    err = info.value.errors()[0]
    assert "amount must have at most two decimal places / 金额最多两位小数" in err["msg"]
    assert err["ctx"]["error"].rule == "X4"


def test_money_refuses_floats_that_are_not_short_decimals() -> None:
    with pytest.raises(ValidationError):
        Payment(amount=0.1 + 0.2)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Payment.model_validate_json('{"amount": 0.30000000000000004}')
    with pytest.raises(ValidationError):
        Payment.model_validate_json('{"amount": 1.005}')
    with pytest.raises(ValidationError, match="10\\^13"):
        Payment.model_validate_json('{"amount": 12345678901234567.5}')
    with pytest.raises(ValidationError):
        Payment.model_validate_json('{"amount": -1.5}')


def test_money_accepts_json_numbers_that_are_exact_short_decimals() -> None:
    assert Payment.model_validate_json('{"amount": 12.3}').amount == Decimal("12.30")
    assert Payment.model_validate_json('{"amount": 0.1}').amount == Decimal("0.10")
    assert Payment.model_validate_json('{"amount": 9999999999999.99}').amount == Decimal(
        "9999999999999.99"
    )
    assert Payment.model_validate_json('{"amount": 100}').amount == Decimal("100.00")


@given(st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1))
def test_money_float_policy_recovers_every_short_decimal_below_the_limit(fen: int) -> None:
    # Any JSON number with <= 2 decimals and |value| < 10^13 yuan arrives unchanged.
    as_json_number = float(str(from_fen(fen)))
    assert LedgerLine(delta=as_json_number).delta == from_fen(fen)  # type: ignore[arg-type]


def test_money_dumps_a_two_place_string() -> None:
    p = Payment(amount="12.3")  # type: ignore[arg-type]
    assert p.amount == Decimal("12.30")
    assert p.model_dump() == {"amount": "12.30"}
    assert p.model_dump_json() == '{"amount":"12.30"}'
    assert Payment(amount=Decimal("12.30")).model_dump(mode="json") == {"amount": "12.30"}


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_fen_text_is_exactly_what_money_dumps(fen: int) -> None:
    """An answer written without a response model (common.hot) spells amounts the same."""
    line = LedgerLine(delta=from_fen(fen))
    assert line.model_dump(mode="json") == {"delta": fen_text(fen)}
    if fen >= 0:
        assert Payment(amount=from_fen(fen)).model_dump(mode="json") == {"amount": fen_text(fen)}


def test_money_json_schema_is_a_string() -> None:
    schema = Payment.model_json_schema()["properties"]["amount"]
    assert schema["type"] == "string"


def test_signed_money_allows_negative_deltas() -> None:
    line = LedgerLine(delta="-12.3")  # type: ignore[arg-type]
    assert line.model_dump_json() == '{"delta":"-12.30"}'
    with pytest.raises(ValidationError):
        LedgerLine(delta="-0.001")  # type: ignore[arg-type]


def test_rate_accepts_six_places_and_refuses_more_or_negative() -> None:
    assert Fee(rate="0.012").rate == Decimal("0.012")  # type: ignore[arg-type]
    assert Fee(rate="0.000001").model_dump_json() == '{"rate":"0.000001"}'  # type: ignore[arg-type]
    assert Fee.model_validate_json('{"rate": 0.012}').rate == Decimal("0.012")
    for bad in ["0.0000001", "-0.01", 0.1 + 0.2]:
        with pytest.raises(ValidationError):
            Fee(rate=bad)  # type: ignore[arg-type]


# --- apply_rate --------------------------------------------------------------------


def test_guarantee_fee_of_1_2_percent_on_two_million_yuan() -> None:
    assert apply_rate(to_fen("2000000"), Decimal("0.012")) == to_fen("24000.00")
    assert format_yuan(apply_rate(200000000, Decimal("0.012"))) == "24,000.00"


def test_apply_rate_rounds_half_up_to_the_fen() -> None:
    assert apply_rate(5, Decimal("0.1")) == 1  # 0.5 分 → 1 分 (四舍五入)
    assert apply_rate(4, Decimal("0.1")) == 0  # 0.4 分 → 0
    assert apply_rate(15, Decimal("0.1")) == 2  # 1.5 → 2, not banker's 2/even
    assert apply_rate(25, Decimal("0.1")) == 3  # 2.5 → 3 (banker's would give 2)
    assert apply_rate(-5, Decimal("0.1")) == -1  # half away from zero
    assert apply_rate(100, Fraction(1, 3)) == 33


def test_apply_rate_refuses_floats_and_negative_rates() -> None:
    with pytest.raises(TypeError):
        apply_rate(100, 0.012)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        apply_rate(100, Decimal("-0.01"))
    with pytest.raises(TypeError):
        apply_rate(1.0, Decimal("0.01"))  # type: ignore[arg-type]


# --- allocate: properties ------------------------------------------------------------

totals = st.integers(min_value=-(10**12), max_value=10**12)
weight_values = st.one_of(
    st.integers(min_value=0, max_value=10**6),
    st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False, allow_infinity=False),
    st.fractions(min_value=0, max_value=1000, max_denominator=97),
)
weight_lists = st.lists(weight_values, min_size=1, max_size=12).filter(
    lambda ws: sum(Fraction(w) for w in ws) > 0
)


@given(totals, weight_lists)
def test_allocation_parts_always_sum_to_the_whole(total: int, weights: list) -> None:
    parts = allocate(total, weights)
    assert len(parts) == len(weights)
    assert sum(parts) == total


@given(totals, weight_lists)
def test_allocation_each_part_is_within_one_fen_of_its_exact_share(
    total: int, weights: list
) -> None:
    exact_weights = [Fraction(w) for w in weights]
    weight_sum = sum(exact_weights)
    for part, w in zip(allocate(total, weights), exact_weights, strict=True):
        assert abs(part - total * w / weight_sum) < 1


@given(totals, weight_lists)
def test_allocation_gives_zero_weights_zero(total: int, weights: list) -> None:
    for part, w in zip(allocate(total, weights), weights, strict=True):
        if w == 0:
            assert part == 0


@given(totals, weight_lists)
def test_allocation_is_deterministic(total: int, weights: list) -> None:
    assert allocate(total, weights) == allocate(total, list(weights))


@given(totals, weight_lists)
def test_allocation_of_a_negative_total_mirrors_the_positive_one(total: int, weights: list) -> None:
    assert allocate(-total, weights) == [-p for p in allocate(total, weights)]


@given(totals, weight_lists, st.randoms(use_true_random=False))
def test_allocation_permuting_weights_with_distinct_remainders_permutes_parts(
    total: int, weights: list, rnd: random.Random
) -> None:
    exact_weights = [Fraction(w) for w in weights]
    weight_sum = sum(exact_weights)
    remainders = [(abs(total) * w / weight_sum) % 1 for w in exact_weights]
    assume(len(set(remainders)) == len(remainders))  # ties are broken by position
    order = list(range(len(weights)))
    rnd.shuffle(order)
    parts = allocate(total, weights)
    permuted = allocate(total, [weights[i] for i in order])
    assert permuted == [parts[i] for i in order]


# --- allocate: concrete cases --------------------------------------------------------


def test_guarantee_risk_split_50_20_30_sums_exactly() -> None:
    total = to_fen("1000000.01")
    assert total == 100000001
    parts = allocate_percentages(total, [Decimal(50), Decimal(20), Decimal(30)])
    assert parts == [50000001, 20000000, 30000000]  # the odd fen has remainder .5
    assert sum(parts) == total


def test_allocation_ties_go_to_the_earlier_party() -> None:
    # The written-down tie rule: equal remainders → lower index first.
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(101, [1, 1, 1]) == [34, 34, 33]
    assert allocate(-100, [1, 1, 1]) == [-34, -33, -33]


def test_allocation_largest_remainder_wins_over_position() -> None:
    # shares 3.2, 3.3, 3.5 → floors 3, 3, 3; one fen left → the .5 part.
    assert allocate(10, [Fraction(32), Fraction(33), Fraction(35)]) == [3, 3, 4]


def test_allocation_edge_cases() -> None:
    assert allocate(0, [1, 2, 3]) == [0, 0, 0]
    assert allocate(7, [0, 1, 0]) == [0, 7, 0]
    assert allocate(7, [5]) == [7]
    assert allocate(1, [Decimal("0.5"), Decimal("0.5")]) == [1, 0]


@pytest.mark.parametrize(
    "weights",
    [[], [0, 0], [1, -1], [Decimal("NaN")]],
)
def test_allocation_refuses_invalid_weights(weights: list) -> None:
    with pytest.raises(ValueError):
        allocate(100, weights)


def test_allocation_refuses_floats() -> None:
    with pytest.raises(TypeError):
        allocate(100, [0.5, 0.5])
    with pytest.raises(TypeError):
        allocate(100.0, [1])  # type: ignore[arg-type]


def test_allocate_percentages_requires_a_sum_of_100() -> None:
    with pytest.raises(ValueError, match="100"):
        allocate_percentages(100, [Decimal(50), Decimal(20), Decimal(29)])
    assert allocate_percentages(3, [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]) == [
        1,
        1,
        1,
    ]
