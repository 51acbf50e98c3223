"""Views of the application chain — 宅基地审批视图 (Z3)."""

from __future__ import annotations

from collective.applications.models import DepartmentOpinion, HomesteadApplication
from collective.applications.schemas import ApplicationOut, OpinionOut


def application_out(a: HomesteadApplication, opinions: list[DepartmentOpinion]) -> ApplicationOut:
    return ApplicationOut(
        id=a.id,
        household_id=a.household_id,
        collective_id=a.collective_id,
        county=a.county,
        township=a.township,
        status=a.status,
        qualification_id=a.qualification_id,
        parcel_id=a.parcel_id,
        return_parcel_id=a.return_parcel_id,
        area_m2=a.area_m2,
        floors=a.floors,
        height_m=a.height_m,
        in_plan_zone=a.in_plan_zone,
        in_year_plan=a.in_year_plan,
        house_disposed=a.house_disposed,
        resolution_id=a.resolution_id,
        opinions=[OpinionOut.model_validate(o) for o in opinions],
        approval_no=a.approval_no,
        permit_no=a.permit_no,
        filing_due_at=a.filing_due_at,
        filing_ref=a.filing_ref,
        filing_late=a.filing_late,
        acceptance_no=a.acceptance_no,
        built_area_m2=a.built_area_m2,
        refusal=a.refusal,
        applied_at=a.applied_at,
        village_reviewed_at=a.village_reviewed_at,
        approved_at=a.approved_at,
        filed_at=a.filed_at,
        accepted_at=a.accepted_at,
    )
