"""The public verification page — 文书核验 (X2, issue 20): a printed document's QR code
leads here; the page asks the issuing service (by the code's first letter) and says
valid, superseded or revoked, and whether the paper's content hash is the register's."""

from __future__ import annotations

from datetime import date

from common.ids import generate_resident_id
from portal.personas import BANK
from testkit.platform_client import bank


async def test_R9_X2_the_verify_page_shows_a_lien_certificate_valid_then_revoked(
    embedded,
) -> None:
    from testkit.pdfcheck import read_pdf

    holder = generate_resident_id("620821", birth=date(1975, 1, 2), seq=78)
    async with embedded.platform() as p:
        lien = await embedded.registered_lien(p, "QYDOC0001", holder)
        r = await p.raw("registry", "GET", f"/liens/{lien['id']}/certificate.pdf", bank(BANK))
        assert r.status_code == 200, r.text
        code = r.headers["x-document-code"]
        [url] = read_pdf(r.content, "lien_certificate_portal").qr
        path = url.removeprefix("http://127.0.0.1:8000")
        assert path.startswith(f"/verify/{code}?h=")

        async with embedded.browser() as b:
            page = await b.get(path)
            assert page.status_code == 200, page.text
            text = page.text
            assert "抵押登记证明" in text and "有效" in text and "内容一致" in text
            assert "QYDOC0001" in text and "40000.00" in text
            assert "王*" in text and "王建国" not in text and holder not in text
            # a copy whose content hash is not the register's
            forged = await b.get(f"/verify/{code}", params={"h": "0" * 16})
            assert forged.status_code == 200 and "内容不符" in forged.text
            # typed by hand: lower case, with a dash
            typed = await b.get("/verify", params={"code": f"{code[:5].lower()}-{code[5:]}"})
            assert typed.status_code == 303 and typed.headers["location"] == f"/verify/{code}"
            assert (await b.get("/verify")).status_code == 200
            # bad input: a clear 422, never a 500; an unknown code: 404
            assert (await b.get("/verify/<script>")).status_code == 422
            assert (await b.get(f"/verify/{code}", params={"h": "xyz"})).status_code == 422
            assert (await b.get("/verify", params={"code": "nope"})).status_code == 422
            assert (await b.get("/verify/R000000000")).status_code == 404

        await p.request(
            "registry",
            "POST",
            f"/liens/{lien['id']}/discharge",
            bank(BANK),
            json={"reason": "repaid", "note": "loan repaid"},
        )
        async with embedded.browser() as b:
            page = await b.get(f"/verify/{code}")
            assert page.status_code == 200 and "已作废" in page.text and "R11" in page.text
