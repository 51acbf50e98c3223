"""Public views — 公开视图: personal data masked (L14, X3), amounts in 元."""

from __future__ import annotations

from common.ids import mask_name, mask_party_id
from common.money import from_fen
from common.views import yuan
from guarantee.borrowers.models import Borrower
from guarantee.guarantees.models import Guarantee
from guarantee.public.rules import Quote
from guarantee.public.schemas import NoticeOut, QuoteOut


def notice_out(g: Guarantee, b: Borrower) -> NoticeOut:
    return NoticeOut(
        guarantee_id=g.id,
        borrower=mask_name(b.name),
        party_id=mask_party_id(b.party_id),
        township_id=g.township_id,
        village=b.village,
        amount=yuan(g.amount_fen),
        places=g.notice_places,
        complaint_phone=g.complaint_phone,
        starts_at=g.notice_starts_at,
        ends_at=g.notice_ends_at,
    )


def quote_out(q: Quote) -> QuoteOut:
    return QuoteOut(
        eligible=q.eligible,
        minimum=from_fen(q.minimum),
        maximum=from_fen(q.maximum),
        guaranteed_amount=from_fen(q.covered),
        loan_rate_cap=q.loan_rate_cap,
        fee_rate_cap=q.fee_rate_cap,
        fee_at_cap=from_fen(q.fee_at_cap),
    )
