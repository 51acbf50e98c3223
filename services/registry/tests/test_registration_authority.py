"""R19 (001 5.5.1; 000-房; 000-地): which kind of authority registers which right type — a
county map; land rights at the agriculture bureau, housing, homestead, construction land
and forest at the real-estate centre; an authority of another kind is refused."""

from __future__ import annotations

from registry_testkit import AUTHORITY, BANK_A, COUNTY, HOUSING_TERMS

from testkit.testing import auth

BUREAU = auth("registration_authority", org_type="county", org_id=COUNTY, subject="nongye-ju")
CENTRE = auth("registration_authority", org_type="county", org_id=COUNTY, subject="budongchan")


async def set_param(reg, key: str, value) -> None:
    await reg.set_parameter(key, value, "县政府分工")


async def test_R19_001_5_5_1_a_land_lien_is_registered_by_the_agriculture_bureau_only(reg) -> None:
    right = await reg.right()
    app = await reg.ready_application(right, extra_docs=["consent_letter_A"])
    await set_param(
        reg,
        "registration_authority_kinds",
        {"nongye-ju": "agriculture_bureau", "budongchan": "real_estate_centre"},
    )
    r = await reg.c.post(f"/lien-applications/{app['id']}/register", headers=CENTRE)
    assert r.status_code == 403 and r.json()["rule"] == "R19", r.text
    assert "agriculture_bureau" in r.json()["detail"]
    r = await reg.c.post(f"/lien-applications/{app['id']}/register", headers=AUTHORITY)
    assert r.status_code == 403  # an account the county has not listed
    r = await reg.c.post(f"/lien-applications/{app['id']}/register", headers=BUREAU)
    assert r.status_code == 201, r.text
    lien = r.json()
    # a change and a discharge by the wrong kind are refused too; the lender may discharge
    change = {
        "changed_on": reg.today.isoformat(),
        "secured_amount": "40000.00",
        "term_end": "2030-12-31",
        "reason": "部分还款",
        "version": lien["version"],
    }
    r = await reg.c.post(f"/liens/{lien['id']}/changes", json=change, headers=CENTRE)
    assert r.status_code == 403 and r.json()["rule"] == "R19"
    r = await reg.c.post(f"/liens/{lien['id']}/changes", json=change, headers=BUREAU)
    assert r.status_code == 201, r.text
    body = {"reason": "repaid", "note": "结清"}
    r = await reg.c.post(f"/liens/{lien['id']}/discharge", json=body, headers=CENTRE)
    assert r.status_code == 403
    r = await reg.c.post(f"/liens/{lien['id']}/discharge", json=body, headers=BANK_A)
    assert r.status_code == 200, r.text


async def test_R19_000_fang_housing_is_registered_by_the_real_estate_centre(reg) -> None:
    await set_param(
        reg,
        "registration_authority_kinds",
        {"nongye-ju": "agriculture_bureau", "budongchan": "real_estate_centre"},
    )
    app = await reg.housing_application(loan_terms=HOUSING_TERMS)
    r = await reg.c.post(f"/lien-applications/{app['id']}/register", headers=BUREAU)
    assert r.status_code == 403 and "real_estate_centre" in r.json()["detail"]
    r = await reg.c.post(f"/lien-applications/{app['id']}/register", headers=CENTRE)
    assert r.status_code == 201, r.text


async def test_R19_the_map_is_a_county_parameter(reg) -> None:
    await set_param(reg, "registration_authority_kinds", {"jiaoyi": "exchange_platform"})
    platform = auth("registration_authority", org_type="county", org_id=COUNTY, subject="jiaoyi")
    right = await reg.right()
    app = await reg.ready_application(right, extra_docs=["consent_letter_A"])
    r = await reg.c.post(f"/lien-applications/{app['id']}/register", headers=platform)
    assert r.status_code == 403
    # 000-地: the platform registers land liens where the county says so
    await set_param(reg, "registration_map", {"contracted_land": "exchange_platform"})
    r = await reg.c.post(f"/lien-applications/{app['id']}/register", headers=platform)
    assert r.status_code == 201, r.text
