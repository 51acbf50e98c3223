"""R18 (001 App. B B.2 a–g; 000-地 四(四)2): a transfer made outside the exchange is filed at
the township and issued its transferred-right certificate (流转土地经营权证) <cert>-L<n>; an
L19 transaction certificate replaces the contract, payment proof and outflow consent."""

from __future__ import annotations

from datetime import UTC, datetime

from registry_testkit import (
    AUTHORITY,
    CLERK,
    COUNTY,
    OFF_EXCHANGE_ITEMS,
    fields,
    off_exchange_filing,
)

from common.contracts.bidding import TransactionCertificateChanged
from common.ids import generate_resident_id
from registry.rights.handlers import on_transaction_certificate_changed
from testkit.testing import auth


async def certified(
    reg, right: dict, buyer: str, *, n: int = 17, status: str = "valid"
) -> TransactionCertificateChanged:
    """bidding issued (or revoked) the 交易鉴证书 JZ…<n> for the right's sale to ``buyer``."""
    event = TransactionCertificateChanged(
        listing_id=f"L{n:031d}",
        trade_id=f"T{n:031d}",
        number=f"JZ620821202600{n:04d}",
        code=f"B{n:09d}",
        status=status,
        right_certificate_no=right["certificate_no"],
        seller_party_id=right["holder_party_id"],
        buyer_party_id=buyer,
        price="120000.00",
        contract_no=f"HT-{n}",
        changed_at=datetime(2026, 3, 1, tzinfo=UTC),
    )
    await reg.deliver(on_transaction_certificate_changed, event, times=2)
    return event


async def file(reg, cert: str, headers=CLERK, **kw):
    return await reg.c.post(
        f"/rights/{cert}/off-exchange-transfers", json=off_exchange_filing(**kw), headers=headers
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
    buyer = generate_resident_id(COUNTY)
    await certified(reg, right, buyer)
    items = {k: v for k, v in OFF_EXCHANGE_ITEMS.items() if k[0] not in "cdf"}
    r = await file(
        reg,
        right["certificate_no"],
        items=items,
        transfer_contract_no=None,
        transaction_certificate_code="JZ6208212026000017",
        transferee_party_id=buyer,
    )
    assert r.status_code == 201, r.text
    assert r.json()["transfer_contract_no"] == "JZ6208212026000017"


async def test_R18_L19_an_unknown_revoked_or_mismatching_certificate_is_refused(reg) -> None:
    """R18 verifies the cited L19 certificate against bidding's
    (``bidding.transaction_certificate_changed``): by code or number, valid, and the same
    right, transferor and transferee; each refusal names R18 and changes nothing."""
    right = await reg.right()
    cert = right["certificate_no"]
    buyer = generate_resident_id(COUNTY)
    items = {k: v for k, v in OFF_EXCHANGE_ITEMS.items() if k[0] not in "cdf"}

    async def cite(code: str, transferee: str = buyer):
        return await file(
            reg,
            cert,
            items=items,
            transfer_contract_no=None,
            transaction_certificate_code=code,
            transferee_party_id=transferee,
        )

    unknown = await cite("JZ6208212026009999")
    assert unknown.status_code == 422
    assert fields(unknown) == {("transaction_certificate_code", "R18")}
    other_right = await certified(reg, {**right, "certificate_no": "GS6208210999"}, buyer, n=2)
    assert fields(await cite(other_right.number)) == {("transaction_certificate_code", "R18")}
    other_seller = await certified(
        reg, {**right, "holder_party_id": generate_resident_id(COUNTY)}, buyer, n=3
    )
    assert fields(await cite(other_seller.code)) == {("transaction_certificate_code", "R18")}
    good = await certified(reg, right, buyer, n=4)
    other_buyer = await cite(good.code, transferee=generate_resident_id(COUNTY))
    assert fields(other_buyer) == {("transaction_certificate_code", "R18")}
    # revoked by the centre: refused (a late "valid" does not revive it)
    await certified(reg, right, buyer, n=4, status="revoked")
    await certified(reg, right, buyer, n=4)
    revoked = await cite(good.code)
    assert revoked.status_code == 422 and "revoked" in revoked.json()["errors"][0]["message"]
    assert (await reg.c.get(f"/rights/{cert}-L1", headers=AUTHORITY)).status_code == 404
    fine = await certified(reg, right, buyer, n=5)
    r = await cite(fine.code)
    assert r.status_code == 201, r.text


async def test_R18_only_the_rights_township_or_county_files_it(reg) -> None:
    right = await reg.right()
    other = auth("township_clerk", org_type="township", org_id="620821102")
    assert (await file(reg, right["certificate_no"], headers=other)).status_code == 403
    r = await file(reg, right["certificate_no"], headers=AUTHORITY)
    assert r.status_code == 201, r.text
