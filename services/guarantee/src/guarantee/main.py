"""Guarantee — 劝耕贷担保 — service definition and FastAPI app factory.

The Quangengdai (劝耕贷) guarantee pipeline: borrower files, the 50/20/30 risk split,
compensation, recovery, county funds, blacklist and reports (DOMAIN G1–G11).
"""

from pathlib import Path

from fastapi import FastAPI

from common.app import create_app as create_service_app
from common.service import EventHandlers, ServiceDefinition
from common.settings import Settings
from guarantee.db import Base, infra

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
    routers=[],
    event_handlers=EventHandlers(),
    timer_handlers={},
)


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(service, settings)
