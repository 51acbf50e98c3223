"""The registry's documents as verifiable PDFs (DOMAIN R1, R9, R10, R11, X2; issue 20):
the lien registration certificate (抵押登记证明) and the search certificate (查询证明),
rendered from real registrations, read back and checked against the API."""

from __future__ import annotations

import re
from datetime import datetime

from registry_testkit import AUTHORITY, BANK_A, BANK_B, OTHER_AUTHORITY, STAFF, person

from common.clock import SHANGHAI


def _day(iso: str) -> str:
    value = datetime.fromisoformat(iso)
    if value.tzinfo is not None:
        value = value.astimezone(SHANGHAI)
    return value.strftime("%Y年%m月%d日")


async def _verify(reg, code: str, **params: str) -> dict:
    r = await reg.c.get(f"/documents/{code}/verification", params=params)
    assert r.status_code == 200, r.text
    return r.json()


async def test_R9_the_lien_certificate_prints_the_registration_and_verifies(reg) -> None:
    from testkit.pdfcheck import read_pdf

    lien = await reg.lien(loan_amount="56789.12")
    r = await reg.c.get(f"/liens/{lien['id']}/certificate.pdf", headers=BANK_A)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    code = r.headers["x-document-code"]
    assert re.fullmatch(r"R[0-9A-Z]{9}", code)

    pdf = read_pdf(r.content, "lien_certificate")
    assert pdf.fonts and all(embedded for _name, embedded in pdf.fonts), pdf.fonts
    flat = pdf.flat
    assert "抵押登记证明" in flat and lien["certificate_no"] in flat
    assert lien["secured_amount"] == "56789.12"
    assert "人民币56,789.12元" in flat
    appraised = lien["appraised_value"]
    yuan, fen = appraised.split(".")
    assert f"人民币{int(yuan):,}.{fen}元" in flat
    assert f"第{lien['rank']}顺位" in flat
    assert _day(lien["registered_at"]) in flat and _day(lien["term_end"]) in flat
    assert lien["lender_name"] in flat and "有效" in flat
    [url] = pdf.qr
    assert re.fullmatch(rf"http://127\.0\.0\.1:8000/verify/{code}\?h=[0-9a-f]{{16}}", url)

    v = await _verify(reg, code, h=url.split("h=")[1])
    assert v["status"] == "valid" and v["matches"] is True
    assert v["summary"]["secured_amount"] == "56789.12"
    assert v["summary"]["holder"] == "张*"  # masked (X3)
    assert lien["borrower_party_id"] not in str(v)

    # the same certificate while the lien stands; the county's staff get it too
    again = await reg.c.get(f"/liens/{lien['id']}/certificate.pdf", headers=AUTHORITY)
    assert again.status_code == 200 and again.headers["x-document-code"] == code
    # another bank, another county: refused (X3)
    for who in (BANK_B, OTHER_AUTHORITY):
        assert (
            await reg.c.get(f"/liens/{lien['id']}/certificate.pdf", headers=who)
        ).status_code == 403


async def test_R10_R11_a_changed_lien_supersedes_its_certificate_and_a_discharge_revokes_it(
    reg,
) -> None:
    from testkit.pdfcheck import read_pdf

    lien = await reg.lien()
    first = await reg.c.get(f"/liens/{lien['id']}/certificate.pdf", headers=BANK_A)
    old = first.headers["x-document-code"]
    r = await reg.change(
        lien["id"],
        changed_on=reg.today,
        secured_amount="40000.00",
        reason="partial repayment",
        version=1,
    )
    assert r.status_code == 201, r.text
    second = await reg.c.get(f"/liens/{lien['id']}/certificate.pdf", headers=BANK_A)
    new = second.headers["x-document-code"]
    assert new != old
    assert "人民币40,000.00元" in read_pdf(second.content, "lien_certificate_changed").flat
    was = await _verify(reg, old)
    assert was["status"] == "superseded" and was["superseded_by"] == new
    assert was["number"] + "-2" == (await _verify(reg, new))["number"]

    r = await reg.discharge(lien["id"])
    assert r.status_code == 200, r.text
    gone = await _verify(reg, new)
    assert gone["status"] == "revoked" and "R11" in gone["reason"]


async def test_R1_the_search_certificate_pdf_states_what_the_register_held(reg) -> None:
    from testkit.pdfcheck import read_pdf

    right = await reg.right()
    cert = right["certificate_no"]
    await reg.lien(right, loan_amount="43210.98")
    holder = person(right["holder_party_id"])
    issued = await reg.c.post(f"/rights/{cert}/search-certificates", headers=holder)
    assert issued.status_code == 200, issued.text
    number = issued.json()["number"]

    r = await reg.c.get(f"/search-certificates/{number}.pdf", headers=holder)
    assert r.status_code == 200, r.text
    code = r.headers["x-document-code"]
    pdf = read_pdf(r.content, "search_certificate")
    assert pdf.fonts and all(embedded for _name, embedded in pdf.fonts), pdf.fonts
    flat = pdf.flat
    assert "查询证明" in flat and number in flat and cert in flat
    [lien] = issued.json()["liens"]
    assert lien["secured_amount"] == "43210.98" and "43,210.98" in flat
    assert "农业银行庆城支行" in flat and "张三" in flat
    [url] = pdf.qr
    assert url.startswith(f"http://127.0.0.1:8000/verify/{code}?h=")
    v = await _verify(reg, code, h=url.split("h=")[1])
    assert v["status"] == "valid" and v["matches"] is True and v["number"] == number
    assert v["summary"]["holder"] == "张*"

    # the same document again (a search certificate is never re-issued: a new search is
    # a new certificate); the county's staff may print it, nobody else
    assert (await reg.c.get(f"/search-certificates/{number}.pdf", headers=STAFF)).headers[
        "x-document-code"
    ] == code
    for who in (BANK_B, OTHER_AUTHORITY):
        assert (
            await reg.c.get(f"/search-certificates/{number}.pdf", headers=who)
        ).status_code == 403
    missing = await reg.c.get("/search-certificates/CX62082199999999.pdf", headers=holder)
    assert missing.status_code == 404
    bad = await reg.c.get("/search-certificates/nope.pdf", headers=holder)
    assert bad.status_code == 422
