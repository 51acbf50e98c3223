"""Request and response bodies of the rights ledger (DOMAIN R1)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from common.ids import PartyId
from common.money import Money
from common.products import LEDGER_RIGHT_TYPES
from common.quantities import AreaMu, Version
from registry.collectives.schemas import COUNTY, TOWNSHIP

#: DOMAIN L1 product codes of rights the ledger holds (common.products, one spelling).
RightType = Literal[tuple(sorted(t.value for t in LEDGER_RIGHT_TYPES))]  # type: ignore[valid-type]
#: ``collective``: collective land not contracted to households (未承包到户), held by the
#: collective itself (R15).
Origin = Literal["family_contract", "transfer", "collective", "other"]
Flag = Literal["disputed", "seized", "expropriation"]
#: Certificate numbers as printed (e.g. 甘(2018)庆城县农村土地承包经营权第0001号): no spaces
#: or URL separators; ≤ 56 characters so a derived "-L<n>" certificate still fits.
CERT = r"^[^\s/?#%\\]{4,56}$"


class CoOwner(BaseModel):
    party_id: PartyId
    name: str = Field(min_length=1, max_length=100)


class Outflow(BaseModel):
    """R17 (001 App. C, D): one contractor's land in a transferred right assembled from
    several — 流出方, area, term and contract; ``entrusted``: through the village co-op."""

    model_config = ConfigDict(extra="forbid")

    contractor_party_id: PartyId
    contractor_name: str = Field(min_length=1, max_length=100)
    area_mu: AreaMu = Field(gt=0)
    term_end: date
    contract_no: str = Field(min_length=1, max_length=64)
    entrusted: bool = False


class RightIn(BaseModel):
    """A right to enter in the ledger — 权利登记."""

    model_config = ConfigDict(extra="forbid")

    certificate_no: str = Field(pattern=CERT)
    county: str = Field(pattern=COUNTY)
    township: str = Field(pattern=TOWNSHIP)
    collective_id: str | None = Field(None, max_length=64)
    right_type: RightType
    origin: Origin
    holder_party_id: PartyId
    holder_name: str = Field(min_length=1, max_length=100)
    co_owners: list[CoOwner] = Field(default_factory=list)
    location: str = Field(min_length=1, max_length=300)
    area_mu: AreaMu = Field(gt=0)
    term_start: date | None = None
    term_end: date | None = None
    transfer_contract_no: str | None = Field(None, max_length=64)
    contractor_party_id: PartyId | None = None
    contractor_name: str | None = Field(None, max_length=100)
    via_collective: bool = Field(
        False, description="Transferred through the village collective (Appendix D form)."
    )
    annual_rent_per_mu: Money | None = None
    rent_paid_until: date | None = None
    outflows: list[Outflow] = Field(
        default_factory=list,
        max_length=500,
        description="R17: a transferred right assembled from several contractors' land.",
    )


class RightUpdate(BaseModel):
    """A correction of a right; ``version`` must be the one read (a stale write is refused)."""

    model_config = ConfigDict(extra="forbid")

    version: Version
    reason: str = Field(min_length=1, max_length=1000)
    township: str | None = Field(None, pattern=TOWNSHIP)
    collective_id: str | None = Field(None, max_length=64)
    holder_party_id: PartyId | None = None
    holder_name: str | None = Field(None, min_length=1, max_length=100)
    co_owners: list[CoOwner] | None = None
    location: str | None = Field(None, min_length=1, max_length=300)
    area_mu: AreaMu | None = Field(None, gt=0)
    term_start: date | None = None
    term_end: date | None = None
    transfer_contract_no: str | None = Field(None, max_length=64)
    annual_rent_per_mu: Money | None = None
    rent_paid_until: date | None = None


class FlagIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    flag: Flag
    set: bool
    reason: str = Field(min_length=1, max_length=1000)
    authority_ref: str | None = Field(
        None, max_length=200, description="Court ruling, seizure notice or announcement number."
    )


class FlagChangeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    flag: str
    set: bool
    reason: str
    authority_ref: str | None
    decided_by: str
    decided_at: datetime


class RightOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    certificate_no: str
    county: str
    township: str
    collective_id: str | None
    right_type: str
    origin: str
    holder_party_id: str
    holder_name: str
    co_owners: list[CoOwner]
    location: str
    area_mu: str
    term_start: date | None
    term_end: date | None
    transfer_contract_no: str | None
    contractor_party_id: str | None
    contractor_name: str | None
    via_collective: bool
    annual_rent_per_mu: Money | None = None
    rent_paid_until: date | None
    parent_certificate_no: str | None
    outflows: list[Outflow] | None = None
    disputed: bool
    seized: bool
    expropriation: bool
    version: int
    encumbrances: list[str] = Field(
        default_factory=list, description="他项权利记载: the annotation of each active lien."
    )


class HistoryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    action: str
    snapshot: dict
    recorded_by: str
    recorded_at: datetime
    reason: str | None


class RejectedRow(BaseModel):
    row: int = Field(description="1-based data row number (the header is row 0).")
    certificate_no: str | None
    errors: list[dict[str, str]]


class ImportReport(BaseModel):
    imported: int
    certificate_nos: list[str]
    rejected: list[RejectedRow]


class InterestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    party_id: str = Field(min_length=1, max_length=64, description="Party id or org id.")
    kind: str = Field(min_length=1, max_length=60, description="e.g. court, heir, lessee.")


class SearchCertificateOut(BaseModel):
    """查询证明 — a printable record of a right's liens and flags."""

    number: str
    certificate_no: str
    issued_to: str
    issued_at: datetime
    right: dict
    flags: list[dict]
    liens: list[dict]
    text: str


#: R18 (001 App. B B.2 a–g): the materials filed at the township for a transfer made
#: outside the exchange — 登记表, identity (or power of attorney and both IDs), 流转合同,
#: 流转费支付凭证, 位置示意图, 流出方同意办理登记的书面凭证, others.
FilingItem = Literal[
    "a_application_form",
    "b_identity",
    "b_power_of_attorney",
    "c_transfer_contract",
    "d_payment_proof",
    "e_location_map",
    "f_outflow_consent",
    "g_other",
]


class OffExchangeTransferIn(BaseModel):
    """A transfer made outside the exchange, filed at the township for its transferred-
    right certificate — 流转土地经营权证 (R18)."""

    model_config = ConfigDict(extra="forbid")

    transferee_party_id: PartyId
    transferee_name: str = Field(min_length=1, max_length=100)
    area_mu: AreaMu = Field(gt=0)
    term_start: date
    term_end: date
    annual_rent_per_mu: Money
    rent_paid_until: date
    transfer_contract_no: str | None = Field(None, min_length=1, max_length=64)
    agent_party_id: PartyId | None = Field(None, description="b: an agent files for them.")
    items: dict[FilingItem, str] = Field(
        description="Each material received and its reference (document no. or note).",
        max_length=8,
    )
    transaction_certificate_code: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="L19 交易鉴证书 code: replaces c, d and f.",
    )
