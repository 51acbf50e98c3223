"""Collective — 集体土地 — service definition and FastAPI app factory.

Collective economic organizations and their households, the democratic decision record
(四议两公开, X5), the homestead qualification register (资格权, Z1) and the homestead
inventory (一户一宅, Z2), dispute cases (X6) and violation cases (Z12).
"""

from pathlib import Path

from fastapi import FastAPI

from collective.cases import endpoints as cases
from collective.collectives import endpoints as collectives
from collective.db import Base, infra
from collective.params import PARAMS
from collective.parcels import endpoints as parcels
from collective.qualifications import endpoints as qualifications
from collective.resolutions import endpoints as resolutions
from collective.timers import HANDLERS as TIMERS
from common.app import create_app as create_service_app
from common.auth import Role
from common.service import EventHandlers, ServiceDefinition
from common.settings import Settings

service = ServiceDefinition(
    name="collective",
    title="Collective — 集体土地",
    description=(
        "Collective economic organizations and households, the democratic decision record "
        "(四议两公开, X5), the homestead qualification register (资格权, Z1) and the "
        "homestead inventory (一户一宅, Z2), dispute (X6) and violation (Z12) cases."
    ),
    metadata=Base.metadata,
    infra=infra,
    migrations_dir=Path(__file__).resolve().parents[2] / "migrations",
    routers=[
        collectives.router,
        resolutions.router,
        qualifications.router,
        parcels.router,
        cases.router,
        PARAMS.router(write_roles=(Role.county_homestead_office,)),
    ],
    event_handlers=EventHandlers(),
    timer_handlers=TIMERS,
)


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(service, settings)
