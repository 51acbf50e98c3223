"""Model contracts — 示范合同 (DOMAIN Z14): the county homestead office publishes a new
version of a template (versions are never changed); Z5–Z9 records cite one
(``citation_problems``)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from collective.contracts import repository, rules
from collective.contracts.models import ModelContract
from collective.contracts.schemas import ModelContractIn
from common.access import require_county
from common.audit import record_on
from common.auth import Principal
from common.clock import local_date
from common.context import now
from common.db import add_unique
from common.keys import new_id
from common.problems import FieldProblem, Problem

WHAT = ("the county's model contracts", "本县示范合同")


async def publish(session: AsyncSession, who: Principal, body: ModelContractIn) -> ModelContract:
    require_county(who, body.county, *WHAT)
    version = await repository.last_version(session, body.county, body.kind) + 1
    t = ModelContract(id=new_id(), version=version, created_at=now(session), **body.model_dump())
    # two versions published at once: the later one retries
    await add_unique(
        session,
        t,
        taken=Problem(
            409,
            "model-contract-version-taken",
            f"version {version} was published meanwhile",
            "该版本号已被同时发布",
            rule="Z14",
        ),
    )
    await record_on(
        session, t, action="model_contract.publish", by=who, rule="Z14", data={"version": version}
    )
    return t


async def of_county(session: AsyncSession, who: Principal, county: str) -> list[ModelContract]:
    require_county(who, county, *WHAT)
    return await repository.of_county(session, county)


async def citation_problems(
    session: AsyncSession,
    template_id: str,
    fields: Mapping[str, str],
    *,
    kind: str,
    county: str,
    field: str = "contract",
) -> list[FieldProblem]:
    """Why a record may not cite ``template_id`` with ``fields`` (none: it may)."""
    template = await session.get(ModelContract, template_id)
    return rules.citation_problems(
        template, fields, kind=kind, county=county, on=local_date(now(session)), field=field
    )
