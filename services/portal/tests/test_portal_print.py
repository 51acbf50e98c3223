"""Print buttons — 打印 (issue 20): a page where a document exists offers it as its
issued PDF, relayed by the portal's /print route (only the printable documents, with
the visitor's own token); the verification page says when a printed announcement has
been superseded by a re-issue."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from testkit.platform_client import staff


async def test_L5_X2_the_board_page_prints_the_announcement_and_verify_says_superseded(
    embedded, tmp_path
) -> None:
    from testkit.pdfcheck import read_pdf

    async with embedded.platform() as p:
        listing = await embedded.published_listing(p)
        lid = listing["id"]
        async with embedded.browser() as b:
            page = await b.get(f"/board/{lid}")
            assert page.status_code == 200, page.text
            href = f"/print/listing/board/listings/{lid}/announcement.pdf"
            assert f'href="{href}"' in page.text and "打印交易公告" in page.text
            r = await b.get(href)
            assert r.status_code == 200, r.text[:300]
            assert r.headers["content-type"] == "application/pdf"
            assert r.headers["content-disposition"].startswith("inline;")
            code = r.headers["x-document-code"]
            pdf = read_pdf(r.content, "announcement_portal")
            assert "交易公告" in pdf.flat and pdf.qr[0].endswith(pdf.qr[0][-16:])
            path = pdf.qr[0].removeprefix("http://127.0.0.1:8000")
            valid = await b.get(path)
            assert "有效" in valid.text and "内容一致" in valid.text
            assert "打印核验结果" in valid.text  # the verification page prints itself

            ends = datetime.fromisoformat(listing["announcement_ends_at"]) + timedelta(days=3)
            await p.request(
                "listing",
                "POST",
                f"/listings/{lid}/extend",
                staff(),
                json={"ends_at": ends.isoformat(), "reason": "应出让方申请延长"},
            )
            old = await b.get(f"/verify/{code}")
            assert old.status_code == 200 and "已被更正或补发" in old.text
            latest = await b.get(href)
            new = latest.headers["x-document-code"]
            assert new != code and f'href="/verify/{new}"' in old.text

            # the stored file changed behind the platform's back: the service refuses to
            # send it (500 document-integrity); the portal says the service is unwell
            sha = hashlib.sha256(latest.content).hexdigest()
            stored = tmp_path / "documents" / sha[:2] / sha[2:4] / sha
            assert stored.exists()
            stored.write_bytes(b"%PDF- altered")
            broken = await b.get(href)
            assert broken.status_code == 502 and "%PDF" not in broken.text

            # only the printable documents are relayed, nothing else of a service
            for bad in (
                "/print/listing/listings",
                f"/print/listing/listings/{lid}",
                "/print/nowhere/board/listings/x/announcement.pdf",
                f"/print/listing/board/listings/{lid}/../../listings",
            ):
                assert (await b.get(bad)).status_code == 404, bad
            # a document the visitor may not read: the service's refusal, shown as a page
            receipt = await b.get(f"/print/listing/listings/{lid}/intake-receipt.pdf")
            assert receipt.status_code == 401
