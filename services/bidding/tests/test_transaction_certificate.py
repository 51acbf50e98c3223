"""The transaction certificate — 交易鉴证书 — as a verifiable PDF (DOMAIN L19, B6, X3;
issue 20): issued only once the contract is signed and the price paid, its numbers the
deal API's, fonts embedded, its QR code leading to the verification page."""

from __future__ import annotations

from datetime import datetime

from common.clock import SHANGHAI
from testkit.bidding import SELLER_AUTH, STAFF, buyer, person
from testkit.pdfcheck import read_pdf


async def _pay(h, tid: str, amount: str) -> dict:
    r = await h.pay_balance(tid, amount)
    assert r.status_code == 201, r.text
    return r.json()


async def test_L19_the_transaction_certificate_needs_the_contract_and_the_price_paid(h) -> None:
    a = person()
    sid = await h.open_trade("L-JZ-1", [(a, False)])
    offer = await h.client.post(
        f"/sessions/{sid}/negotiation/offer", json={"amount": "123456.78"}, headers=buyer(a)
    )
    assert offer.status_code == 200, offer.text
    for step, who in (("seller-confirm", SELLER_AUTH), ("conclude", STAFF)):
        assert (await h.client.post(f"/sessions/{sid}/negotiation/{step}", headers=who)).is_success
    [deal] = (await h.client.get("/listings/L-JZ-1/deals", headers=STAFF)).json()
    tid = deal["trade_id"]
    path = f"/deals/{tid}/certificate.pdf"

    early = await h.client.get(path, headers=STAFF)
    assert early.status_code == 409 and "not-settled" in early.text
    signed = await h.client.post(
        f"/deals/{tid}/contract", json={"contract_no": "HT-JZ-001"}, headers=STAFF
    )
    assert signed.status_code == 200, signed.text
    assert (await h.client.get(path, headers=STAFF)).status_code == 409  # not paid yet
    paid = await _pay(h, tid, deal["balance_due"])
    assert paid["status"] == "settled"

    r = await h.client.get(path, headers=buyer(a))
    assert r.status_code == 200, r.text
    code = r.headers["x-document-code"]
    pdf = read_pdf(r.content, "transaction_certificate")
    assert pdf.fonts and all(embedded for _name, embedded in pdf.fonts), pdf.fonts
    flat = pdf.flat
    deal = (await h.client.get(f"/deals/{tid}", headers=STAFF)).json()
    assert "交易鉴证书" in flat and "HT-JZ-001" in flat and deal["confirmation_no"] in flat
    assert (
        deal["price"] == deal["paid"] == "123456.78" and flat.count("人民币123,456.78元") == 2
    )  # price, paid
    settled = datetime.fromisoformat(deal["settled_at"]).astimezone(SHANGHAI)
    assert settled.strftime("%Y年%m月%d日%H:%M") in flat
    [url] = pdf.qr
    assert url.startswith(f"http://127.0.0.1:8000/verify/{code}?h=")
    v = (await h.client.get(f"/documents/{code}/verification", params={"h": url[-16:]})).json()
    assert v["status"] == "valid" and v["matches"] is True and v["title"] == "交易鉴证书"
    assert a not in str(v["summary"])
    # the seller reads the same certificate; another buyer may not (X3)
    assert (await h.client.get(path, headers=SELLER_AUTH)).headers["x-document-code"] == code
    assert (await h.client.get(path, headers=buyer(person()))).status_code == 403
    # R18: the registry is told once (the number, code, parties and right it certifies)
    [event] = await h.events("bidding.transaction_certificate_changed")
    assert (event["code"], event["status"], event["trade_id"]) == (code, "valid", tid)
    assert event["number"] == "JZ" + deal["confirmation_no"].removeprefix("CJ")
    assert event["buyer_party_id"] == a and event["contract_no"] == "HT-JZ-001"
    assert (event["right_certificate_no"], event["price"]) == ("CERT-001", "123456.78")
