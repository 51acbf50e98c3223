"""Bidding — 交易 — service definition and FastAPI app factory.

Trading sessions — negotiated transfer, online ascending bidding, auction and sealed
tender — with the deposit and settlement ledger, deals and contracts (DOMAIN B1–B6).
"""

import bidding.deals.models
import bidding.deposits.models
import bidding.documents.models
import bidding.ledger.models
import bidding.listings.models
import bidding.sessions.models  # noqa: F401 - the tables of Base.metadata
from bidding.db import Base, infra
from bidding.deals.endpoints import router as deals_router
from bidding.deals.handlers import handlers as deal_handlers
from bidding.deals.service import ON_VOID
from bidding.deposits.endpoints import router as deposits_router
from bidding.documents.endpoints import router as documents_router
from bidding.documents.service import on_deal_void
from bidding.listings.handlers import handlers as listing_handlers
from bidding.params import PARAMS
from bidding.sessions.endpoints import HOT_BID
from bidding.sessions.endpoints import router as sessions_router
from bidding.sessions.handlers import handlers as session_handlers
from bidding.timers import TIMERS
from common.app import app_factory
from common.auth import Role
from common.service import ServiceDefinition, subscribe

# A deal void before its contract has its confirmation revoked (documents), in the same
# unit of work, without deals importing documents.
subscribe(ON_VOID, on_deal_void)

service = ServiceDefinition.of_package(
    __file__,
    name="bidding",
    title="Bidding — 交易",
    description=(
        "Trading sessions — negotiated transfer, online ascending bidding, auction and "
        "sealed tender — with the deposit and settlement ledger, deals and contracts "
        "(DOMAIN B1–B6)."
    ),
    metadata=Base.metadata,
    infra=infra,
    routers=[
        sessions_router,
        deposits_router,
        deals_router,
        documents_router,
        PARAMS.router(
            write_roles=(Role.exchange_staff,),
            read_roles=(Role.exchange_staff, Role.supervisor, Role.county_finance),
        ),
    ],
    hot_routes=[HOT_BID],  # a bid of the common shape skips FastAPI's machinery
    event_handlers=listing_handlers.merged(session_handlers).merged(deal_handlers),
    timer_handlers=TIMERS,
)

create_app = app_factory(service)
