"""Registry — 抵押登记 — service definition and FastAPI app factory.

The rights ledger, the collective membership it follows, mortgage liens with valuation
and loan-to-value, disposal and post-loan visits (DOMAIN R1–R14).
"""

from common.app import app_factory
from common.auth import Role
from common.service import ServiceDefinition, subscribe
from registry.collectives import endpoints as collectives
from registry.collectives.handlers import handlers as member_handlers
from registry.db import Base, infra
from registry.disposals import endpoints as disposals
from registry.disposals.handlers import handlers as settlement_handlers
from registry.documents import endpoints as documents
from registry.documents import service as documents_service
from registry.liens import endpoints as liens
from registry.liens.handlers import handlers as guarantee_handlers
from registry.liens.service import FOLLOW_UPS
from registry.params import PARAMS
from registry.rights import endpoints as rights
from registry.rights.handlers import handlers as rights_handlers
from registry.statistics import endpoints as statistics
from registry.statistics import service as statistics_service
from registry.timers import TIMERS
from registry.valuation import endpoints as valuation
from registry.valuation.handlers import handlers as appraiser_handlers
from registry.visits import endpoints as visits
from registry.visits.service import on_lien_discharged, on_lien_registered

# A lien registered gets its first post-loan visit (R14) and starts its county's R24
# filing duty (X7); a lien discharged has its open
# visits cancelled (R14) and its certificate revoked (documents) — in the same unit of
# work, without liens importing visits or documents.
subscribe(FOLLOW_UPS.registered, on_lien_registered, statistics_service.on_lien_registered)
subscribe(FOLLOW_UPS.discharged, on_lien_discharged, documents_service.on_lien_discharged)

service = ServiceDefinition.of_package(
    __file__,
    name="registry",
    title="Registry — 抵押登记",
    description=(
        "The rights ledger, collective organizations and members, mortgage liens with "
        "valuation and loan-to-value, disposal and post-loan visits (DOMAIN R1–R14)."
    ),
    metadata=Base.metadata,
    infra=infra,
    routers=[
        rights.router,
        collectives.router,
        liens.router,
        disposals.router,
        visits.router,
        valuation.router,
        documents.router,
        statistics.router,
        PARAMS.router(write_roles=(Role.registration_authority,)),
    ],
    event_handlers=settlement_handlers.merged(member_handlers)
    .merged(rights_handlers)
    .merged(guarantee_handlers)
    .merged(appraiser_handlers),
    timer_handlers=TIMERS,
)

create_app = app_factory(service)
