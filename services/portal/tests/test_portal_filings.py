"""Filing downloads in the consoles (issue 19, X7): the filed versions of G9 (guarantor,
county finance), L25, R24 and Z13 (supervisor), each downloadable as its PDF (inline)
and its spreadsheet (attachment, the xlsx content type) through the portal's relay,
streamed with the reader's own token — a reader the service refuses gets its refusal."""

from __future__ import annotations

from testkit.platform_client import finance, staff

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
L25 = "/print/listing/counties/620821/market-monitoring/filings/2025-12/1"
G9 = "/print/guarantee/reports/620821/filings/2025-Q4/1"


async def test_X7_the_supervisor_downloads_a_filed_L25_as_pdf_and_xlsx(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        await p.request(
            "listing",
            "POST",
            "/counties/620821/market-monitoring/filings/2025-12",
            staff(),
            expect=201,
        )
        await embedded.sign_in(b, "supervisor")
        page = await b.get("/console/supervisor/filings")
        assert page.status_code == 200, page.text
        assert "农村产权交易市场监测月报（L25）" in page.text and "2025-12" in page.text
        assert f'href="{L25}?format=pdf"' in page.text and f'href="{L25}?format=xlsx"' in page.text
        for key in ("R24", "Z13"):  # the other reports it reads: their tabs, empty so far
            other = await b.get("/console/supervisor/filings", params={"report": key})
            assert other.status_code == 200 and "尚未报送" in other.text
        monthly = await b.get("/console/supervisor/monitoring", params={"month": "2025-12"})
        assert f'href="{L25}?format=xlsx"' in monthly.text

        pdf = await b.get(L25, params={"format": "pdf"})
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert pdf.headers["content-type"] == "application/pdf"
        assert pdf.headers["content-disposition"].startswith("inline;")
        xlsx = await b.get(L25, params={"format": "xlsx"})
        assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")  # a zip: xlsx
        assert xlsx.headers["content-type"] == XLSX
        assert xlsx.headers["content-disposition"].startswith("attachment;")
        assert xlsx.headers["content-disposition"].endswith('.xlsx"')

        assert (await b.get(L25)).status_code == 404  # a filing needs its format
        assert (await b.get(L25, params={"format": "doc"})).status_code == 422
        missing = await b.get(L25.replace("/1", "/9"), params={"format": "pdf"})
        assert missing.status_code == 404
        assert (
            await b.get("/print/listing/counties/620821/x", params={"format": "pdf"})
        ).status_code == 404


async def test_X7_X3_the_guarantor_and_finance_download_G9_and_a_bank_is_refused(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        await p.request(
            "guarantee", "POST", "/reports/620821/filings/2025-Q4", finance(), expect=201
        )
        for persona, console in (("guarantor", "guarantor"), ("finance", "finance")):
            await embedded.sign_in(b, persona)
            page = await b.get(f"/console/{console}/filings")
            assert page.status_code == 200, page.text
            assert "劝耕贷季报、年报（G9）" in page.text and f'href="{G9}?format=xlsx"' in page.text
            xlsx = await b.get(G9, params={"format": "xlsx"})
            assert xlsx.status_code == 200 and xlsx.headers["content-type"] == XLSX
        await embedded.sign_in(b, "bank")
        refused = await b.get(G9, params={"format": "xlsx"})
        assert refused.status_code == 403 and not refused.content.startswith(b"PK")
        assert (await b.get("/console/guarantor/filings")).status_code == 403
