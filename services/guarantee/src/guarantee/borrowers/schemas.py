"""Borrower file views and requests (G1, G2, G5)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Category = Literal["credit_candidate", "nurture", "other"]


class BorrowerOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    county: str
    township_id: str
    village: str
    party_id: str
    name: str
    kind: str
    phone: str
    purpose: str
    main_business: str
    haves: dict[str, bool]
    category: Category
    category_by_rule: Category
    override_reason: str | None
    created_at: datetime
    updated_at: datetime
    renewal_due_at: datetime | None = Field(
        None, description="G18: repaid since; the file must be updated before a new round"
    )


class RowRejection(BaseModel):
    row: int = Field(description="Row number in the sheet (the header is row 1).")
    party_id: str | None
    errors: list[dict[str, Any]]


class ImportReport(BaseModel):
    """What an import filed and what it refused — 导入报告."""

    batch_id: str
    sha256: str
    rows: int
    created: int
    updated: int
    rejected: list[RowRejection]


class ClassificationIn(BaseModel):
    category: Category
    reason: str = Field(min_length=1, max_length=1000, description="Why staff override (X2).")
