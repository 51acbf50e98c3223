"""The guarantee's documents — 劝耕贷公示 (G5) and 代偿通知 (G6) — as verifiable PDFs
(issue 20): rendered from a guarantee walked through the pipeline, read back, the
numbers the API has, fonts embedded, the QR code leading to the verification page."""

from __future__ import annotations

from datetime import datetime

from guarantee_helpers import (
    CLERK,
    FINANCE,
    GUARANTOR,
    LENDER,
    OTHER_FINANCE,
    OTHER_LENDER,
    approved,
    ok,
    overdue_guarantee,
    person,
)

from common.clock import SHANGHAI
from common.ids import mask_party_id
from testkit.pdfcheck import read_pdf


def _minute(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(SHANGHAI).strftime("%Y年%m月%d日%H:%M")


async def test_G5_the_public_notice_prints_the_posted_notice_masked_and_verifies(lite) -> None:
    party = person(7)
    gid = await approved(lite, party, "800000")
    early = await lite.get(f"/notices/{gid}.pdf")
    assert early.status_code == 409 and "not-on-notice" in early.text
    notice = {"complaint_phone": "0566-5021234", "places": "蓉城镇政府、青峰村"}
    ok(await lite.post(f"/guarantees/{gid}/notice", json=notice, headers=CLERK))
    [posted] = [n for n in ok(await lite.get("/notices", params={"county": "620821"}))]
    r = await lite.get(f"/notices/{gid}.pdf")  # no token: public
    assert r.status_code == 200, r.text
    code = r.headers["x-document-code"]
    pdf = read_pdf(r.content, "guarantee_public_notice")
    assert pdf.fonts and all(embedded for _name, embedded in pdf.fonts), pdf.fonts
    flat = pdf.flat
    assert "劝耕贷公示" in flat and "0566-5021234" in flat and "蓉城镇政府、青峰村" in flat
    assert posted["amount"] == "800000.00" and "人民币800,000.00元" in flat
    assert posted["borrower"] in flat and mask_party_id(party) in flat and party not in flat
    assert _minute(posted["starts_at"]) in flat and _minute(posted["ends_at"]) in flat
    [url] = pdf.qr
    assert url.startswith(f"http://127.0.0.1:8000/verify/{code}?h=")
    v = ok(await lite.get(f"/documents/{code}/verification", params={"h": url[-16:]}))
    assert v["status"] == "valid" and v["matches"] is True and v["title"] == "劝耕贷公示"
    assert (await lite.get("/notices/NOPE.pdf")).status_code == 404


async def test_G6_the_compensation_notice_prints_the_split_the_api_has(lite) -> None:
    party = person(8)
    gid = await overdue_guarantee(lite, party, principal="900000", interest="100000.01")
    path = f"/guarantees/{gid}/compensation-notice.pdf"
    early = await lite.get(path, headers=LENDER)
    assert early.status_code == 409 and "not-compensated" in early.text
    ok(
        await lite.post(
            f"/guarantees/{gid}/compensation", json={"reason": "逾期90天"}, headers=GUARANTOR
        ),
        201,
    )
    c = ok(await lite.get(f"/guarantees/{gid}", headers=FINANCE))["compensation"]
    r = await lite.get(path, headers=LENDER)
    assert r.status_code == 200, r.text
    code = r.headers["x-document-code"]
    pdf = read_pdf(r.content, "compensation_notice")
    assert pdf.fonts and all(embedded for _name, embedded in pdf.fonts), pdf.fonts
    flat = pdf.flat
    assert "代偿通知" in flat and party in flat  # to the bank and finance: not masked
    for key in ("overdue", "guarantor_paid", "county_share", "bank_share", "guarantor_net"):
        amount = f"{int(c[key].split('.')[0]):,}.{c[key].split('.')[1]}"
        assert f"人民币{amount}元" in flat, key
    assert "人民币1,000,000.01元" in flat and "人民币800,000.01元" in flat
    [url] = pdf.qr
    assert url.startswith(f"http://127.0.0.1:8000/verify/{code}?h=")
    v = ok(await lite.get(f"/documents/{code}/verification"))
    assert v["status"] == "valid" and party not in str(v["summary"])
    assert (await lite.get(path, headers=FINANCE)).headers["x-document-code"] == code
    # another bank and another county's finance bureau may not read it (X3)
    assert (await lite.get(path, headers=OTHER_LENDER)).status_code in (403, 404)
    assert (await lite.get(path, headers=OTHER_FINANCE)).status_code in (403, 404)
