"""Service definition — what makes a service a service, declared once in its main.py.

The four services have the same shape: a name, their own metadata (tables) with the
infrastructure tables added, their Alembic history, their routers, and the handlers
their worker runs (event consumers and timers).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from fastapi import APIRouter
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncSession

from common.events import Envelope, Event
from common.infra_tables import InfraTables

if TYPE_CHECKING:
    from common.hot import HotRoute
    from common.jobs import Jobs

E = TypeVar("E", bound=Event)
H = TypeVar("H")
EventHandler = Callable[[AsyncSession, Any, Envelope], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Timer:
    """A due timer handed to its handler, inside the transaction that marks it fired."""

    id: int
    kind: str
    key: str
    due_at: datetime
    payload: dict[str, Any]
    attempts: int


TimerHandler = Callable[[AsyncSession, Timer], Awaitable[None]]


class EventHandlers:
    """A service's consumers, keyed by event type: ``@handlers.on(PartyBlacklisted)``."""

    def __init__(self) -> None:
        self._by_type: dict[str, tuple[type[Event], EventHandler]] = {}

    def on(self, event: type[E]) -> Callable[[EventHandler], EventHandler]:
        def register(fn: EventHandler) -> EventHandler:
            self.add(event, fn)
            return fn

        return register

    def add(self, event: type[Event], fn: EventHandler) -> None:
        if event.event_type in self._by_type:
            raise ValueError(f"{event.event_type} already has a handler")
        self._by_type[event.event_type] = (event, fn)

    def get(self, event_type: str) -> tuple[type[Event], EventHandler] | None:
        return self._by_type.get(event_type)

    def topics(self) -> set[str]:
        return {model.topic for model, _ in self._by_type.values()}

    def merged(self, other: EventHandlers) -> EventHandlers:
        out = EventHandlers()
        for model, fn in [*self._by_type.values(), *other._by_type.values()]:
            out.add(model, fn)
        return out


@dataclass(frozen=True)
class ServiceDefinition:
    name: str
    title: str
    description: str
    metadata: MetaData
    infra: InfraTables
    migrations_dir: Path
    version: str = "0.1.0"
    routers: Sequence[APIRouter] = ()
    #: Requests served before FastAPI's machinery (common.hot); each has an ordinary route
    #: in ``routers`` too, which answers every request its handler declines.
    hot_routes: Sequence[HotRoute] = ()
    event_handlers: EventHandlers = field(default_factory=EventHandlers)
    timer_handlers: Mapping[str, TimerHandler] = field(default_factory=dict)
    #: the service's long operations (``common.jobs.Jobs``), run by its worker
    jobs: Jobs | None = None

    def replace(self, **changes: Any) -> ServiceDefinition:
        return dataclasses.replace(self, **changes)

    @classmethod
    def of_package(cls, main_file: str, **fields: Any) -> ServiceDefinition:
        """The service declared in ``main_file`` (its ``main.py``), its Alembic history in
        the ``migrations`` folder of its project (``services/<name>/migrations``, beside
        ``src``)."""
        return cls(migrations_dir=Path(main_file).resolve().parents[2] / "migrations", **fields)


def subscribe(hooks: list[H], *follow_ups: H) -> None:
    """Add ``follow_ups`` to an area's hook list once each (a re-imported main.py does
    not subscribe them twice): how main.py wires an area's follow-up work into another
    without the first importing the second."""
    for follow_up in follow_ups:
        if follow_up not in hooks:
            hooks.append(follow_up)
