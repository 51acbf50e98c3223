"""G18 service cycle — 服务周期转换 (seed 004 劝耕贷 二(二)8 「及时在“劝耕贷数据管理系统”中更新借款
主体信息，做好服务周期转换」): a repaid guarantee marks the borrower's file for renewal, and a
repeat recommendation waits for the file to be updated after the last repayment."""

from __future__ import annotations

from guarantee_helpers import (
    BANK,
    CLERK,
    GUARANTOR,
    bank_entry,
    borrower_id,
    import_rows,
    issued,
    ok,
    person,
    row,
)


async def _recommend(client, bid: str):
    body = {"lender_org_id": BANK, "borrower_ids": [bid]}
    return await client.post("/guarantees/recommendations", json=body, headers=GUARANTOR)


async def test_G18_a_repeat_borrower_is_recommended_only_after_the_file_is_renewed(
    client,
) -> None:
    party = person(1)
    gid = await issued(client, party, "1000000")
    ok(
        await bank_entry(
            client, gid, "drawdowns", {"amount": "1000000", "bank_reference": "D"}, "d"
        ),
        201,
    )
    bid = await borrower_id(client, party)
    assert ok(await client.get(f"/borrowers/{bid}", headers=CLERK))["renewal_due_at"] is None
    half = {"principal": "400000", "interest": "0", "bank_reference": "R1"}
    ok(await bank_entry(client, gid, "repayments", half, "r1"), 201)
    assert ok(await client.get(f"/borrowers/{bid}", headers=CLERK))["renewal_due_at"] is None
    rest = {"principal": "600000", "interest": "0", "bank_reference": "R2"}
    assert ok(await bank_entry(client, gid, "repayments", rest, "r2"), 201)["state"] == "repaid"
    assert ok(await client.get(f"/borrowers/{bid}", headers=CLERK))["renewal_due_at"]

    r = await _recommend(client, bid)
    assert r.status_code == 422, r.text
    (problem,) = r.json()["errors"]
    assert (problem["field"], problem["rule"]) == ("borrower_ids.0", "G18")
    assert "服务周期转换" in problem["message_zh"]

    await import_rows(client, row(party, phone="13900000000"))  # the township updates the file
    assert ok(await client.get(f"/borrowers/{bid}", headers=CLERK))["renewal_due_at"] is None
    assert ok(await _recommend(client, bid), 201)[0]["state"] == "recommended"


async def test_G18_a_first_time_borrower_needs_no_renewal(client) -> None:
    await import_rows(client, row(person(2)))
    bid = await borrower_id(client, person(2))
    assert ok(await _recommend(client, bid), 201)[0]["state"] == "recommended"
