"""Guarantee — 劝耕贷担保 — service definition and FastAPI app factory.

The Quangengdai (劝耕贷) guarantee pipeline: borrower files, the 50/20/30 risk split,
compensation, recovery, county funds, blacklist and reports (DOMAIN G1–G11).
"""

from pathlib import Path

from fastapi import FastAPI

from common.app import create_app as create_service_app
from common.auth import Role
from common.service import EventHandlers, ServiceDefinition
from common.settings import Settings
from guarantee.blacklist import endpoints as blacklist
from guarantee.borrowers import endpoints as borrowers
from guarantee.db import Base, infra
from guarantee.funds import endpoints as funds
from guarantee.guarantees import endpoints as guarantees
from guarantee.guarantees import notices
from guarantee.guarantees.service import NOTICE_TIMER, on_notice_end
from guarantee.parameters import PARAMS
from guarantee.quote import r as quote_router
from guarantee.reports import endpoints as reports
from guarantee.reports.service import REPORT_TIMER, on_period_closed

service = ServiceDefinition(
    name="guarantee",
    title="Guarantee — 劝耕贷担保",
    description=(
        "The Quangengdai (劝耕贷) guarantee pipeline: borrower files, the 50/20/30 risk "
        "split, compensation, recovery, county funds, blacklist and reports (DOMAIN "
        "G1–G11)."
    ),
    metadata=Base.metadata,
    infra=infra,
    migrations_dir=Path(__file__).resolve().parents[2] / "migrations",
    routers=[
        borrowers.router,
        guarantees.router,
        notices.router,
        funds.router,
        blacklist.router,
        reports.router,
        quote_router,
        PARAMS.router(write_roles=(Role.county_finance, Role.county_department)),
    ],
    event_handlers=EventHandlers(),
    timer_handlers={NOTICE_TIMER: on_notice_end, REPORT_TIMER: on_period_closed},
)


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(service, settings)
