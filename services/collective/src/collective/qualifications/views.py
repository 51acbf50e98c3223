"""Views of the qualification register — 资格权台账视图 (Z1)."""

from __future__ import annotations

from collective.qualifications.models import Qualification
from collective.qualifications.schemas import Factors, QualificationOut
from collective.qualifications.states import QUALIFIED


def qualification_out(q: Qualification) -> QualificationOut:
    return QualificationOut(
        id=q.id,
        household_id=q.household_id,
        collective_id=q.collective_id,
        county=q.county,
        township=q.township,
        status=q.status,
        qualified=q.status in QUALIFIED,
        active=q.active,
        resolution_id=q.resolution_id,
        factors=Factors.model_validate(q.factors),
        note=q.note,
        parcel_id=q.parcel_id,
        reference=q.reference,
        version=q.version,
        proposed_at=q.proposed_at,
        confirmed_at=q.confirmed_at,
        changed_at=q.changed_at,
    )
