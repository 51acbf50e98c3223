"""Views of the supervision — 入市后监管视图 (E7, E10)."""

from __future__ import annotations

from collective.entrydeals.models import EntryDeal
from collective.entrysupervision import rules
from collective.entrysupervision.models import EntryPermit, EntrySupervision, SupervisionRecord
from collective.entrysupervision.schemas import PermitOut, RecordOut, SupervisionOut
from common.views import view_of, yuan


def supervision_out(
    deal: EntryDeal,
    inside_boundary: bool | None,
    permits: list[EntryPermit],
    sup: EntrySupervision | None,
    records: list[SupervisionRecord],
) -> SupervisionOut:
    return SupervisionOut(
        deal_id=deal.id,
        permits=[view_of(PermitOut, p) for p in permits],
        permits_required=list(rules.required_permits(inside_boundary)),
        permits_missing=rules.missing_permits(inside_boundary, {p.kind for p in permits}),
        status=sup.status if sup else None,
        checklist=sup.checklist if sup else None,
        signatures=sup.signatures if sup else None,
        started_on=sup.started_on if sup else None,
        completed_on=sup.completed_on if sup else None,
        idle_fee=yuan(sup.idle_fee_fen) if sup else None,
        idle_fee_at=sup.idle_fee_at if sup else None,
        recovery_due_at=sup.recovery_due_at if sup else None,
        recovered=sup.recovered if sup else None,
        records=[view_of(RecordOut, r, on=r.occurred_on) for r in records],
    )
