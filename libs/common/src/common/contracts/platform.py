"""Platform events that belong to no one domain."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from common.contracts.fields import EntityId
from common.events import Event


class ProbeRecorded(
    Event,
    type="platform.probe_recorded",
    version=1,
    topic="platform.probe",
    aggregate="probe",
    aggregate_key="probe_id",
):
    """A probe — 探针: an operator's end-to-end check that events flow.

    ``rex events probe <service>`` writes one into a service's outbox; every service
    consumes the topic, so the probe shows the whole path outbox → relay → transport →
    inbox is alive. The benchmark and the foundation's tests use it too.
    """

    probe_id: EntityId = Field(description="Identifies the probe run; the aggregate key.")
    sequence: int = Field(ge=0, description="Position of this event within its probe run.")
    sent_at: datetime = Field(description="Server time when the probe was written.")
    note: str = Field("", max_length=200, description="Free text for the operator.")
