"""R16 (001 5.1.1–5.1.3, 5.4.2 e): the loan application's materials by applicant class, every
missing item listed at once, and the lender's finding that the collateral can be realised."""

from __future__ import annotations

from registry_testkit import BANK_A, BASE_DOCS, fields


async def open_problems(reg, app_id: str) -> set[tuple[str, str]]:
    r = await reg.c.get(f"/lien-applications/{app_id}/checks", headers=BANK_A)
    assert r.status_code == 200, r.text
    return {(p["field"], p["rule"]) for p in r.json()["problems"]}


async def ready_transfer(reg, right, docs: list[str], **kw):
    """A transferred right's application, valued on its remaining paid years."""
    app = await reg.apply(right, loan_amount="10000.00", **kw)
    await reg.upload_all(app["id"], [*BASE_DOCS, *docs])
    r = await reg.value(
        app["id"], land={"area_mu": "20", "annual_price_per_mu": "600", "years": "2"}
    )
    assert r.status_code == 200, r.text
    return app


async def test_R16_001_5_1_1_a_household_lists_every_missing_item_at_once(reg) -> None:
    right = await reg.right()
    app = await reg.ready_application(
        right, extra_docs=["consent_letter_A"], applicant_class="household"
    )
    assert await open_problems(reg, app["id"]) == {
        ("documents.marriage_certificate", "R16"),
        ("documents.joint_repayment_commitment", "R16"),
        ("collateral_realisable", "R16"),
    }
    r = await reg.register(app["id"])
    assert r.status_code == 422
    assert {f for f in fields(r) if f[1] == "R16"} == await open_problems(reg, app["id"])
    await reg.upload_all(app["id"], ["marriage_certificate", "joint_repayment_commitment"])
    r = await reg.c.patch(
        f"/lien-applications/{app['id']}",
        json={"reason": "visited the farm", "collateral_realisable": True},
        headers=BANK_A,
    )
    assert r.status_code == 200, r.text
    assert r.json()["collateral_realisable"] is True
    assert await open_problems(reg, app["id"]) == set()
    assert (await reg.register(app["id"])).status_code == 201


async def test_R16_001_5_1_2_a_legal_person_transferee_and_a_re_transferred_right(reg) -> None:
    right = await reg.transfer_right()
    app = await ready_transfer(
        reg,
        right,
        ["consent_letter_C"],
        applicant_class="legal_person_transferee",
        management_capacity=True,
        contractor_consents=True,
        retransferred=True,
        collateral_realisable=True,
    )
    assert await open_problems(reg, app["id"]) == {
        ("documents.business_licence", "R16"),
        ("documents.credit_rating", "R16"),
        ("documents.financial_statements", "R16"),
        ("documents.representative_ids", "R16"),
        ("documents.transfer_contract", "R16"),
        ("documents.rent_receipt", "R16"),
        ("documents.transferred_right_certificate", "R16"),
        ("documents.retransfer_consent", "R16"),
    }


async def test_R16_001_5_1_3_a_natural_person_transferee_needs_both_lists(reg) -> None:
    right = await reg.transfer_right()
    app = await ready_transfer(
        reg,
        right,
        [
            "consent_letter_C",
            "transfer_contract",
            "rent_receipt",
            "transferred_right_certificate",
        ],
        applicant_class="natural_person_transferee",
        management_capacity=True,
        contractor_consents=True,
        collateral_realisable=True,
    )
    assert await open_problems(reg, app["id"]) == {
        ("documents.marriage_certificate", "R16"),
        ("documents.joint_repayment_commitment", "R16"),
    }


async def test_R16_001_5_4_2_a_collateral_that_cannot_be_realised_is_refused(reg) -> None:
    right = await reg.right()
    app = await reg.ready_application(
        right,
        extra_docs=["consent_letter_A", "marriage_certificate", "joint_repayment_commitment"],
        applicant_class="household",
        collateral_realisable=False,
        realisability_note="no buyer in the village for this orchard",
    )
    r = await reg.c.get(f"/lien-applications/{app['id']}/checks", headers=BANK_A)
    problems = r.json()["problems"]
    assert [(p["field"], p["rule"]) for p in problems] == [("collateral_realisable", "R16")]
    assert "no buyer" in problems[0]["message"]


async def test_R16_the_class_must_fit_the_rights_origin(reg) -> None:
    right = await reg.right()
    app = await reg.ready_application(
        right,
        extra_docs=["consent_letter_A", "marriage_certificate", "joint_repayment_commitment"],
        applicant_class="natural_person_transferee",
        collateral_realisable=True,
    )
    assert ("applicant_class", "R16") in await open_problems(reg, app["id"])
