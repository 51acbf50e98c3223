"""The consoles' home — 工作台 (``/console``): each console the person's role may use,
with the count of every work queue (portal.console)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from portal.access import sign_in_first
from portal.console import LISTINGS, Queue, queue_counts
from portal.navigation import consoles_for
from portal.pages.authority import endpoints as authority
from portal.pages.bank import endpoints as bank
from portal.pages.centre import endpoints as centre
from portal.pages.department import endpoints as department
from portal.pages.finance import endpoints as finance
from portal.pages.guarantor import endpoints as guarantor
from portal.pages.supervisor import endpoints as supervisor
from portal.pages.township import endpoints as township
from portal.session import visitor
from portal.views import render

router = APIRouter()

#: Each console's queues (a new console adds its line).
QUEUES: dict[str, tuple[Queue, ...]] = {
    township.BASE: township.QUEUES,
    department.BASE: department.QUEUES,
    centre.BASE: centre.QUEUES,
    bank.BASE: bank.QUEUES,
    authority.BASE: authority.QUEUES,
    supervisor.BASE: supervisor.QUEUES,
    finance.BASE: (),  # funds, not queues: the console's own page shows them
    guarantor.BASE: guarantor.QUEUES,
    # the homestead consoles' queues are the collective service's, counted on their page
    "/console/homestead/village": (),
    "/console/homestead/township": (),
    # the 入市 consoles' queues too (issue 22)
    "/console/entry/village": (),
    "/console/entry/bureau": (),
}
#: Where a console's queues are counted, when not in the listing service.
SOURCES: dict[str, tuple[str, str]] = {
    bank.BASE: bank.SOURCE,
    authority.BASE: bank.SOURCE,
    guarantor.BASE: guarantor.SOURCE,
}


@router.get("/console")
async def home(request: Request) -> Response:
    """工作台: what is waiting, per queue, in every console of the person's role."""
    me = visitor(request)
    if not me.signed_in:
        return sign_in_first(request)
    boards: list[dict[str, Any]] = []
    for console in consoles_for(me.role):
        queues = QUEUES[console.path]
        assert me.token
        source = SOURCES.get(console.path, LISTINGS)
        counts = await queue_counts(request, me.token, queues, source)
        boards.append({"console": console, "queues": queues, "counts": counts})
    return render(request, "console/home.html", boards=boards)
