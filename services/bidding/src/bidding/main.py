"""Bidding — 交易 — service definition and FastAPI app factory.

Trading sessions — negotiated transfer, online ascending bidding, auction and sealed
tender — with the deposit and settlement ledger, deals and contracts (DOMAIN B1–B6).
"""

from pathlib import Path

from fastapi import FastAPI

from bidding.db import Base, infra
from common.app import create_app as create_service_app
from common.service import EventHandlers, ServiceDefinition
from common.settings import Settings

service = ServiceDefinition(
    name="bidding",
    title="Bidding — 交易",
    description=(
        "Trading sessions — negotiated transfer, online ascending bidding, auction and "
        "sealed tender — with the deposit and settlement ledger, deals and contracts "
        "(DOMAIN B1–B6)."
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
