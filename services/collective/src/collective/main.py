"""Collective — 集体土地 — service definition and FastAPI app factory.

Collective economic organizations and their households, the democratic decision record
(四议两公开, X5), the homestead qualification register (资格权, Z1), the homestead
inventory (一户一宅, Z2) and the homestead life cycle: application and approval (Z3) with
its first registration's event (Z4), transfer, gift and swap (Z5), voluntary paid
withdrawal (Z7), inheritance (Z8), paid use (Z9), the reserve (Z10), the income split and
the share register (Z11), the pilot scope and statistics (Z13), model contracts (Z14),
dispute cases (X6) and violation cases (Z12); collective construction land entering the
market (入市, E1–E14): the plan, the supply plan and joint review, and after the trade the
contract, filing, dedicated account and the split to the members.
"""

from collective.applications import endpoints as applications
from collective.cases import endpoints as cases
from collective.collectives import endpoints as collectives
from collective.contracts import endpoints as contracts
from collective.db import Base, infra
from collective.entry import endpoints as entry
from collective.entry.handlers import handlers as entry_handlers
from collective.entrydeals import endpoints as entrydeals
from collective.entrydeals.handlers import RESALE_FOLLOWERS
from collective.entrydeals.handlers import handlers as entry_deal_handlers
from collective.entrydisclosure import endpoints as entrydisclosure
from collective.entryresale import endpoints as entryresale
from collective.entryresale.service import follow_resale
from collective.entrystatistics import endpoints as entrystatistics
from collective.entrysupervision import endpoints as entrysupervision
from collective.income import endpoints as income
from collective.inheritance import endpoints as inheritance
from collective.liens.handlers import handlers as lien_handlers
from collective.paiduse import endpoints as paiduse
from collective.params import PARAMS
from collective.parcels import endpoints as parcels
from collective.parcels.handlers import handlers as parcel_handlers
from collective.pilot import endpoints as pilot
from collective.qualifications import endpoints as qualifications
from collective.reserve import endpoints as reserve
from collective.resolutions import endpoints as resolutions
from collective.shares import endpoints as shares
from collective.statistics import endpoints as statistics
from collective.timers import HANDLERS as TIMERS
from collective.transfers import endpoints as transfers
from collective.withdrawals import endpoints as withdrawals
from common.app import app_factory
from common.auth import Role
from common.service import ServiceDefinition, subscribe

# bidding's trade of a re-listing (E15) becomes a re-transfer the collective settles the
# fund of (entryresale), without entrydeals importing the later area.
subscribe(RESALE_FOLLOWERS, follow_resale)

service = ServiceDefinition.of_package(
    __file__,
    name="collective",
    title="Collective — 集体土地",
    description=(
        "Collective economic organizations and households, the democratic decision record "
        "(四议两公开, X5), the homestead qualification register (资格权, Z1) and the "
        "homestead inventory (一户一宅, Z2), dispute (X6) and violation (Z12) cases, and "
        "collective construction land entering the market (入市, E)."
    ),
    metadata=Base.metadata,
    infra=infra,
    routers=[
        collectives.router,
        resolutions.router,
        qualifications.router,
        parcels.router,
        applications.router,
        contracts.router,
        transfers.router,
        shares.router,
        income.router,
        paiduse.router,
        reserve.router,
        withdrawals.router,
        inheritance.router,
        pilot.router,
        statistics.router,
        cases.router,
        entry.router,
        entrydeals.router,
        entryresale.router,
        entrysupervision.router,
        entrystatistics.router,
        entrydisclosure.router,
        PARAMS.router(write_roles=(Role.county_homestead_office,)),
    ],
    event_handlers=lien_handlers.merged(entry_handlers)
    .merged(parcel_handlers)
    .merged(entry_deal_handlers),
    timer_handlers=TIMERS,
)

create_app = app_factory(service)
