"""Views of the model contracts — 示范合同视图 (Z14)."""

from __future__ import annotations

from collective.contracts.models import ModelContract
from collective.contracts.schemas import ModelContractOut


def model_contract_out(t: ModelContract) -> ModelContractOut:
    return ModelContractOut.model_validate(t)
