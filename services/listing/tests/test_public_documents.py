"""The public documents of a listing — 交易公告 (L5, L12) and 成交公示 (L14) — as
verifiable PDFs (issue 20): read back from the PDF and checked against the public
board's numbers; verification of a valid, a superseded and a tampered document."""

from __future__ import annotations

from datetime import datetime, timedelta

from common.clock import SHANGHAI
from common.ids import mask_resident_id


def _local(value: str) -> str:
    return datetime.fromisoformat(value).astimezone(SHANGHAI).strftime("%Y年%m月%d日%H:%M")


async def _announcement(lite, lid: str):
    r = await lite.c.get(f"/board/listings/{lid}/announcement.pdf")  # no token: public
    assert r.status_code == 200, r.text
    return r


async def test_L5_the_announcement_prints_the_boards_numbers_and_verifies(lite) -> None:
    from testkit.pdfcheck import read_pdf

    draft = await lite.create()
    early = await lite.c.get(f"/board/listings/{draft['id']}/announcement.pdf")
    assert early.status_code == 409 and "not-announced" in early.text
    listing = await lite.to_announced(reserve_price="88000.50", deposit="8800.00")
    lid = listing["id"]
    board = (await lite.c.get(f"/board/listings/{lid}")).json()
    r = await _announcement(lite, lid)
    code = r.headers["x-document-code"]
    pdf = read_pdf(r.content, "announcement")
    assert pdf.fonts and all(embedded for _name, embedded in pdf.fonts), pdf.fonts
    flat = pdf.flat
    assert "交易公告" in flat and lid in flat and board["title"] in flat
    assert f"人民币{int(float(board['reserve_price'])):,}.50元" in flat
    assert "人民币8,800.00元" in flat
    assert _local(board["announcement_ends_at"]) in flat
    # public: the seller's name and id are masked on paper as on the board
    assert board["seller"]["name"] in flat and lite.seller not in flat
    [url] = pdf.qr
    assert url.startswith(f"http://127.0.0.1:8000/verify/{code}?h=")
    v = (await lite.c.get(f"/documents/{code}/verification", params={"h": url[-16:]})).json()
    assert v["status"] == "valid" and v["matches"] is True and v["title"] == "交易公告"
    # a second download is the same file
    again = await _announcement(lite, lid)
    assert again.headers["x-document-code"] == code and again.content == r.content


async def test_L5_L12_extension_suspension_and_resumption_supersede_the_announcement(
    lite,
) -> None:
    from testkit.pdfcheck import read_pdf

    listing = await lite.to_announced()
    lid = listing["id"]
    codes = [(await _announcement(lite, lid)).headers["x-document-code"]]
    ends = datetime.fromisoformat(listing["announcement_ends_at"]) + timedelta(days=5)
    await lite.post(
        f"/listings/{lid}/extend",
        {"ends_at": ends.isoformat(), "reason": "应出让方申请延长"},
        lite.staff(),
    )
    lite.clock.advance(days=2)
    await lite.post(
        f"/listings/{lid}/suspend",
        {"reason": "权属争议待处理", "reason_code": "ownership_dispute"},
        lite.staff(),
    )
    lite.clock.advance(days=1)
    await lite.post(f"/listings/{lid}/resume", {"reason": "争议已解决"}, lite.staff())
    history = (await lite.c.get(f"/documents/{codes[0]}/verification")).json()  # the first paper
    assert history["status"] == "superseded" and history["superseded_by"]
    # each change superseded the one before, at once (no download in between)
    code = history["superseded_by"]
    while True:
        v = (await lite.c.get(f"/documents/{code}/verification")).json()
        codes.append(code)
        if v["status"] == "valid":
            break
        assert v["status"] == "superseded"
        code = v["superseded_by"]
    assert len(codes) == 4, codes  # published, extended, suspended, resumed
    latest = await _announcement(lite, lid)
    assert latest.headers["x-document-code"] == codes[-1]
    flat = read_pdf(latest.content, "announcement_resumed").flat
    for words in ("延长公告期", "应出让方申请延长", "中止", "权属争议待处理", "恢复", "争议已解决"):
        assert words in flat
    board = (await lite.c.get(f"/board/listings/{lid}")).json()
    assert _local(board["announcement_ends_at"]) in flat
    assert "-4" in latest.headers["content-disposition"]  # the fourth issue's number


async def test_X2_a_tampered_document_does_not_verify(lite) -> None:
    listing = await lite.to_announced()
    r = await _announcement(lite, listing["id"])
    code = r.headers["x-document-code"]
    right = (await lite.c.get(f"/documents/{code}/verification")).json()
    # a printout whose data was altered carries another content hash in its QR code
    forged = "0" * 16 if not right["content_hash"].startswith("0" * 16) else "f" * 16
    v = (await lite.c.get(f"/documents/{code}/verification", params={"h": forged})).json()
    assert v["status"] == "valid" and v["matches"] is False
    # a downloaded file with one byte changed is not the issued file
    import hashlib

    changed = bytearray(r.content)
    changed[len(changed) // 2] ^= 0xFF
    h = hashlib.sha256(bytes(changed)).hexdigest()
    assert (await lite.c.get(f"/documents/{code}/verification", params={"h": h})).json()[
        "matches"
    ] is False
    assert (
        await lite.c.get(
            f"/documents/{code}/verification", params={"h": hashlib.sha256(r.content).hexdigest()}
        )
    ).json()["matches"] is True
    # an invented code is not a document
    assert (await lite.c.get("/documents/L000000000/verification")).status_code == 404


async def test_L14_the_result_publication_prints_the_result_then_the_contract(lite) -> None:
    from testkit.pdfcheck import read_pdf

    listing = await lite.to_announced()
    lid = listing["id"]
    assert (await lite.c.get(f"/board/listings/{lid}/result.pdf")).status_code == 409
    buyer = await lite.close_with_buyer(lid)
    await lite.deliver(lite.concluded(lid, buyer, "123456.70"))
    r = await lite.c.get(f"/board/listings/{lid}/result.pdf")
    assert r.status_code == 200, r.text
    first = r.headers["x-document-code"]
    board = (await lite.c.get(f"/board/listings/{lid}")).json()
    pdf = read_pdf(r.content, "result_publication")
    assert all(embedded for _name, embedded in pdf.fonts)
    flat = pdf.flat
    assert "成交公示" in flat and board["result_price"] == "123456.70"
    assert "人民币123,456.70元" in flat
    assert mask_resident_id(buyer["party_id"]) in flat and buyer["party_id"] not in flat
    assert "王**" in flat and "合同编号" not in flat
    assert pdf.qr[0].startswith(f"http://127.0.0.1:8000/verify/{first}?h=")

    await lite.deliver(lite.signed(lid, buyer, "QY-2026-007", "123456.70"))
    r = await lite.c.get(f"/board/listings/{lid}/result.pdf")
    second = r.headers["x-document-code"]
    assert second != first and "QY-2026-007" in read_pdf(r.content, "result_contract").flat
    was = (await lite.c.get(f"/documents/{first}/verification")).json()
    assert was["status"] == "superseded" and was["superseded_by"] == second
