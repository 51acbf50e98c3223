"""The pure rules of a borrower file — 建档分类 (DOMAIN G5): the six haves. No I/O."""

from __future__ import annotations

SIX_HAVES = ("credit", "scale", "experience", "profit", "main_business", "need")


def classify(haves: dict[str, bool]) -> str:
    """六有 → category. The stated criteria (the plan gives none; written down in the README):

    - ``credit_candidate`` (信贷备选类): all six haves;
    - ``nurture`` (培育关注类): good credit and a main business, but not all six;
    - ``other`` (其他类): everything else (no credit record or no main business).
    """
    if all(haves.get(h, False) for h in SIX_HAVES):
        return "credit_candidate"
    if haves.get("credit") and haves.get("main_business"):
        return "nurture"
    return "other"
