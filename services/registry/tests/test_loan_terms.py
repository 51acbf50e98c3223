"""R20 (000-地 三(四)(七)(九); 000-房): the loan terms recorded on the application — purpose
from the county's catalogue, rate and reference rate, repayment method — and no borrowing
fee beyond the contract rate on a farmer housing or homestead loan."""

from __future__ import annotations

from registry_testkit import BANK_A, HOUSING_TERMS, fields


async def test_R20_000_fang_a_housing_loan_with_another_borrowing_fee_is_refused(reg) -> None:
    app = await reg.housing_application(
        loan_terms={**HOUSING_TERMS, "other_fees": "300.00", "no_extra_fee_attestation": False},
    )
    r = await reg.register(app["id"])
    assert r.status_code == 422
    assert fields(r) == {
        ("loan_terms.other_fees", "R20"),
        ("loan_terms.no_extra_fee_attestation", "R20"),
    }
    r = await reg.c.patch(
        f"/lien-applications/{app['id']}",
        json={"reason": "fee dropped", "loan_terms": HOUSING_TERMS},
        headers=BANK_A,
    )
    assert r.status_code == 200, r.text
    terms = r.json()["loan_terms"]
    assert terms["other_fees"] == "0.00" and terms["reference_rate_basis"] == "lpr"
    assert (await reg.register(app["id"])).status_code == 201


async def test_R20_000_fang_a_housing_loan_needs_its_terms_recorded(reg) -> None:
    app = await reg.housing_application()
    r = await reg.register(app["id"])
    assert fields(r) == {("loan_terms", "R20")}


async def test_R20_000_3_4_purpose_rate_and_repayment_are_recorded_from_the_catalogue(
    reg,
) -> None:
    right = await reg.right()
    bad = {**HOUSING_TERMS, "purpose": "speculation", "rate": "0"}
    r = await reg.c.post(
        "/lien-applications", json=reg.application_body(right, loan_terms=bad), headers=BANK_A
    )
    assert r.status_code == 422
    assert fields(r) == {("loan_terms.purpose", "R20"), ("loan_terms.rate", "R20")}
    incomplete = {k: v for k, v in HOUSING_TERMS.items() if k != "repayment_method"}
    r = await reg.c.post(
        "/lien-applications",
        json=reg.application_body(right, loan_terms=incomplete),
        headers=BANK_A,
    )
    assert r.status_code == 422
    assert any(e["field"].endswith("repayment_method") for e in r.json()["errors"])
    # a non-agricultural purpose is a warning, not a refusal (「主要」 is not absolute)
    app = await reg.ready_application(
        right,
        extra_docs=["consent_letter_A"],
        loan_terms={**HOUSING_TERMS, "purpose": "consumption"},
    )
    checks = (await reg.c.get(f"/lien-applications/{app['id']}/checks", headers=BANK_A)).json()
    assert checks["ready"] is True
    assert [(w["field"], w["rule"]) for w in checks["warnings"]] == [("loan_terms.purpose", "R20")]
    assert (await reg.register(app["id"])).status_code == 201


async def test_R20_the_purpose_catalogue_and_the_reference_basis_are_county_parameters(
    reg,
) -> None:
    for key, value in (
        ("loan_purposes", [{"code": "tea", "name": "茶园", "agricultural": True}]),
        ("reference_rate_basis", "benchmark"),
    ):
        await reg.set_parameter(key, value, "县定")
    right = await reg.right()
    r = await reg.c.post(
        "/lien-applications",
        json=reg.application_body(right, loan_terms={**HOUSING_TERMS, "purpose": "grain"}),
        headers=BANK_A,
    )
    assert fields(r) == {("loan_terms.purpose", "R20")}
    app = await reg.apply(right, loan_terms={**HOUSING_TERMS, "purpose": "tea"})
    assert app["loan_terms"]["reference_rate_basis"] == "benchmark"
