"""X3 (issue 16 item 4): what a guarantor sees of the borrower files of its county — ID
number and phone masked, in full only for borrowers on its own guarantees — and whose
class it may override (only those)."""

from __future__ import annotations

from guarantee_helpers import (
    CLERK,
    FINANCE,
    GUARANTOR,
    OTHER_GUARANTOR,
    SUPERVISOR,
    borrower_id,
    import_rows,
    ok,
    person,
    recommended,
    row,
)

PHONE = "13812345678"


async def test_X3_a_guarantor_sees_id_numbers_and_phones_only_on_its_own_guarantees(
    client,
) -> None:
    mine, other = person(21), person(22)
    await recommended(client, mine)  # AHNDB-QY recommends `mine` to a bank
    await import_rows(client, row(other, phone=PHONE))
    other_id = await borrower_id(client, other)
    seen = {b["id"]: b for b in ok(await client.get("/borrowers", headers=GUARANTOR))}
    assert seen[await borrower_id(client, mine)]["party_id"] == mine
    masked = seen[other_id]
    assert masked["party_id"] == other[:6] + "********" + other[-4:].upper()
    assert masked["phone"] == "138****5678"
    one = ok(await client.get(f"/borrowers/{other_id}", headers=GUARANTOR))
    assert (one["party_id"], one["phone"]) == (masked["party_id"], masked["phone"])
    # another guarantor claiming the county sees even `mine` masked
    theirs = {b["id"]: b for b in ok(await client.get("/borrowers", headers=OTHER_GUARANTOR))}
    assert theirs[await borrower_id(client, mine)]["party_id"] != mine
    # the township that keeps the file, the county and the supervisor see it in full
    for headers in (CLERK, FINANCE, SUPERVISOR):
        full = ok(await client.get(f"/borrowers/{other_id}", headers=headers))
        assert (full["party_id"], full["phone"]) == (other, PHONE)


async def test_X3_a_guarantor_reclassifies_only_borrowers_on_its_own_guarantees(client) -> None:
    mine, other = person(23), person(24)
    await recommended(client, mine)
    await import_rows(client, row(other, haves="111110"))
    body = {"category": "credit_candidate", "reason": "宣讲会登记融资需求"}
    other_id = await borrower_id(client, other)
    r = await client.post(f"/borrowers/{other_id}/classification", json=body, headers=GUARANTOR)
    assert r.status_code == 403 and r.json()["rule"] == "X3"
    assert ok(await client.get(f"/borrowers/{other_id}", headers=CLERK))["category"] == "nurture"
    mine_id = await borrower_id(client, mine)
    for headers, expect in ((OTHER_GUARANTOR, 403), (GUARANTOR, 200)):
        r = await client.post(
            f"/borrowers/{mine_id}/classification",
            json={"category": "other", "reason": "经营情况变化"},
            headers=headers,
        )
        assert r.status_code == expect, r.text
