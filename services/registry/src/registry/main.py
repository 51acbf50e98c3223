"""Registry — 抵押登记 — service definition and FastAPI app factory.

The rights ledger, collective organizations and members, mortgage liens with valuation
and loan-to-value, disposal and post-loan visits (DOMAIN R1–R14).
"""

from pathlib import Path

from fastapi import FastAPI

from common.app import create_app as create_service_app
from common.auth import Role
from common.service import ServiceDefinition
from common.settings import Settings
from registry import collectives, disposals, liens, rights, visits
from registry.collectives import endpoints as _collectives
from registry.db import Base, infra
from registry.disposals import endpoints as _disposals
from registry.disposals import models as _disposal_models  # noqa: F401 - tables
from registry.liens import endpoints as _liens
from registry.params import PARAMS
from registry.rights import endpoints as _rights
from registry.rights.handlers import handlers
from registry.valuation import endpoints as _valuation
from registry.visits import endpoints as _visits
from registry.visits.service import TIMER as VISIT_TIMER
from registry.visits.service import on_visit_overdue

_ = (collectives, disposals, liens, rights, visits)

service = ServiceDefinition(
    name="registry",
    title="Registry — 抵押登记",
    description=(
        "The rights ledger, collective organizations and members, mortgage liens with "
        "valuation and loan-to-value, disposal and post-loan visits (DOMAIN R1–R14)."
    ),
    metadata=Base.metadata,
    infra=infra,
    migrations_dir=Path(__file__).resolve().parents[2] / "migrations",
    routers=[
        _rights.r,
        _rights.mine,
        _collectives.r,
        _liens.r,
        _disposals.r,
        _visits.r,
        _valuation.r,
        PARAMS.router(write_roles=(Role.registration_authority,)),
    ],
    event_handlers=handlers,
    timer_handlers={VISIT_TIMER: on_visit_overdue},
)


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(service, settings)
