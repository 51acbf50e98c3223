"""Views of an inheritance — 农房继承视图 (Z8)."""

from __future__ import annotations

from collective.inheritance.models import Inheritance
from collective.inheritance.schemas import Heir, InheritanceOut
from common.money import from_fen


def inheritance_out(i: Inheritance) -> InheritanceOut:
    return InheritanceOut(
        id=i.id,
        parcel_id=i.parcel_id,
        collective_id=i.collective_id,
        from_household_id=i.from_household_id,
        deceased_party_id=i.deceased_party_id,
        outcome=i.outcome,
        heirs=[Heir.model_validate(h) for h in i.heirs],
        waivers=i.waivers,
        heir_household_id=i.heir_household_id,
        heir_party_id=i.heir_party_id,
        paid_use_contract_id=i.paid_use_contract_id,
        compensation=from_fen(i.compensation_fen) if i.compensation_fen is not None else None,
        agreement_ref=i.agreement_ref,
        recorded_at=i.recorded_at,
    )
