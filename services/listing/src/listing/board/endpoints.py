"""The public announcement board — 公告栏 (L5, L12, L14): no token needed.

Announcements, results and contracts are public; personal data is masked (common.ids).
"""

from __future__ import annotations

from fastapi import Query

from common.context import now
from common.money import Money, to_fen
from common.routes import SessionDep
from common.routes import router as make_router
from listing.board import service, views
from listing.board.schemas import BoardDetail, BoardItem, BoardQuery, ReferencePrices
from listing.listings.schemas import PRODUCTS, one_of
from listing.listings.states import PUBLISHED_STATES

router = make_router(prefix="/board", tags=["public board — 公告栏"])

#: The board's filters take only values that exist (L1 products, published states).
BoardProduct = one_of(PRODUCTS, rule="L1", what_zh="交易品种")
BoardStatus = one_of(PUBLISHED_STATES, rule="L14", what_zh="公告状态")


@router.get("/listings", response_model=list[BoardItem])
async def board(
    session: SessionDep,
    county: str | None = Query(None, pattern=r"^[0-9]{6}$"),
    township: str | None = Query(None, pattern=r"^[0-9]{9}$"),
    product: BoardProduct | None = None,
    status: BoardStatus | None = None,
    min_price: Money | None = None,
    max_price: Money | None = None,
    q: str | None = Query(None, max_length=100),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=100_000),
) -> list[BoardItem]:
    """Published announcements with filters; the server's time for the countdown."""
    f = BoardQuery(
        county=county,
        township=township,
        product=product,
        status=status,
        min_price_fen=None if min_price is None else to_fen(min_price),
        max_price_fen=None if max_price is None else to_fen(max_price),
        q=q,
        limit=limit,
        offset=offset,
    )
    rows = await service.board_page(session, None, f)
    at = now(session)
    return [views.board_item(x, at) for x in rows]


@router.get("/listings/{listing_id}", response_model=BoardDetail)
async def board_detail(listing_id: str, session: SessionDep) -> BoardDetail:
    """An announcement with its end time, result and contract (L14), personal data masked."""
    page = await service.announcement(session, None, listing_id)
    return views.board_detail(page, now(session))


@router.get("/reference-prices", response_model=ReferencePrices)
async def reference_prices(
    session: SessionDep, county: str = Query(pattern=r"^[0-9]{6}$")
) -> ReferencePrices:
    """The county's construction-land base prices in force (基准地价, L22), the reference
    prices of the 入市 disclosure (E16)."""
    return await service.reference_prices(session, county)
