"""The portal's pages, one module per area."""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    from portal.pages import account, board, buyer, loan, publicity, room

    return [
        board.router,
        buyer.router,
        room.router,
        publicity.router,
        loan.router,
        account.router,
    ]
