"""Filed reports — 统计报送 (X7) in the consoles: a report's filed versions (every
period, each correction a new version) as the owning service lists them, each
downloadable as its PDF or its spreadsheet through the portal's relay
(``/print/{service}/…?format=pdf|xlsx``, streamed, with the reader's own token).

The reports are the services' (``common.filing_routes``): G9 (guarantee), L25 (listing),
R24 (registry), Z13 (collective); the service decides who may read each (X3).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from portal.personas import COUNTY
from portal.views import PageAnswer, refusal


@dataclass(frozen=True, slots=True)
class FiledReport:
    """A report filed under X7: where its versions are listed, and its words."""

    key: str  # "G9"
    service: str
    path: str  # the filings' list below the service, for the portal's one county
    title: str
    due: str  # when each period is due, as people say it

    def version_path(self, row: dict[str, Any]) -> str:
        """The relay's path of one filed version (without the format)."""
        return f"/print/{self.service}{self.path}/{row['period']}/{row['version']}"


REPORTS: dict[str, FiledReport] = {
    r.key: r
    for r in (
        FiledReport(
            "G9",
            "guarantee",
            f"/reports/{COUNTY}/filings",
            "劝耕贷季报、年报（G9）",
            "季后、年后报送",
        ),
        FiledReport(
            "L25",
            "listing",
            f"/counties/{COUNTY}/market-monitoring/filings",
            "农村产权交易市场监测月报（L25）",
            "次月10日前报送",
        ),
        FiledReport(
            "R24",
            "registry",
            f"/counties/{COUNTY}/pilot-statistics/filings",
            "两权抵押贷款试点统计（R24）",
            "按期报送",
        ),
        FiledReport(
            "Z13",
            "collective",
            f"/counties/{COUNTY}/homestead-statistics/filings",
            "宅基地制度改革试点统计（Z13）",
            "按期报送",
        ),
    )
}


async def filed_versions(
    request: Request, token: str | None, report: FiledReport
) -> list[dict[str, Any]]:
    """Every filed version of ``report`` for the county, newest first (the service's
    list, read with the person's token: its refusal is shown in its words)."""
    r = await request.app.state.upstream.get(report.service, report.path, token=token)
    if r.status_code != 200:
        raise PageAnswer(refusal(request, r))
    rows: list[dict[str, Any]] = r.json()
    return sorted(rows, key=lambda x: (str(x["period"]), int(x["version"])), reverse=True)
