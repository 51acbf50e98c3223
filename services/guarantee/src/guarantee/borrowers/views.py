"""Borrower file views — 建档视图 (X3): what a caller sees of a borrower file."""

from __future__ import annotations

from common.auth import OrgType, Principal
from common.ids import mask_party_id, mask_phone
from guarantee.borrowers.models import Borrower
from guarantee.borrowers.schemas import BorrowerOut


def borrower_views(files: list[Borrower], who: Principal, own: set[str]) -> list[BorrowerOut]:
    """Borrower files as the caller may see them (README "what a guarantor sees").

    A guarantor reads its county's files to pick candidates for a recommendation list,
    but the ID number and phone in full only of borrowers on its own guarantees (``own``);
    the township that keeps the file, the county and the supervisor see them in full.
    """
    out = [BorrowerOut.model_validate(b) for b in files]
    if who.org.type != OrgType.guarantor:
        return out
    for v in out:
        if v.id not in own:
            v.party_id, v.phone = mask_party_id(v.party_id), mask_phone(v.phone)
    return out
