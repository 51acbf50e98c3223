"""Views of the qualification register — 资格权台账视图 (Z1)."""

from __future__ import annotations

from collective.qualifications.models import Qualification
from collective.qualifications.schemas import Factors, QualificationOut
from collective.qualifications.states import QUALIFIED
from common.views import view_of


def qualification_out(q: Qualification) -> QualificationOut:
    return view_of(
        QualificationOut,
        q,
        qualified=q.status in QUALIFIED,
        factors=Factors.model_validate(q.factors),
    )
