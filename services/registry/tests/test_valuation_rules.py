"""Pure rules without servers: valuation (R6, 001 Appendix E row by row), LTV (R7), term (R5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from registry_testkit import appraised

from registry.params import DEFAULT_TABLES
from registry.valuation.rules import (
    Attachment,
    LandInput,
    LtvLimits,
    RuleViolation,
    appraise,
    family_land_value,
    ltv_problems,
    term_problems,
    transferred_land_value,
)

D = Decimal
TODAY = date(2026, 11, 25)
CAP = 1_000_000  # 10,000 元/亩 in fen


def value(*attachments: Attachment, method: str = "lender") -> int:
    return appraised(*attachments, method=method).total_fen


def refused(*attachments: Attachment, method: str = "lender") -> set[str]:
    with pytest.raises(RuleViolation) as exc:
        value(*attachments, method=method)
    assert all(p[1] == "R6" for p in exc.value.problems)
    return {p[0] for p in exc.value.problems}


# --- land ------------------------------------------------------------------------------


def test_R6_family_contract_land_is_area_price_years_capped_at_10000_yuan_per_mu() -> None:
    # 10 mu × 300 元 × 3 years = 9,000 元, under the cap
    assert family_land_value(D(10), 30_000, D(3), CAP) == 900_000
    # 10 mu × 800 元 × 30 years = 240,000 元 → at most 10 mu × 10,000 元 = 100,000 元
    assert family_land_value(D(10), 80_000, D(30), CAP) == 10_000_000
    # exactly at the cap: 1 mu × 500 元 × 20 years = 10,000 元
    assert family_land_value(D(1), 50_000, D(20), CAP) == 1_000_000


def test_R6_transferred_land_is_area_paid_years_fee_without_cap() -> None:
    # 20 mu × 5 paid years × 600 元 = 60,000 元
    assert transferred_land_value(D(20), D(5), 60_000) == 6_000_000
    # 10 mu × 30 years × 800 元 = 240,000 元: Appendix E sets no cap for transferred land
    assert transferred_land_value(D(10), D(30), 80_000) == 24_000_000


def test_R6_land_through_appraise_uses_the_origin() -> None:
    land = LandInput(area_mu=D("12.5"), annual_price_per_mu=D(900), years=D(20))
    kw = dict(
        method="negotiated",
        land=land,
        attachments=[],
        tables=DEFAULT_TABLES,
        family_cap_per_mu_fen=CAP,
        valued_on=TODAY,
    )
    assert appraise(origin="family_contract", **kw).total_fen == 12_500_000  # 125,000 capped
    assert appraise(origin="transfer", **kw).total_fen == 22_500_000  # 12.5×20×900


@given(
    area=st.decimals(min_value=D("0.01"), max_value=D(10000), places=2),
    price=st.integers(min_value=0, max_value=10**7),
    years=st.decimals(min_value=D("0.01"), max_value=D(70), places=2),
)
def test_R6_family_value_never_exceeds_the_cap_and_is_exact_fen(area, price, years) -> None:
    v = family_land_value(area, price, years, CAP)
    assert isinstance(v, int) and 0 <= v
    assert v <= area * CAP + D("0.5")
    assert v <= area * price * years + D("0.5")


# --- buildings (E 二(一)) ----------------------------------------------------------------

BUILDINGS = [  # kind, min 元/m², max 元/m², life max, uplift above 7 m
    ("brick_concrete", 700, 900, 20, True),
    ("brick_steel", 800, 1000, 20, True),
    ("steel_shed", 300, 500, 10, False),
    ("brick_wood", 500, 700, 20, False),
    ("steel_frame_factory", 700, 900, 20, False),
]


@pytest.mark.parametrize(("kind", "lo", "hi", "life", "uplift"), BUILDINGS)
def test_R6_building_rows(kind: str, lo: int, hi: int, life: int, uplift: bool) -> None:
    def b(price, **kw) -> Attachment:
        return Attachment(
            category="building",
            kind=kind,
            quantity=D(100),
            approved_area=D(100),
            unit_price=price,
            **kw,
        )

    # the range's ends are accepted: 100 m² × price × newness 1
    assert value(b(D(lo))) == lo * 100 * 100
    assert value(b(D(hi))) == hi * 100 * 100
    assert refused(b(D(lo) - D("0.01"))) == {"attachments.0.unit_price"}
    assert refused(b(D(hi) + D("0.01"))) == {"attachments.0.unit_price"}
    # newness = 1 − used ÷ life: half the life used → half the replacement price
    assert value(b(D(hi), used_years=D(life) / 2)) == hi * 100 * 100 // 2
    # life at most the table's
    assert value(b(D(lo), life_years=D(life), used_years=D(life))) == 0
    assert refused(b(D(lo), life_years=D(life + 1))) == {"attachments.0.life_years"}
    # above 7 m height up to +50% for brick-concrete and brick-steel only
    high = D(hi) * D("1.5")
    if uplift:
        assert value(b(high, height_m=D("7.5"))) == int(high * 100 * 100)
        assert refused(b(high + D("0.01"), height_m=D("7.5"))) == {"attachments.0.unit_price"}
        assert refused(b(high, height_m=D(7))) == {"attachments.0.unit_price"}  # not above 7 m
    else:
        assert refused(b(D(hi) + 1, height_m=D(8))) == {"attachments.0.unit_price"}


def test_R6_simple_steel_shed_may_be_up_to_50_percent_lower() -> None:
    def shed(price, simple: bool) -> Attachment:
        return Attachment(
            category="building",
            kind="steel_shed",
            quantity=D(10),
            approved_area=D(10),
            unit_price=price,
            simple_shed=simple,
        )

    assert value(shed(D(150), True)) == 150 * 10 * 100
    assert refused(shed(D("149.99"), True)) == {"attachments.0.unit_price"}
    assert refused(shed(D(150), False)) == {"attachments.0.unit_price"}


def test_R6_building_example_newness_three_quarters() -> None:
    # brick-concrete 800 元/m², 200 m², 5 of 20 years used: 200 × 800 × 0.75 = 120,000 元
    a = Attachment(
        category="building",
        kind="brick_concrete",
        quantity=D(200),
        approved_area=D(200),
        unit_price=D(800),
        used_years=D(5),
    )
    assert value(a) == 12_000_000


# --- greenhouses and cold stores (E 二(二)) ---------------------------------------------

GREENHOUSES = [
    ("single_span", 18, 25, 8),
    ("multi_span", 70, 150, 10),
    ("glass_solar", 500, 800, 15),
]


@pytest.mark.parametrize(("kind", "lo", "hi", "life"), GREENHOUSES)
def test_R6_greenhouse_rows(kind: str, lo: int, hi: int, life: int) -> None:
    def g(price, **kw) -> Attachment:
        return Attachment(
            category="greenhouse",
            kind=kind,
            quantity=D(1000),
            unit_price=price,
            standard_2014=True,  # R22: single-span only with the attestation
            **kw,
        )

    assert value(g(D(lo))) == lo * 1000 * 100
    assert value(g(D(hi))) == hi * 1000 * 100
    assert refused(g(D(lo) - D("0.01"))) == {"attachments.0.unit_price"}
    assert refused(g(D(hi) + D("0.01"))) == {"attachments.0.unit_price"}
    assert value(g(D(hi), used_years=D(life))) == 0  # the whole life used
    assert refused(g(D(lo), life_years=D(life + 1))) == {"attachments.0.life_years"}
    assert value(g(D(lo), life_years=D(life), used_years=D(1))) == round(
        lo * 1000 * 100 * (life - 1) / life
    )


@pytest.mark.parametrize(
    ("room_m3", "lo", "hi"), [(D(200), 250, 300), (D(150), 250, 300), (D(201), 220, 270)]
)
def test_R6_cold_store_rows_by_room_volume(room_m3: Decimal, lo: int, hi: int) -> None:
    def c(price, **kw) -> Attachment:
        return Attachment(category="cold_store", quantity=room_m3, unit_price=price, **kw)

    assert value(c(D(lo))) == int(room_m3 * lo * 100)
    assert value(c(D(hi))) == int(room_m3 * hi * 100)
    assert refused(c(D(lo) - D("0.01"))) == {"attachments.0.unit_price"}
    assert refused(c(D(hi) + D("0.01"))) == {"attachments.0.unit_price"}
    # low-temperature stores up to 2× the standard
    assert value(c(D(hi * 2), low_temperature=True)) == int(room_m3 * hi * 2 * 100)
    assert refused(c(D(hi * 2) + D("0.01"), low_temperature=True)) == {"attachments.0.unit_price"}
    assert refused(c(D(lo), life_years=D(11))) == {"attachments.0.life_years"}
    assert value(c(D(lo), used_years=D(5))) == int(room_m3 * lo * 100 / 2)


# --- machinery (E 二(三)) ---------------------------------------------------------------


def test_R6_machinery_90_percent_within_one_year_70_after_none_after_two() -> None:
    def m(cost, bought: date) -> Attachment:
        return Attachment(category="machinery", quantity=D(1), unit_price=cost, purchased_on=bought)

    assert value(m(D(100000), date(2026, 1, 1))) == 9_000_000
    assert value(m(D(100000), date(2025, 11, 25))) == 9_000_000  # one year, inclusive
    assert value(m(D(100000), date(2025, 11, 24))) == 7_000_000
    assert value(m(D(100000), date(2024, 11, 25))) == 7_000_000  # two years, inclusive
    assert refused(m(D(100000), date(2024, 11, 24))) == {"attachments.0.purchased_on"}
    assert value(m(D(50000), date(2026, 6, 1))) == 4_500_000  # 50,000 元 qualifies
    assert refused(m(D("49999.99"), date(2026, 6, 1))) == {"attachments.0.unit_price"}


# --- perennial crops and trellis (E 二(四)) --------------------------------------------

CROPS = [  # group, age band (after, up to], min 元/亩, max 元/亩
    ("pear_peach_citrus", D(0), D(3), 2000, 3000),
    ("pear_peach_citrus", D(3), D(5), 3000, 5000),
    ("pear_peach_citrus", D(5), D(10), 5000, 8000),
    ("grape", D(0), D(2), 2000, 3000),
    ("grape", D(2), D(3), 3500, 5500),
    ("grape", D(3), D(10), 6000, 9000),
]


@pytest.mark.parametrize(("group", "after", "up_to", "lo", "hi"), CROPS)
def test_R6_perennial_crop_rows(group: str, after: Decimal, up_to: Decimal, lo: int, hi: int):
    def crop(age, price) -> Attachment:
        return Attachment(
            category="crop", kind=group, quantity=D(10), unit_price=price, age_years=age
        )

    for age in (after + D("0.5"), up_to):
        assert value(crop(age, D(lo))) == 10 * lo * 100
        assert value(crop(age, D(hi))) == 10 * hi * 100
        assert refused(crop(age, D(lo) - D("0.01"))) == {"attachments.0.unit_price"}
        assert refused(crop(age, D(hi) + D("0.01"))) == {"attachments.0.unit_price"}


def test_R6_crop_older_than_the_table_needs_the_panel_with_reason() -> None:
    old = Attachment(
        category="crop", kind="grape", quantity=D(2), unit_price=D(5000), age_years=D(12)
    )
    assert refused(old) == {"attachments.0.age_years"}
    assert refused(old, method="panel") == {"attachments.0.age_years"}  # no reason
    reasoned = old.model_copy(update={"adjustment_reason": "old vines still in full production"})
    assert value(reasoned, method="panel") == 2 * 5000 * 100
    assert refused(reasoned, method="lender") == {"attachments.0.adjustment_reason"}


def test_R6_pear_trellis_3000_to_4000_per_mu_depreciated() -> None:
    def t(price, used) -> Attachment:
        return Attachment(category="trellis", quantity=D(4), unit_price=price, used_years=used)

    assert value(t(D(3000), D(0))) == 4 * 3000 * 100
    assert value(t(D(4000), D(5))) == 4 * 4000 * 100 // 2  # 5 of the county's 10 years
    assert refused(t(D(2999), D(0))) == {"attachments.0.unit_price"}
    assert refused(t(D(4001), D(0))) == {"attachments.0.unit_price"}


def test_R6_water_saving_equipment_is_replacement_times_newness() -> None:
    w = Attachment(
        category="water_saving",
        quantity=D(1),
        unit_price=D(80000),
        life_years=D(8),
        used_years=D(2),
    )
    assert value(w) == 6_000_000


def test_R6_panel_adjustment_is_recorded_on_the_item() -> None:
    a = Attachment(
        category="greenhouse",
        kind="glass_solar",
        quantity=D(100),
        unit_price=D(900),
        adjustment_reason="imported glass, invoice 2025-88",
    )
    result = appraise(
        method="panel",
        origin="family_contract",
        land=None,
        attachments=[a],
        tables=DEFAULT_TABLES,
        family_cap_per_mu_fen=CAP,
        valued_on=TODAY,
    )
    assert result.total_fen == 9_000_000
    assert not result.items[0].in_table
    assert result.items[0].adjustment_reason == "imported glass, invoice 2025-88"


# --- LTV (R7) ---------------------------------------------------------------------------


def test_R7_loan_normally_at_most_50_percent_of_value() -> None:
    limits = LtvLimits()
    assert ltv_problems(50_000, 100_000, limits, enhancements=0, above_normal_reason=None) == []
    over = ltv_problems(50_001, 100_000, limits, enhancements=0, above_normal_reason=None)
    assert [(p[0], p[1]) for p in over] == [("above_normal_reason", "R7")]


def test_R7_never_above_60_percent_without_a_credit_enhancement() -> None:
    limits = LtvLimits()
    ok = ltv_problems(60_000, 100_000, limits, enhancements=0, above_normal_reason="good credit")
    assert ok == []
    over = ltv_problems(60_001, 100_000, limits, enhancements=0, above_normal_reason="x")
    assert [(p[0], p[1]) for p in over] == [("loan_amount", "R7")]


def test_R7_credit_enhancement_allows_up_to_the_configured_cap() -> None:
    limits = LtvLimits(enhanced_cap=D("0.7"))
    assert ltv_problems(70_000, 100_000, limits, enhancements=1, above_normal_reason="x") == []
    over = ltv_problems(70_001, 100_000, limits, enhancements=2, above_normal_reason="x")
    assert [(p[0], p[1]) for p in over] == [("loan_amount", "R7")]
    higher = LtvLimits(enhanced_cap=D("0.8"))
    assert ltv_problems(80_000, 100_000, higher, enhancements=1, above_normal_reason="x") == []


@given(
    value_fen=st.integers(min_value=1, max_value=10**12),
    loan_fen=st.integers(min_value=0, max_value=10**12),
)
def test_R7_anything_accepted_without_enhancement_is_at_most_60_percent(value_fen, loan_fen):
    if not ltv_problems(loan_fen, value_fen, LtvLimits(), enhancements=0, above_normal_reason="r"):
        assert loan_fen * 10 <= value_fen * 6


# --- term (R5) --------------------------------------------------------------------------


def test_R5_lien_and_loan_cannot_outlast_the_rights_term() -> None:
    end = date(2030, 12, 31)
    assert (
        term_problems(right_term_end=end, lien_term_end=end, loan_term_end=end, today=TODAY) == []
    )
    p = term_problems(
        right_term_end=end,
        lien_term_end=date(2031, 1, 1),
        loan_term_end=date(2031, 1, 1),
        today=TODAY,
    )
    assert {(x[0], x[1]) for x in p} == {("lien_term_end", "R5"), ("loan_term_end", "R5")}
    ended = term_problems(
        right_term_end=date(2026, 11, 25),
        lien_term_end=date(2026, 11, 25),
        loan_term_end=date(2026, 11, 25),
        today=TODAY,
    )
    assert ("certificate_no", "R5") in {(x[0], x[1]) for x in ended}


# --- payment order (R12, R13) -------------------------------------------------------------


@given(
    total=st.integers(min_value=0, max_value=10**12),
    claims=st.lists(st.integers(min_value=0, max_value=10**11), max_size=5),
)
def test_R12_R13_lienholders_are_paid_first_in_rank_and_nothing_is_lost(total, claims) -> None:
    from registry.liens.rules import waterfall

    paid, rest = waterfall(total, [(str(i), c) for i, c in enumerate(claims)])
    assert sum(paid) + rest == total
    assert all(0 <= p <= c for p, c in zip(paid, claims, strict=True))
    for i, p in enumerate(paid):  # a later claim is paid only when every earlier one is full
        if p > 0:
            assert all(paid[j] == claims[j] for j in range(i))
    assert rest == 0 or paid == claims  # the holder gets something only after every lien
