"""R22 (001 Appendix E 二(一), 二(二)1, (五); 5.3.2): a building on the smaller of its approved
and actual area, the 2014-standard attestation of a single-span greenhouse, pumps and
motors at invoice price × newness, and the 5.3.2 factors kept with the valuation."""

from __future__ import annotations

from decimal import Decimal

from registry_testkit import BANK_A, appraised

from registry.valuation.rules import Attachment, RuleViolation

D = Decimal


def refused(*attachments: Attachment, method: str = "lender") -> set[tuple[str, str]]:
    try:
        appraised(*attachments, method=method)
    except RuleViolation as exc:
        return {(p[0], p[1]) for p in exc.problems}
    raise AssertionError("not refused")


def house(**kw) -> Attachment:
    return Attachment(
        **{"category": "building", "kind": "brick_concrete", "unit_price": D(800), **kw}
    )


def test_R22_001_E_2_1_a_building_is_valued_on_the_smaller_of_approved_and_actual_area() -> None:
    # built 180 m² on 150 m² approved: 150 × 800
    result = appraised(house(quantity=D(180), approved_area=D(150)))
    assert result.total_fen == 150 * 800 * 100
    assert result.items[0].valued_quantity == "150.0000"
    # built less than approved: the actual area
    assert appraised(house(quantity=D(120), approved_area=D(150))).total_fen == 120 * 800 * 100


def test_R22_001_E_2_1_a_building_without_approval_goes_to_the_expert_panel() -> None:
    assert refused(house(quantity=D(100))) == {("attachments.0.approved_area", "R22")}
    result = appraised(
        house(quantity=D(100), adjustment_reason="old house before 1999, village records"),
        method="panel",
    )
    assert result.total_fen == 100 * 800 * 100 and result.items[0].in_table is False


def test_R22_001_E_2_2_1_a_single_span_greenhouse_needs_the_2014_attestation() -> None:
    g = {"category": "greenhouse", "kind": "single_span", "quantity": D(500)}
    assert refused(Attachment(**g, unit_price=D(20))) == {("attachments.0.standard_2014", "R22")}
    assert appraised(Attachment(**g, unit_price=D(20), standard_2014=True)).total_fen == (
        500 * 20 * 100
    )
    # the panel may value it with its reason
    panel = Attachment(**g, unit_price=D(20), adjustment_reason="site visit: sound frame")
    assert appraised(panel, method="panel").total_fen == 500 * 20 * 100


def test_R22_001_E_5_pumps_and_motors_at_invoice_price_times_newness() -> None:
    pump = {"category": "pump_motor", "quantity": D(1), "unit_price": D("12000.00")}
    # 3 of 10 years used: 12,000 × 0.7 = 8,400
    a = Attachment(**pump, invoice_no="FP-0091", life_years=D(10), used_years=D(3))
    assert appraised(a).total_fen == 840_000
    assert refused(Attachment(**pump)) == {
        ("attachments.0.invoice_no", "R22"),
        ("attachments.0.life_years", "R22"),
    }


async def test_R22_001_5_3_2_the_valuation_keeps_its_factors(reg) -> None:
    right = await reg.right()
    app = await reg.apply(right)
    r = await reg.value(
        app["id"],
        factors={
            "land_grade": "三等地（庆城县农用地分等成果2019）",
            "expected_net_income_per_mu": "450",
        },
    )
    assert r.status_code == 200, r.text
    factors = r.json()["factors"]
    assert factors["land_grade"].startswith("三等地")
    assert factors["expected_net_income_per_mu"] == "450.00"
    assert Decimal(factors["remaining_years"]) > 20
    kept = (await reg.c.get(f"/lien-applications/{app['id']}", headers=BANK_A)).json()
    assert kept["valuation"]["factors"] == factors
