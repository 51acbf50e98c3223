"""Valuation responses: the loan estimate as figures with their rule and basis."""

from __future__ import annotations

from decimal import Decimal

from common.money import apply_rate, from_fen
from registry.valuation.rules import Estimate
from registry.valuation.schemas import EstimateOut, Figure


def estimate_out(e: Estimate) -> EstimateOut:
    limits = e.limits

    def loan(rate: Decimal, what: str) -> Figure:
        return Figure(amount=from_fen(apply_rate(e.value_fen, rate)), rule="R7", basis=what)

    return EstimateOut(
        value=Figure(amount=from_fen(e.value_fen), rule="R6", basis=e.basis),
        capped=e.capped,
        normal_loan=loan(limits.normal, f"一般不超过评估价值的 {limits.normal:%}"),
        max_loan=loan(limits.maximum, f"说明理由后最高为评估价值的 {limits.maximum:%}"),
        enhanced_loan=loan(
            limits.enhanced_cap, f"有增信措施时最高为评估价值的 {limits.enhanced_cap:%}"
        ),
    )
