"""Request bodies of the reports area (G13)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from common.money import Money


class FiscalDepositsIn(BaseModel):
    """The fiscal deposits the finance bureau places with the banks — 财政性存款."""

    model_config = ConfigDict(extra="forbid")

    amount: Money
