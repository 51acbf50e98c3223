"""Versioned event contracts — 事件契约 (DOMAIN X1).

An event type is a Pydantic model declared once, here in libs/common, with its name,
version, topic and the field that identifies its aggregate::

    class PartyBlacklisted(Event, type="guarantee.party_blacklisted", version=1,
                           topic="guarantee.events", aggregate="party",
                           aggregate_key="party_id"):
        ...

A producer's events that share a topic and aggregate may declare them once, on an
intermediate base without a ``type`` (``class _PartyEvent(Event, topic=..., aggregate=...,
aggregate_key=...)``), and derive from it with ``type=`` and ``version=`` alone.

On the wire every event travels in an ``Envelope``. Consumers ignore fields they do not
know, so adding an optional field is compatible; anything else is a new version.
"""

from __future__ import annotations

import functools
import uuid
from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

_REGISTRY: dict[tuple[str, int], type[Event]] = {}


class Event(BaseModel):
    """Base of every event payload."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    event_type: ClassVar[str]
    event_version: ClassVar[int]
    topic: ClassVar[str]
    aggregate_type: ClassVar[str]
    aggregate_key: ClassVar[str]

    def __init_subclass__(
        cls,
        *,
        type: str | None = None,
        version: int = 1,
        topic: str | None = None,
        aggregate: str | None = None,
        aggregate_key: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        # An intermediate base (no type) may fix the topic and aggregate its events share,
        # so a producer's events keyed alike declare them once; an event may still say its own.
        topic = topic or getattr(cls, "topic", None)
        aggregate = aggregate or getattr(cls, "aggregate_type", None)
        aggregate_key = aggregate_key or getattr(cls, "aggregate_key", None)
        if type is None:
            if topic and aggregate and aggregate_key:
                cls.topic, cls.aggregate_type, cls.aggregate_key = topic, aggregate, aggregate_key
            elif topic or aggregate or aggregate_key:
                raise TypeError(f"{cls.__name__}: a base fixes topic, aggregate and key together")
            return
        if not (topic and aggregate and aggregate_key):
            raise TypeError(f"{cls.__name__}: topic, aggregate and aggregate_key are required")
        cls.event_type, cls.event_version, cls.topic = type, version, topic
        cls.aggregate_type, cls.aggregate_key = aggregate, aggregate_key
        key = (type, version)
        if key in _REGISTRY and _REGISTRY[key].__qualname__ != cls.__qualname__:
            raise TypeError(f"event {type} v{version} is declared twice")
        _REGISTRY[key] = cls

    def aggregate_id(self) -> str:
        return str(getattr(self, self.aggregate_key))


class Envelope(BaseModel):
    """What travels on Kafka (JSON value; key = aggregate id)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    event_id: uuid.UUID
    event_type: str
    version: int
    occurred_at: datetime
    producer: str
    aggregate_type: str
    aggregate_id: str
    payload: dict[str, Any] = Field(default_factory=dict)

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> Envelope:
        """Parse with pydantic's own JSON parser (about twice json.loads + validate).

        Memoised per value: in the embedded run the four services' consumers receive the
        same bytes object of one relay batch, and decoding each event four times was the
        largest share of an embedded burst's CPU (issue 15). The envelope is frozen and
        handlers get a fresh payload model, so sharing one is safe."""
        if cls is not Envelope:
            return cls.model_validate_json(raw)
        return _decode_envelope(raw)


@functools.lru_cache(maxsize=1024)  # ≥ a relay batch (relay_batch_size, 200)
def _decode_envelope(raw: bytes) -> Envelope:
    return Envelope.model_validate_json(raw)


def registered_events() -> list[type[Event]]:
    import common.contracts  # noqa: F401 - importing declares every contract

    return sorted(_REGISTRY.values(), key=lambda c: (c.topic, c.event_type, c.event_version))


def event_class(event_type: str, version: int) -> type[Event] | None:
    import common.contracts  # noqa: F401

    return _REGISTRY.get((event_type, version))
