"""R17 (001 App. C, D): a transferred right assembled from several contractors needs one
consent per outflow (App. C by each contractor, App. D by the co-op for the entrusted ones);
the consenting areas add up exactly to the mortgaged area; three originals each."""

from __future__ import annotations

from registry_testkit import AUTHORITY, BANK_A, BASE_DOCS, COUNTY, fields

from common.ids import generate_resident_id

WANG = generate_resident_id(COUNTY, seq=21)
LI = generate_resident_id(COUNTY, seq=22)
ZHAO = generate_resident_id(COUNTY, seq=23)


def outflow(party: str, name: str, area: str, entrusted: bool = False) -> dict:
    return {
        "contractor_party_id": party,
        "contractor_name": name,
        "area_mu": area,
        "term_end": "2035-12-31",
        "contract_no": f"LZ-{name}",
        "entrusted": entrusted,
    }


OUTFLOWS = [
    outflow(WANG, "王五", "8.5"),
    outflow(LI, "李四", "6.25"),
    outflow(ZHAO, "赵六", "5.25", entrusted=True),
]


def assembled(reg, outflows=OUTFLOWS):
    return reg.transfer_right(
        contractor_party_id=WANG, contractor_name="王五等3户", outflows=outflows
    )


async def ready(reg, right, consents):
    app = await reg.apply(
        right,
        loan_amount="10000.00",
        management_capacity=True,
        contractor_consents=True,
        outflow_consents=consents,
    )
    await reg.upload_all(app["id"], [*BASE_DOCS, "consent_letter_C"])
    r = await reg.value(
        app["id"], land={"area_mu": "20", "annual_price_per_mu": "600", "years": "2"}
    )
    assert r.status_code == 200, r.text
    return app


def consent(form: str, signer: str, area: str, originals: int = 3) -> dict:
    return {"form": form, "signer_party_id": signer, "area_mu": area, "originals": originals}


async def r17(reg, app_id: str) -> list[str]:
    checks = (await reg.c.get(f"/lien-applications/{app_id}/checks", headers=BANK_A)).json()
    return [p["message"] for p in checks["problems"] if p["rule"] == "R17"]


async def test_R17_001_C_D_one_consent_per_outflow_with_areas_adding_up_exactly(reg) -> None:
    right = await assembled(reg)
    assert [o["contractor_name"] for o in right["outflows"]] == ["王五", "李四", "赵六"]
    app = await ready(reg, right, [consent("C", WANG, "8.5")])
    problems = await r17(reg, app["id"])
    assert any("李四" in p for p in problems)
    assert any("App. D" in p for p in problems)
    assert any("8.5" in p and "20" in p for p in problems)
    r = await reg.register(app["id"])
    assert r.status_code == 422 and ("outflow_consents", "R17") in fields(r)

    full = [
        consent("C", WANG, "8.5"),
        consent("C", LI, "6.25"),
        consent("D", right["collective_id"], "5.25"),
    ]
    r = await reg.c.patch(
        f"/lien-applications/{app['id']}",
        json={"reason": "letters signed", "outflow_consents": full},
        headers=BANK_A,
    )
    assert r.status_code == 200, r.text
    assert await r17(reg, app["id"]) == []
    assert (await reg.register(app["id"])).status_code == 201


async def test_R17_a_stranger_signer_a_wrong_sum_and_missing_originals_are_refused(reg) -> None:
    right = await assembled(reg)
    app = await ready(
        reg,
        right,
        [
            consent("C", WANG, "8.5"),
            consent("C", generate_resident_id(COUNTY, seq=99), "6.25"),
            consent("D", "another-coop", "5.2499", originals=2),
        ],
    )
    problems = await r17(reg, app["id"])
    # 李四 missing, a stranger's C, no co-op D, a D by another, the sum, one original
    assert len(problems) == 6, problems
    assert "19.9999" in problems[4] and "three originals" in problems[5]


async def test_R17_the_outflows_must_add_up_to_the_rights_area(reg) -> None:
    r = await reg.c.post(
        "/rights",
        json=reg.transfer_right_body(
            transfer_contract_no="LZ-1",
            contractor_party_id=WANG,
            outflows=[outflow(WANG, "王五", "8.5")],
        ),
        headers=AUTHORITY,
    )
    assert r.status_code == 422 and fields(r) == {("outflows", "R17")}
