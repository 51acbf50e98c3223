"""Model contract endpoints — 示范合同 (Z14): the county homestead office publishes, every
reader of the county reads."""

from __future__ import annotations

from fastapi import Path

from collective.access import COUNTY_OFFICE, READERS
from collective.contracts import service
from collective.contracts.schemas import ModelContractIn, ModelContractOut
from collective.contracts.views import model_contract_out
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["model contracts — 示范合同"])


@router.post("/model-contracts", response_model=ModelContractOut, status_code=201)
async def publish(
    body: ModelContractIn, session: SessionDep, who: COUNTY_OFFICE
) -> ModelContractOut:
    """Publish the next version of a county's model contract."""
    return model_contract_out(await service.publish(session, who, body))


@router.get("/counties/{county}/model-contracts", response_model=list[ModelContractOut])
async def of_county(
    session: SessionDep, who: READERS, county: str = Path(pattern=r"^[0-9]{6}$")
) -> list[ModelContractOut]:
    return [model_contract_out(t) for t in await service.of_county(session, who, county)]
