"""What the guarantee service's documents certify — pure: the records → a document's
data and its masked summary (the public verification page's facts)."""

from __future__ import annotations

from typing import Any

from common.ids import mask_name, mask_party_id
from common.money import fen_text
from guarantee.borrowers.models import Borrower
from guarantee.guarantees.models import CompensationRecord, Guarantee

#: How the county's share is counted (G6; configurable per county).
BASIS_ZH = {"overdue": "逾期本息", "compensation": "实际代偿额"}


def public_notice(g: Guarantee, b: Borrower) -> tuple[dict[str, Any], dict[str, Any]]:
    """劝耕贷公示 (G5): the borrower approved by the bank and the guarantor, posted at the
    township and village with a complaint phone for the notice period. Public: the
    borrower's name and id masked (L14, X3)."""
    data = {
        "guarantee_id": g.id,
        "borrower": mask_name(b.name),
        "party_id": mask_party_id(b.party_id),
        "township_id": g.township_id,
        "village": b.village,
        "main_business": b.main_business,
        "lender_org_id": g.lender_org_id,
        "amount": None if g.amount_fen is None else fen_text(g.amount_fen),
        "term_months": g.term_months,
        "places": g.notice_places,
        "complaint_phone": g.complaint_phone,
        "starts_at": g.notice_starts_at,
        "ends_at": g.notice_ends_at,
    }
    summary = {k: data[k] for k in ("borrower", "party_id", "village", "amount", "ends_at")}
    return data, summary


def compensation_notice(
    g: Guarantee, b: Borrower, c: CompensationRecord
) -> tuple[dict[str, Any], dict[str, Any]]:
    """代偿通知 (G6): the overdue principal and interest, the guarantor's 80% paid to the
    bank, and the split of the loss — guarantor 50%, bank 20%, county finance 30% — for
    the bank and the county's finance bureau."""
    data = {
        "guarantee_id": g.id,
        "borrower": {"name": b.name, "party_id": b.party_id},
        "lender_org_id": g.lender_org_id,
        "guarantor_org_id": g.guarantor_org_id,
        "amount": None if g.amount_fen is None else fen_text(g.amount_fen),
        "overdue": fen_text(c.overdue_fen),
        "guarantor_paid": fen_text(c.guarantor_paid_fen),
        "guarantor_net": fen_text(c.guarantor_net_fen),
        "bank_share": fen_text(c.bank_share_fen),
        "county_share": fen_text(c.county_share_fen),
        "basis_zh": BASIS_ZH.get(c.basis, c.basis),
        "paid_at": c.paid_at,
    }
    summary = {
        "guarantee_id": g.id,
        "borrower": mask_name(b.name),
        "party_id": mask_party_id(b.party_id),
        "overdue": data["overdue"],
        "guarantor_paid": data["guarantor_paid"],
        "county_share": data["county_share"],
        "paid_at": c.paid_at,
    }
    return data, summary
