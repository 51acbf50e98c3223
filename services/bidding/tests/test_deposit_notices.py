"""Deposit refund and forfeiture notices — 保证金退还 / 没收通知 — as verifiable PDFs
(DOMAIN B5, X2, X3; issue 20): rendered from a real auction, read back, the amount the
deposits API has, fonts embedded, the QR code leading to the verification page."""

from __future__ import annotations

from datetime import datetime

from common.clock import SHANGHAI
from testkit.bidding import OTHER_STAFF, STAFF, buyer, person
from testkit.pdfcheck import read_pdf


async def _auction(h, listing_id: str) -> tuple[str, str, str]:
    """Three bidders; c wins at 105,000.00 and a, b are refunded after the deal."""
    a, b, c = person(), person(), person()
    sid = await h.open_trade(listing_id, [(a, False), (b, False), (c, False)], free=0)
    await h.bid(sid, a, "100000.00")
    await h.bid(sid, b, "101000.00")
    await h.bid(sid, c, "105000.00")
    h.clock.advance(seconds=300)
    await h.fire()
    return a, b, c


async def _deposits(h, listing_id: str) -> dict[str, dict]:
    r = await h.client.get(f"/listings/{listing_id}/deposits", headers=STAFF)
    assert r.status_code == 200, r.text
    return {d["party_id"]: d for d in r.json()}


def _minute(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(SHANGHAI).strftime("%Y年%m月%d日%H:%M")


async def test_B5_a_refunded_deposit_has_a_refund_notice_for_its_payer(h) -> None:
    a, _b, c = await _auction(h, "L-DN-1")
    deposits = await _deposits(h, "L-DN-1")
    refunded = deposits[a]
    assert refunded["state"] == "refunded"
    r = await h.client.get(f"/deposits/{refunded['id']}/notice.pdf", headers=buyer(a))
    assert r.status_code == 200, r.text
    code = r.headers["x-document-code"]
    pdf = read_pdf(r.content, "deposit_refund")
    assert pdf.fonts and all(embedded for _name, embedded in pdf.fonts), pdf.fonts
    flat = pdf.flat
    assert "保证金退还通知" in flat and "L-DN-1" in flat and a in flat
    assert refunded["amount"] == "5000.00" and "人民币5,000.00元" in flat
    assert refunded["bank_reference"] in flat and _minute(refunded["paid_at"]) in flat
    [url] = pdf.qr
    assert url.startswith(f"http://127.0.0.1:8000/verify/{code}?h=")
    v = (await h.client.get(f"/documents/{code}/verification", params={"h": url[-16:]})).json()
    assert v["status"] == "valid" and v["matches"] is True and a not in str(v["summary"])
    # the winner's deposit is applied to the price: no notice; others may not read a's (X3)
    held = await h.client.get(f"/deposits/{deposits[c]['id']}/notice.pdf", headers=STAFF)
    assert held.status_code == 409 and "deposit-not-settled" in held.text
    for outsider in (buyer(c), OTHER_STAFF):
        notice = await h.client.get(f"/deposits/{refunded['id']}/notice.pdf", headers=outsider)
        assert notice.status_code == 403
    assert (await h.client.get("/deposits/999999/notice.pdf", headers=STAFF)).status_code == 404
    again = await h.client.get(f"/deposits/{refunded['id']}/notice.pdf", headers=STAFF)
    assert again.headers["x-document-code"] == code


async def test_B5_a_forfeited_deposit_has_a_forfeiture_notice(h) -> None:
    _a, _b, c = await _auction(h, "L-DN-2")
    h.clock.advance(days=9)  # past the 5-working-day contract deadline: c forfeits
    assert await h.fire() == 1
    forfeited = (await _deposits(h, "L-DN-2"))[c]
    assert forfeited["state"] == "forfeited"
    r = await h.client.get(f"/deposits/{forfeited['id']}/notice.pdf", headers=buyer(c))
    assert r.status_code == 200, r.text
    flat = read_pdf(r.content, "deposit_forfeiture").flat
    assert "保证金没收通知" in flat and "未在规定期限内签订交易合同" in flat
    assert "人民币5,000.00元" in flat and _minute(forfeited["settled_at"]) in flat
