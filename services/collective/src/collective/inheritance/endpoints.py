"""Inheritance endpoints — 农房继承 (Z8)."""

from __future__ import annotations

from collective.access import READERS, VILLAGE_OFFICER
from collective.inheritance import service
from collective.inheritance.schemas import InheritanceIn, InheritanceOut
from collective.inheritance.views import inheritance_out
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["inheritance — 农房继承"])


@router.post("/inheritances", response_model=InheritanceOut, status_code=201)
async def record(body: InheritanceIn, session: SessionDep, who: VILLAGE_OFFICER) -> InheritanceOut:
    """Waived for payment, inherited by a member, or by a non-member with paid use."""
    return inheritance_out(await service.record(session, who, body))


@router.get("/inheritances/{inheritance_id}", response_model=InheritanceOut)
async def read_inheritance(
    inheritance_id: str, session: SessionDep, who: READERS
) -> InheritanceOut:
    return inheritance_out(await service.read_inheritance(session, who, inheritance_id))
