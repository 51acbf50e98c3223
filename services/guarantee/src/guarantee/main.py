"""Guarantee — 劝耕贷担保 — service definition and FastAPI app factory.

The Quangengdai (劝耕贷) guarantee pipeline: borrower files, the 50/20/30 risk split,
compensation, recovery, county funds, blacklist and reports (DOMAIN G1–G11).
"""

from common.app import app_factory
from common.auth import Role
from common.service import EventHandlers, ServiceDefinition
from guarantee.blacklist import endpoints as blacklist
from guarantee.borrowers import endpoints as borrowers
from guarantee.db import Base, infra
from guarantee.documents import endpoints as documents
from guarantee.funds import endpoints as funds
from guarantee.guarantees import endpoints as guarantees
from guarantee.jobs import endpoints as jobs
from guarantee.jobs.service import JOBS
from guarantee.params import PARAMS
from guarantee.public import endpoints as public
from guarantee.reports import endpoints as reports
from guarantee.timers import HANDLERS as TIMERS

service = ServiceDefinition.of_package(
    __file__,
    name="guarantee",
    title="Guarantee — 劝耕贷担保",
    description=(
        "The Quangengdai (劝耕贷) guarantee pipeline: borrower files, the 50/20/30 risk "
        "split, compensation, recovery, county funds, blacklist and reports (DOMAIN "
        "G1–G11)."
    ),
    metadata=Base.metadata,
    infra=infra,
    routers=[
        borrowers.router,
        guarantees.router,
        public.router,
        funds.router,
        blacklist.router,
        reports.router,
        documents.router,
        jobs.router,
        PARAMS.router(write_roles=(Role.county_finance, Role.county_department)),
    ],
    event_handlers=EventHandlers(),
    timer_handlers=TIMERS,
    jobs=JOBS,
)

create_app = app_factory(service)
