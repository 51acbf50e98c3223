"""Listing — 挂牌 — service definition and FastAPI app factory.

Listings at the township window, the review chain, 20-day announcements, buyer
qualification and the public announcement board (DOMAIN L1–L16).
"""

from common.app import app_factory
from common.auth import Role
from common.service import ServiceDefinition, subscribe
from listing.archive import endpoints as archive
from listing.board import endpoints as board
from listing.db import Base, infra
from listing.documents import endpoints as documents
from listing.documents.service import on_announcement_changed
from listing.listings import endpoints as listings
from listing.listings import handlers as listing_handlers
from listing.listings.announcement import ON_CHANGE
from listing.monitoring import endpoints as monitoring
from listing.monitoring import handlers as monitoring_handlers
from listing.params import PARAMS
from listing.parties import endpoints as parties
from listing.parties import handlers as party_handlers
from listing.pricing import endpoints as pricing
from listing.registrations import endpoints as registrations
from listing.registrations import handlers as registration_handlers
from listing.timers import TIMERS

# The documents area re-issues the printed announcement when it changes, in the same unit
# of work, without the listings area importing documents.
subscribe(ON_CHANGE, on_announcement_changed)

service = ServiceDefinition.of_package(
    __file__,
    name="listing",
    title="Listing — 挂牌",
    description=(
        "Listings at the township window, the review chain, 20-day announcements, buyer "
        "qualification and the public announcement board (DOMAIN L1–L16)."
    ),
    metadata=Base.metadata,
    infra=infra,
    routers=[
        listings.router,
        pricing.router,
        registrations.router,
        parties.router,
        board.router,
        documents.router,
        archive.router,
        monitoring.router,
        PARAMS.router(write_roles=(Role.exchange_staff,)),
    ],
    event_handlers=listing_handlers.handlers.merged(registration_handlers.handlers)
    .merged(party_handlers.handlers)
    .merged(monitoring_handlers.handlers),
    timer_handlers=TIMERS,
)

create_app = app_factory(service)
