"""The deal confirmation — 成交确认书 — as a verifiable PDF (DOMAIN B1, B6, X2; issue 20):
rendered from a real deal, read back, its numbers equal the API's, its fonts embedded,
its QR code leading to the verification page, and its verification valid, superseded
or not matching a tampered copy."""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select

from bidding.documents.models import IssuedDocument
from common.clock import SHANGHAI
from common.documents import content_hash
from testkit.bidding import OTHER_STAFF, SELLER_AUTH, STAFF, buyer, person
from testkit.pdfcheck import read_pdf


async def _ascending_deal(h, listing_id: str) -> tuple[dict, str, str]:
    """An online ascending auction (B6): two bidders, the higher wins."""
    a, b = person(), person()
    sid = await h.open_trade(listing_id, [(a, False), (b, False)], free=0)
    assert (await h.bid(sid, a, "100000.00")).status_code == 201
    assert (await h.bid(sid, b, "150000.00")).status_code == 201
    h.clock.advance(seconds=300)
    await h.fire()
    [deal] = (await h.client.get(f"/listings/{listing_id}/deals", headers=STAFF)).json()
    return deal, a, b


async def _negotiated_deal(h, listing_id: str, price: str) -> tuple[dict, str]:
    """A negotiated transfer (B1): one qualified buyer, a price to the fen."""
    a = person()
    sid = await h.open_trade(listing_id, [(a, False)])
    offer = await h.client.post(
        f"/sessions/{sid}/negotiation/offer", json={"amount": price}, headers=buyer(a)
    )
    assert offer.status_code == 200, offer.text
    for step, who in (("seller-confirm", SELLER_AUTH), ("conclude", STAFF)):
        r = await h.client.post(f"/sessions/{sid}/negotiation/{step}", headers=who)
        assert r.status_code == 200, r.text
    [deal] = (await h.client.get(f"/listings/{listing_id}/deals", headers=STAFF)).json()
    return deal, a


def _local(iso: str, fmt: str) -> str:
    from datetime import datetime

    return datetime.fromisoformat(iso).astimezone(SHANGHAI).strftime(fmt)


async def test_B1_B6_the_deal_confirmation_pdf_prints_the_apis_numbers_embeds_fonts_and_verifies(
    h,
) -> None:
    deal, winner = await _negotiated_deal(h, "L-DOC-1", "123456.78")
    loser = person()
    r = await h.client.get(f"/deals/{deal['trade_id']}/confirmation.pdf", headers=buyer(winner))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-")
    code = r.headers["x-document-code"]
    assert re.fullmatch(r"B[0-9A-Z]{9}", code)

    pdf = read_pdf(r.content, "deal_confirmation")
    assert pdf.fonts and all(embedded for _name, embedded in pdf.fonts), pdf.fonts
    assert any("CJK" in name for name, _ in pdf.fonts)
    flat = pdf.flat
    assert "成交确认书" in flat
    assert deal["confirmation_no"] in flat
    # the price, the deposit applied and the balance, to the fen, as the API has them
    assert deal["price"] == "123456.78"
    assert "人民币123,456.78元" in flat
    deposit = deal["deposit_applied"]
    assert f"人民币{int(float(deposit)):,}.{deposit.split('.')[1]}元" in flat
    assert "人民币118,456.78元" in flat  # 123,456.78 − the 5,000.00 deposit
    assert _local(deal["concluded_at"], "%Y年%m月%d日%H:%M") in flat
    assert _local(deal["contract_deadline"], "%Y年%m月%d日%H:%M") in flat
    assert winner in flat and "张三" in flat

    # the QR code leads to the portal's verification page for this code
    [url] = pdf.qr
    assert re.fullmatch(rf"http://127\.0\.0\.1:8000/verify/{code}\?h=[0-9a-f]{{16}}", url), url
    digest = url.split("h=")[1]
    assert digest in flat.replace("SHA-256：", "")

    v = await h.client.get(f"/documents/{code}/verification", params={"h": digest})
    assert v.status_code == 200, v.text
    body = v.json()
    assert body["status"] == "valid" and body["matches"] is True
    assert body["number"] == deal["confirmation_no"]
    assert body["summary"]["price"] == "123456.78"
    assert body["summary"]["seller"] == "张*"  # masked (X3)
    assert winner not in str(body["summary"])
    # the downloaded file is the one issued, byte for byte
    file_sha = hashlib.sha256(r.content).hexdigest()
    assert body["pdf_sha256"] == file_sha
    assert (await h.client.get(f"/documents/{code}/verification", params={"h": file_sha})).json()[
        "matches"
    ] is True

    # the same document again while the deal's facts stand, for the seller and the staff
    for who in (SELLER_AUTH, STAFF):
        again = await h.client.get(f"/deals/{deal['trade_id']}/confirmation.pdf", headers=who)
        assert again.status_code == 200 and again.headers["x-document-code"] == code
    # nobody else's
    for outsider in (buyer(loser), OTHER_STAFF):
        r = await h.client.get(f"/deals/{deal['trade_id']}/confirmation.pdf", headers=outsider)
        assert r.status_code == 403


async def test_B6_X2_a_reissued_confirmation_supersedes_the_old_and_a_tampered_copy_does_not_match(
    h,
) -> None:
    deal, _loser, winner = await _ascending_deal(h, "L-DOC-2")
    first = await h.client.get(f"/deals/{deal['trade_id']}/confirmation.pdf", headers=STAFF)
    old = first.headers["x-document-code"]
    bad = await h.client.post(
        f"/deals/{deal['trade_id']}/confirmation/reissue", json={"reason": ""}, headers=STAFF
    )
    assert bad.status_code == 422 and "reason" in bad.text
    assert (
        await h.client.post(
            f"/deals/{deal['trade_id']}/confirmation/reissue",
            json={"reason": "原件遗失，补发"},
            headers=buyer(winner),
        )
    ).status_code == 403
    r = await h.client.post(
        f"/deals/{deal['trade_id']}/confirmation/reissue",
        json={"reason": "原件遗失，补发"},
        headers=STAFF,
    )
    assert r.status_code == 200, r.text
    new = r.json()
    assert new["code"] != old and new["status"] == "valid"
    assert new["number"] == f"{deal['confirmation_no']}-2"

    was = (await h.client.get(f"/documents/{old}/verification")).json()
    assert was["status"] == "superseded" and was["superseded_by"] == new["code"]
    assert (await h.client.get(f"/documents/{new['code']}/verification")).json()[
        "status"
    ] == "valid"
    # the download now gives the re-issued one, marked as such
    pdf = await h.client.get(f"/deals/{deal['trade_id']}/confirmation.pdf", headers=STAFF)
    assert pdf.headers["x-document-code"] == new["code"]
    assert "补发" in read_pdf(pdf.content, "deal_confirmation_reissued").flat

    # a tampered copy: the same document with the price changed hashes otherwise, and a
    # changed file has another SHA-256 — neither is the register's
    async with h.rt.sessionmaker() as session:
        doc = (
            await session.execute(select(IssuedDocument).where(IssuedDocument.code == new["code"]))
        ).scalar_one()
    payload = {
        "kind": doc.kind,
        "number": doc.number,
        "issuer": doc.issuer,
        "issued_at": doc.issued_at,
        "data": doc.data,
    }
    assert content_hash(payload) == new["content_hash"]  # how the hash is made
    assert doc.data["price"] == "150000.00"
    forged = content_hash(payload | {"data": doc.data | {"price": "15000.00"}})[:16]
    v = await h.client.get(f"/documents/{new['code']}/verification", params={"h": forged})
    assert v.status_code == 200 and v.json()["matches"] is False
    # an incremental update appended to the file (how PDF editors change one)
    altered = pdf.content + b"\n% edited\n%%EOF\n"
    v = await h.client.get(
        f"/documents/{new['code']}/verification",
        params={"h": hashlib.sha256(altered).hexdigest()},
    )
    assert v.json()["matches"] is False


async def test_X4_verification_refuses_a_malformed_code_and_knows_no_invented_one(h) -> None:
    bad = await h.client.get("/documents/not-a-code/verification")
    assert bad.status_code == 422 and "code" in bad.text
    missing = await h.client.get("/documents/B000000000/verification")
    assert missing.status_code == 404 and missing.json()["type"].endswith("/document-not-found")
    bad_hash = await h.client.get("/documents/B000000000/verification", params={"h": "xyz"})
    assert bad_hash.status_code == 422


async def test_B5_B6_a_defaulted_deal_has_its_confirmation_revoked(h) -> None:
    deal, _loser, winner = await _ascending_deal(h, "L-DOC-3")
    r = await h.client.get(f"/deals/{deal['trade_id']}/confirmation.pdf", headers=buyer(winner))
    code = r.headers["x-document-code"]
    assert (await h.client.get(f"/documents/{code}/verification")).json()["status"] == "valid"
    h.clock.advance(days=9)  # past the 5-working-day contract deadline: the buyer defaulted
    assert await h.fire() == 1
    v = (await h.client.get(f"/documents/{code}/verification")).json()
    assert v["status"] == "revoked" and "defaulted" in v["reason"]
