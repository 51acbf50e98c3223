"""The reference price beside a listing's reserve — 参考价 (L16), for the centre."""

from __future__ import annotations

from typing import Annotated

from common.auth import OrgType, Principal, Role, require
from common.routes import SessionDep
from common.routes import router as make_router
from listing.listings.repository import get_listing
from listing.pricing import service, views
from listing.pricing.schemas import ReferenceOut

# the listings' tag: the reference is read from a listing's page (OpenAPI unchanged)
router = make_router(tags=["listings — 挂牌"])
#: the window reads its own township's reference too: L16's warning beside the reserve it
#: takes in (a warning, never a refusal)
READERS = Annotated[
    Principal,
    require(
        Role.exchange_staff,
        Role.township_clerk,
        org_types=(OrgType.county, OrgType.township),
    ),
]


@router.get("/listings/{listing_id}/reference", response_model=ReferenceOut)
async def reference(listing_id: str, session: SessionDep, who: READERS) -> ReferenceOut:
    """L16: the reference value beside the reserve price, and a warning below the range."""
    listing = await get_listing(session, listing_id)
    return views.reference_out(await service.reference(session, who, listing))
