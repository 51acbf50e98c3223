"""The loan calculator's quote — 劝耕贷测算 (DOMAIN G3, G4), pure: no session, no clock."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from guarantee.guarantees.rules import guarantee_fee


@dataclass(frozen=True)
class Quote:
    """Amounts in fen."""

    eligible: bool
    minimum: int
    maximum: int
    covered: int
    loan_rate_cap: Decimal
    fee_rate_cap: Decimal
    fee_at_cap: int


def quote(
    amount_fen: int, *, minimum: int, maximum: int, loan_rate_cap: Decimal, fee_rate_cap: Decimal
) -> Quote:
    """The per-borrower G3 range (a borrower's other guarantees are not known here: an
    application checks the balance) and the G4 price at the highest fee rate."""
    eligible = amount_fen >= minimum
    covered = min(amount_fen, maximum) if eligible else 0
    return Quote(
        eligible=eligible,
        minimum=minimum,
        maximum=maximum,
        covered=covered,
        loan_rate_cap=loan_rate_cap,
        fee_rate_cap=fee_rate_cap,
        fee_at_cap=guarantee_fee(covered, fee_rate_cap),
    )
