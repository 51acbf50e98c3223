"""Listing — 挂牌 — service definition and FastAPI app factory.

Listings at the township window, the review chain, 20-day announcements, buyer
qualification and the public announcement board (DOMAIN L1–L16).
"""

from pathlib import Path

from fastapi import FastAPI

from common.app import create_app as create_service_app
from common.service import EventHandlers, ServiceDefinition
from common.settings import Settings
from listing.db import Base, infra

service = ServiceDefinition(
    name="listing",
    title="Listing — 挂牌",
    description=(
        "Listings at the township window, the review chain, 20-day announcements, buyer "
        "qualification and the public announcement board (DOMAIN L1–L16)."
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
