"""R18 (001 App. B B.2 a–g; 000-地 四(四)2): a transfer made outside the exchange is filed at
the township and issued its transferred-right certificate (流转土地经营权证) <cert>-L<n>; an
L19 transaction certificate replaces the contract, payment proof and outflow consent."""

from __future__ import annotations

from registry_testkit import AUTHORITY, CLERK, COUNTY, fields

from common.ids import generate_resident_id
from testkit.testing import auth

ITEMS = {
    "a_application_form": "登记表 2026-003",
    "b_identity": "身份证 复印件",
    "c_transfer_contract": "流转合同 LZ-2026-9",
    "d_payment_proof": "转账凭证 0091",
    "e_location_map": "示意图 1 张",
    "f_outflow_consent": "张三 书面同意",
}


def body(**kw):
    base = {
        "transferee_party_id": generate_resident_id(COUNTY),
        "transferee_name": "绿源合作社",
        "area_mu": "12",
        "term_start": "2026-03-01",
        "term_end": "2036-02-28",
        "annual_rent_per_mu": "500.00",
        "rent_paid_until": "2027-02-28",
        "transfer_contract_no": "LZ-2026-9",
        "items": ITEMS,
    }
    return base | kw


async def file(reg, cert: str, headers=CLERK, **kw):
    return await reg.c.post(
        f"/rights/{cert}/off-exchange-transfers", json=body(**kw), headers=headers
    )


async def test_R18_001_B_2_a_filed_transfer_is_issued_its_certificate(reg) -> None:
    right = await reg.right()
    cert = right["certificate_no"]
    r = await file(reg, cert)
    assert r.status_code == 201, r.text
    child = r.json()
    assert child["certificate_no"] == f"{cert}-L1"
    assert child["origin"] == "transfer" and child["parent_certificate_no"] == cert
    assert child["contractor_party_id"] == right["holder_party_id"]
    assert child["area_mu"] == "12" and child["annual_rent_per_mu"] == "500.00"
    history = (await reg.c.get(f"/rights/{cert}/history", headers=AUTHORITY)).json()
    assert history[-1]["action"] == "transfer_out"


async def test_R18_001_B_2_every_missing_item_and_conflict_at_once(reg) -> None:
    right = await reg.right()
    cert = right["certificate_no"]
    assert (await file(reg, cert, area_mu="12")).status_code == 201
    r = await file(
        reg,
        cert,
        area_mu="9",  # 12 + 9 > 20 mu: overlaps the first transfer
        term_end="2048-12-31",  # beyond the contract's 2047-12-31
        items={"a_application_form": "登记表"},
        agent_party_id=generate_resident_id(COUNTY),
    )
    assert r.status_code == 422
    assert fields(r) == {
        ("items.b_identity", "R18"),
        ("items.b_power_of_attorney", "R18"),
        ("items.c_transfer_contract", "R18"),
        ("items.d_payment_proof", "R18"),
        ("items.e_location_map", "R18"),
        ("items.f_outflow_consent", "R18"),
        ("term_end", "R18"),
        ("area_mu", "R18"),
    }
    assert (await reg.c.get(f"/rights/{cert}-L2", headers=AUTHORITY)).status_code == 404


async def test_R18_L19_a_transaction_certificate_replaces_contract_payment_and_consent(
    reg,
) -> None:
    right = await reg.right()
    items = {k: v for k, v in ITEMS.items() if k[0] not in "cdf"}
    r = await file(
        reg,
        right["certificate_no"],
        items=items,
        transfer_contract_no=None,
        transaction_certificate_code="JZ6208212026000017",
    )
    assert r.status_code == 201, r.text
    assert r.json()["transfer_contract_no"] == "JZ6208212026000017"


async def test_R18_only_the_rights_township_or_county_files_it(reg) -> None:
    right = await reg.right()
    other = auth("township_clerk", org_type="township", org_id="620821102")
    assert (await file(reg, right["certificate_no"], headers=other)).status_code == 403
    r = await file(reg, right["certificate_no"], headers=AUTHORITY)
    assert r.status_code == 201, r.text
