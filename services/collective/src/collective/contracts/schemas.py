"""Requests and views of the model contracts — 示范合同 (Z14)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ContractKind = Literal[
    "transfer", "gift", "swap", "lease", "equity", "withdrawal", "paid_use", "entry"
]
FieldName = str


class ModelContractIn(BaseModel):
    county: str = Field(pattern=r"^[0-9]{6}$")
    kind: ContractKind
    title: str = Field(min_length=1, max_length=200)
    required_fields: list[str] = Field(
        min_length=1,
        max_length=40,
        description="The fields every record citing this version must fill.",
    )
    effective_from: date


class ContractCitation(BaseModel):
    """What a Z5–Z9 record cites: the template version and the contract's fields."""

    template_id: str = Field(min_length=1, max_length=32)
    fields: dict[str, str] = Field(default_factory=dict, max_length=40)


class ModelContractOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    county: str
    kind: str
    version: int
    title: str
    required_fields: list[str]
    effective_from: date
    created_at: datetime
