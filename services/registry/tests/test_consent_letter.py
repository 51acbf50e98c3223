"""The consent letter — 同意抵押意见书 (001 Appendix A, C, D) — as a verifiable PDF to
print and sign, 一式三份 (DOMAIN R8, X2, X3; issue 20): the form for the right's origin,
one copy per keeper, the amount the application has, fonts embedded, the QR code
leading to the verification page; a corrected application supersedes the letter."""

from __future__ import annotations

from registry_testkit import BANK_A, BANK_B, COUNTY

from common.ids import generate_resident_id
from testkit.pdfcheck import read_pdf


async def test_R8_the_consent_letter_pdf_prints_three_copies_of_the_right_form(reg) -> None:
    co = generate_resident_id(COUNTY)
    right = await reg.right(co_owners=[{"party_id": co, "name": "李四"}])
    app = await reg.apply(right, loan_amount="80000.00")
    path = f"/lien-applications/{app['id']}/consent-letter.pdf"
    r = await reg.c.get(path, headers=BANK_A)
    assert r.status_code == 200, r.text
    code = r.headers["x-document-code"]
    letter = (
        await reg.c.get(f"/lien-applications/{app['id']}/consent-letter", headers=BANK_A)
    ).json()
    assert letter["form"] == "A"
    pdf = read_pdf(r.content, "consent_letter")
    assert pdf.fonts and all(embedded for _name, embedded in pdf.fonts), pdf.fonts
    flat = pdf.flat
    assert "同意抵押意见书" in flat and "适用于承包户直接抵押融资" in flat
    # 一式三份: one copy for each keeper, each with the letter's text
    for keeper in ("第一联银行执", "第二联登记部门执", "第三联承包方执"):
        assert keeper in flat
    assert flat.count("申请借款8万元") == 3 and flat.count(right["certificate_no"]) >= 3
    assert "人民币80,000.00元" in flat and "李四" in flat
    [url] = pdf.qr
    assert url.startswith(f"http://127.0.0.1:8000/verify/{code}?h=")
    v = (await reg.c.get(f"/documents/{code}/verification", params={"h": url[-16:]})).json()
    assert v["status"] == "valid" and v["matches"] is True and v["summary"]["copies"] == "一式三份"
    # another bank may not print it (X3); a second download is the same letter
    assert (await reg.c.get(path, headers=BANK_B)).status_code in (403, 404)
    assert (await reg.c.get(path, headers=BANK_A)).headers["x-document-code"] == code

    # the bank corrects the amount: the letter to sign is a new one, the old superseded
    fixed = await reg.c.patch(
        f"/lien-applications/{app['id']}",
        json={"loan_amount": "90000.00", "reason": "借款金额更正"},
        headers=BANK_A,
    )
    assert fixed.status_code == 200, fixed.text
    again = await reg.c.get(path, headers=BANK_A)
    new = again.headers["x-document-code"]
    assert new != code and "申请借款9万元" in read_pdf(again.content, "consent_letter_2").flat
    old = (await reg.c.get(f"/documents/{code}/verification")).json()
    assert old["status"] == "superseded" and old["superseded_by"] == new
