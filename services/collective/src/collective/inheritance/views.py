"""Views of an inheritance — 农房继承视图 (Z8)."""

from __future__ import annotations

from collective.inheritance.models import Inheritance
from collective.inheritance.schemas import Heir, InheritanceOut
from common.views import view_of, yuan


def inheritance_out(i: Inheritance) -> InheritanceOut:
    return view_of(
        InheritanceOut,
        i,
        heirs=[Heir.model_validate(h) for h in i.heirs],
        compensation=yuan(i.compensation_fen),
    )
