"""Lien responses: applications with their materials, liens with their changes, the
publicity (公示, names masked) and compensation payouts."""

from __future__ import annotations

from common.ids import mask_name
from common.money import fen_text, from_fen
from common.problems import FieldProblem
from common.views import view_of, yuan
from registry.liens.models import (
    ApplicationDocument,
    Compensation,
    CreditEnhancement,
    Lien,
    LienApplication,
    LienChange,
)
from registry.liens.rules import required_consent_form
from registry.liens.schemas import (
    ApplicationOut,
    CheckOut,
    CompensationOut,
    DocumentOut,
    LienOut,
    PublicityOut,
)
from registry.rights.models import Right


def application_out(
    app: LienApplication, docs: list[ApplicationDocument], enh: list[CreditEnhancement]
) -> ApplicationOut:
    return view_of(
        ApplicationOut,
        app,
        outflow_consents=app.outflow_consents or [],
        loan_amount=from_fen(app.loan_amount_fen),
        appraised_value=yuan(app.appraised_value_fen),
        documents=[DocumentOut.model_validate(d) for d in docs],
        enhancements=[
            {
                "kind": e.kind,
                "provider": e.provider,
                "reference": e.reference,
                "guarantee_id": e.guarantee_id,
            }
            for e in enh
        ],
        refusals=app.refusals or [],
    )


def checks_out(
    right: Right,
    problems: list[FieldProblem],
    annotation_preview: str | None = None,
    warnings: list[FieldProblem] = (),  # type: ignore[assignment]
) -> CheckOut:
    return CheckOut(
        ready=not problems,
        required_consent_form=required_consent_form(right),
        problems=[p.as_dict() for p in problems],
        warnings=[w.as_dict() for w in warnings],
        annotation_preview=annotation_preview,
    )


def lien_out(lien: Lien, changes: list[LienChange] | None = None) -> LienOut:
    return view_of(
        LienOut,
        lien,
        secured_amount=from_fen(lien.secured_amount_fen),
        appraised_value=from_fen(lien.appraised_value_fen),
        changes=[
            {
                "changed_on": c.changed_on.isoformat(),
                "registered_at": c.registered_at.isoformat(),
                "overdue": c.overdue,
                "days_late": c.days_late,
                "old_amount": fen_text(c.old_amount_fen),
                "new_amount": fen_text(c.new_amount_fen),
                "old_term_end": c.old_term_end.isoformat(),
                "new_term_end": c.new_term_end.isoformat(),
                "reason": c.reason,
            }
            for c in changes or []
        ],
    )


def publicity_out(lien: Lien, right: Right) -> PublicityOut:
    return PublicityOut(
        certificate_no=lien.certificate_no,
        location=right.location,
        area_mu=right.area_mu,
        holder=mask_name(right.holder_name),
        # a person mortgagee's name is personal data, masked like the holder's (X3)
        lender=mask_name(lien.lender_name) if lien.mortgagee_kind == "person" else lien.lender_name,
        secured_amount=fen_text(lien.secured_amount_fen),
        rank=lien.rank,
        term_end=lien.term_end,
        published_at=lien.publicity.get("published_at"),
        text=lien.publicity.get("text"),
    )


def compensation_out(comp: Compensation) -> CompensationOut:
    return CompensationOut(
        certificate_no=comp.certificate_no,
        total=from_fen(comp.total_fen),
        payouts=comp.payouts,
        reference=comp.reference,
        decided_at=comp.decided_at,
    )
