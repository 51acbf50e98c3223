"""The intake receipt — 受理回执 — as a verifiable PDF (DOMAIN L3, L4, X2; issue 20): what
the township window took in, read back from the PDF and checked against the API."""

from __future__ import annotations

import re
from datetime import datetime

from common.clock import SHANGHAI
from testkit.sample_files import sample_file


async def test_L3_the_intake_receipt_lists_the_materials_taken_in_and_verifies(lite) -> None:
    from testkit.pdfcheck import read_pdf

    listing = await lite.create(reserve_price="123456.78", deposit="12345.60")
    lid = listing["id"]
    early = await lite.c.get(f"/listings/{lid}/intake-receipt.pdf", headers=lite.clerk())
    assert early.status_code == 409 and "not-submitted" in early.text  # nothing taken in yet
    await lite.upload_all(lid)
    await lite.post(f"/listings/{lid}/submit", headers=lite.clerk())

    r = await lite.c.get(f"/listings/{lid}/intake-receipt.pdf", headers=lite.clerk())
    assert r.status_code == 200, r.text
    code = r.headers["x-document-code"]
    assert re.fullmatch(r"L[0-9A-Z]{9}", code)
    pdf = read_pdf(r.content, "intake_receipt")
    assert pdf.fonts and all(embedded for _name, embedded in pdf.fonts), pdf.fonts
    flat = pdf.flat
    assert "受理回执" in flat and lid in flat and listing["title"] in flat
    assert "人民币123,456.78元" in flat and "人民币12,345.60元" in flat
    materials = (await lite.c.get(f"/listings/{lid}/documents", headers=lite.clerk())).json()
    assert len(materials) == len(lite.REQUIRED_DOCS)
    for m in materials:
        assert m["sha256"][:16] in flat
    for name in ("交易申请书", "出让方资格证明", "底价或底价依据"):
        assert name in flat
    [submitted] = [
        d
        for d in (await lite.c.get(f"/listings/{lid}/decisions", headers=lite.clerk())).json()
        if d["action"] == "listing.submitted"
    ]
    at = datetime.fromisoformat(submitted["decided_at"]).astimezone(SHANGHAI)
    assert at.strftime("%Y年%m月%d日%H:%M") in flat
    [url] = pdf.qr
    assert url.startswith(f"http://127.0.0.1:8000/verify/{code}?h=")
    v = (await lite.c.get(f"/documents/{code}/verification", params={"h": url[-16:]})).json()
    assert v["status"] == "valid" and v["matches"] is True
    assert v["summary"]["seller"] == "李*" and lite.seller not in str(v["summary"])

    # another township's window and a buyer may not print it (X3)
    assert (
        await lite.c.get(
            f"/listings/{lid}/intake-receipt.pdf", headers=lite.clerk(lite.OTHER_TOWNSHIP)
        )
    ).status_code == 403
    assert (await lite.c.get(f"/listings/{lid}/intake-receipt.pdf", headers=lite.staff())).headers[
        "x-document-code"
    ] == code


async def test_L4_a_resubmission_after_a_return_supersedes_the_receipt(lite) -> None:
    listing = await lite.create()
    lid = listing["id"]
    await lite.upload_all(lid)
    await lite.post(f"/listings/{lid}/submit", headers=lite.clerk())
    first = await lite.c.get(f"/listings/{lid}/intake-receipt.pdf", headers=lite.clerk())
    old = first.headers["x-document-code"]
    await lite.post(
        f"/listings/{lid}/township-review",
        {"approve": False, "opinion": "需补正", "reasons": ["缺村委会意见"]},
        lite.clerk(),
    )
    r = await lite.upload(lid, "other", sample_file(text="村委会意见"))
    assert r.status_code == 201, r.text
    lite.clock.advance(hours=2)
    await lite.post(f"/listings/{lid}/submit", headers=lite.clerk())
    second = await lite.c.get(f"/listings/{lid}/intake-receipt.pdf", headers=lite.clerk())
    new = second.headers["x-document-code"]
    assert new != old
    was = (await lite.c.get(f"/documents/{old}/verification")).json()
    assert was["status"] == "superseded" and was["superseded_by"] == new
    now = (await lite.c.get(f"/documents/{new}/verification")).json()
    assert now["status"] == "valid" and "其他材料" in now["summary"]["materials"]
