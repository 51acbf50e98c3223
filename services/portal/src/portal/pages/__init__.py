"""The portal's pages, one module per area."""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    from portal.pages.account import endpoints as account
    from portal.pages.authority import endpoints as authority
    from portal.pages.bank import endpoints as bank
    from portal.pages.bankloan import endpoints as bankloan
    from portal.pages.board import endpoints as board
    from portal.pages.buyer import endpoints as buyer
    from portal.pages.centre import endpoints as centre
    from portal.pages.checks import endpoints as checks
    from portal.pages.console import endpoints as console
    from portal.pages.department import endpoints as department
    from portal.pages.entry import endpoints as entry
    from portal.pages.finance import endpoints as finance
    from portal.pages.guarantor import endpoints as guarantor
    from portal.pages.homestead import endpoints as homestead
    from portal.pages.loan import endpoints as loan
    from portal.pages.publicity import endpoints as publicity
    from portal.pages.room import endpoints as room
    from portal.pages.supervisor import endpoints as supervisor
    from portal.pages.township import endpoints as township
    from portal.pages.verify import endpoints as verify

    return [
        board.router,
        buyer.router,
        room.router,
        publicity.router,
        loan.router,
        account.router,
        console.router,
        township.router,
        department.router,
        centre.router,
        checks.router,
        bank.router,
        bankloan.router,
        authority.router,
        supervisor.router,
        finance.router,
        guarantor.router,
        homestead.router,
        entry.router,
        verify.router,
    ]
