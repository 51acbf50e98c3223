"""Views of the application chain — 宅基地审批视图 (Z3)."""

from __future__ import annotations

from collective.applications.models import (
    DepartmentOpinion,
    HomesteadApplication,
    InspectionSample,
)
from collective.applications.schemas import ApplicationOut, OpinionOut, SampledApproval, SampleOut
from common.views import view_of


def application_out(a: HomesteadApplication, opinions: list[DepartmentOpinion]) -> ApplicationOut:
    return view_of(ApplicationOut, a, opinions=[OpinionOut.model_validate(o) for o in opinions])


def sample_out(sample: InspectionSample, approvals: list[HomesteadApplication]) -> SampleOut:
    """Z12: a drawn sample with the approvals it drew."""
    return view_of(
        SampleOut,
        sample,
        approvals=[view_of(SampledApproval, a, application_id=a.id) for a in approvals],
    )
