"""Registry — 抵押登记 — service definition and FastAPI app factory.

The rights ledger, collective organizations and members, mortgage liens with valuation
and loan-to-value, disposal and post-loan visits (DOMAIN R1–R14).
"""

from pathlib import Path

from fastapi import FastAPI

from common.app import create_app as create_service_app
from common.service import EventHandlers, ServiceDefinition
from common.settings import Settings
from registry.db import Base, infra

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
    routers=[],
    event_handlers=EventHandlers(),
    timer_handlers={},
)


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(service, settings)
