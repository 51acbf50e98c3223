"""Bodies of lien applications, liens, changes, discharge and compensation (R2–R12)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from common.ids import PartyId, validate_credit_code, validate_resident_id
from common.money import Money, Rate
from common.quantities import AreaMu, Version
from registry.rights.schemas import CERT
from registry.valuation.rules import Attachment, LandInput, Method

DocumentKind = Literal[
    "application_form",
    "borrower_id",
    "lender_id",
    "loan_contract",
    "mortgage_contract",
    "certificate",
    "consent_letter_A",
    "consent_letter_C",
    "consent_letter_D",
    "power_of_attorney",
    "appraisal_report",
    "other_residence_proof",
    "collective_consent",
    "senior_consent",
    "transfer_contract",
    "rent_receipt",
    "third_party_consent",
    "collective_decision",
    "township_approval",
    "marriage_certificate",
    "joint_repayment_commitment",
    "business_licence",
    "credit_rating",
    "financial_statements",
    "representative_ids",
    "transferred_right_certificate",
    "retransfer_consent",
]
#: R16 (001 5.1.1–5.1.3): who applies — a family-contract household, or a transferee that
#: is a legal person or a natural person.
ApplicantClass = Literal["household", "legal_person_transferee", "natural_person_transferee"]
#: R15: the class of uncontracted collective land (耕地 cultivated, 草牧场 grassland).
LandClass = Literal["cultivated", "grassland", "other"]


class CollectiveDecision(BaseModel):
    """R15/X5: the village (representatives') decision to mortgage uncontracted collective
    land — 集体经济组织民主决议 — cited by the collective's resolution id; the registry
    verifies it against the resolutions the collective published as effective."""

    model_config = ConfigDict(extra="forbid")

    resolution_id: str = Field(
        min_length=1, max_length=64, description="The collective's resolution id (X5)."
    )


RepaymentMethod = Literal[
    "lump_sum", "equal_instalments", "equal_principal", "interest_first", "flexible"
]


class LoanTerms(BaseModel):
    """R20 (000 三(四)(七)(九); 000 房): the loan's purpose, rate and repayment, and any other
    borrowing fee — 贷款用途、利率、还款方式."""

    model_config = ConfigDict(extra="forbid")

    purpose: str = Field(
        min_length=1, max_length=40, description="A code of the county's `loan_purposes`."
    )
    rate: Rate = Field(description="Annual loan rate as a fraction, e.g. 0.0435.")
    reference_rate: Rate = Field(
        description="The benchmark or LPR of the same term (the county's basis)."
    )
    repayment_method: RepaymentMethod
    other_fees: Money = Field(
        Decimal(0), description="Any borrowing fee beyond the interest (housing: none allowed)."
    )
    no_extra_fee_attestation: bool = Field(
        False, description="The lender attests no fee beyond the contract rate (000 房)."
    )


#: R7's three and R21's (001 5.4.5; 000 四(四)4; 000 房 三(三)): guarantee insurance
#: (保证保险), farmer housing insurance (农民住房保险, housing rights only) and a guarantee
#: given through the exchange platform (交易平台担保).
class OutflowConsent(BaseModel):
    """R17 (001 App. C, D): one signed consent letter — C by an outflow's contractor for
    its own land, D by the village co-op for the outflows entrusted to it."""

    model_config = ConfigDict(extra="forbid")

    form: Literal["C", "D"]
    signer_party_id: str = Field(
        min_length=1, max_length=64, description="The contractor (C) or the co-op (D)."
    )
    area_mu: AreaMu = Field(gt=0, description="The area the letter consents to.")
    originals: int = Field(3, ge=1, le=10, description="一式三份: bank, authority, signer.")


EnhancementKind = Literal[
    "interest_subsidy",
    "agricultural_insurance",
    "guarantee_company",
    "guarantee_insurance",
    "housing_insurance",
    "platform_guarantee",
]


#: R23: who holds the lien — a bank (the lender filing), an enterprise or a person.
MortgageeKind = Literal["bank", "enterprise", "person"]


class Mortgagee(BaseModel):
    """R23: a mortgagee that is not a bank — 非银行抵押权人 — an enterprise by its unified
    social credit code (GB 32100-2015) or a person by the resident ID number (GB 11643),
    each checked with its check character; its name is the application's ``lender_name``
    (the mortgagee is the creditor). Only on a right acquired by 入市."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["enterprise", "person"]
    party_id: str = Field(
        min_length=1,
        max_length=18,
        description="enterprise: unified social credit code; person: resident ID number.",
    )

    @field_validator("party_id")
    @classmethod
    def _by_kind(cls, value: str, info: ValidationInfo) -> str:
        # the kind decides which check applies (a person's code is not a company's)
        if info.data.get("kind") == "enterprise":
            return validate_credit_code(value)
        return validate_resident_id(value)


class ApplicationIn(BaseModel):
    """A lender's application for lien registration — 抵押登记申请; for a non-bank
    mortgagee (R23) the registration authority's window files it on its behalf."""

    model_config = ConfigDict(extra="forbid")

    certificate_no: str = Field(pattern=CERT)
    lender_name: str = Field(min_length=1, max_length=200, description="e.g. 某银行某支行")
    borrower_party_id: PartyId
    borrower_name: str = Field(min_length=1, max_length=100)
    loan_amount: Money
    loan_term_end: date
    lien_term_end: date
    loan_contract_no: str = Field(min_length=1, max_length=64)
    mortgage_contract_no: str = Field(min_length=1, max_length=64)
    full_civil_capacity: bool
    good_credit: bool
    management_capacity: bool = Field(False, description="Transferee: management capacity (R2).")
    employer_informed: bool = Field(description="The employer (发包方) has been told (R2).")
    contractor_consents: bool = Field(
        False, description="Transferee: the contractor consents to mortgage and re-transfer."
    )
    consenting_co_owners: list[str] = Field(
        default_factory=list, description="Co-owners who signed the consent letter (App. A)."
    )
    agent_party_id: PartyId | None = Field(
        None, description="An agent filing (R8: power of attorney)."
    )
    above_normal_reason: str | None = Field(None, max_length=1000, description="R7: above 50%.")
    mortgagor_party_id: PartyId | None = Field(
        None,
        description="R15: the mortgagor (抵押人, the right's holder) when it is not the "
        "borrower — a third-party mortgage; omitted: the borrower mortgages its own right.",
    )
    mortgagor_name: str | None = Field(None, min_length=1, max_length=100)
    land_class: LandClass | None = Field(
        None, description="R15: uncontracted collective land — 耕地 or 草牧场 only."
    )
    collective_decision: CollectiveDecision | None = None
    township_approval_no: str | None = Field(
        None, min_length=1, max_length=64, description="R15: the township's approval no."
    )
    applicant_class: ApplicantClass | None = Field(
        None, description="R16: the class whose checklist applies (omitted: R8's alone)."
    )
    retransferred: bool = Field(
        False, description="R16: the right is re-transferred (原承包方同意再流转 needed)."
    )
    collateral_realisable: bool | None = Field(
        None, description="R16 (001 5.4.2 e): the lender's finding 能否实现抵押物变现."
    )
    realisability_note: str | None = Field(None, min_length=1, max_length=1000)
    loan_terms: LoanTerms | None = Field(
        None, description="R20: required for farmer housing and homestead liens."
    )
    outflow_consents: list[OutflowConsent] = Field(
        default_factory=list,
        max_length=500,
        description="R17: one consent per outflow of a right assembled from several.",
    )
    mortgagee: Mortgagee | None = Field(
        None,
        description="R23: an enterprise or person mortgagee, filed by the registration "
        "authority's window (`lender_name` is then the enterprise's or person's name); "
        "omitted: the filing bank is the mortgagee.",
    )


class ApplicationCorrection(BaseModel):
    """A correction of an open application (更正): the fields sent replace those filed;
    the right (``certificate_no``) cannot change — another right is another application.
    ``above_normal_reason`` and ``agent_party_id`` may be cleared with null."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=1000, description="Why it is corrected (X2).")
    lender_name: str | None = Field(None, min_length=1, max_length=200)
    borrower_party_id: PartyId | None = None
    borrower_name: str | None = Field(None, min_length=1, max_length=100)
    loan_amount: Money | None = None
    loan_term_end: date | None = None
    lien_term_end: date | None = None
    loan_contract_no: str | None = Field(None, min_length=1, max_length=64)
    mortgage_contract_no: str | None = Field(None, min_length=1, max_length=64)
    full_civil_capacity: bool | None = None
    good_credit: bool | None = None
    management_capacity: bool | None = None
    employer_informed: bool | None = None
    contractor_consents: bool | None = None
    consenting_co_owners: list[str] | None = None
    agent_party_id: PartyId | None = None
    above_normal_reason: str | None = Field(None, max_length=1000)
    mortgagor_party_id: PartyId | None = None
    mortgagor_name: str | None = Field(None, min_length=1, max_length=100)
    land_class: LandClass | None = None
    collective_decision: CollectiveDecision | None = None
    township_approval_no: str | None = Field(None, min_length=1, max_length=64)
    applicant_class: ApplicantClass | None = None
    retransferred: bool | None = None
    collateral_realisable: bool | None = None
    realisability_note: str | None = Field(None, min_length=1, max_length=1000)
    loan_terms: LoanTerms | None = None
    outflow_consents: list[OutflowConsent] | None = None
    mortgagee: Mortgagee | None = Field(
        None, description="R23: the window corrects a non-bank mortgagee's kind or number."
    )


#: Correctable fields that may be cleared (sent as null); the others must have a value.
CLEARABLE = frozenset(
    {
        "above_normal_reason",
        "agent_party_id",
        "mortgagor_party_id",
        "mortgagor_name",
        "land_class",
        "collective_decision",
        "township_approval_no",
        "applicant_class",
        "collateral_realisable",
        "realisability_note",
        "loan_terms",
    }
)


class DocumentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    sha256: str
    size: int
    filename: str
    content_type: str
    uploaded_by: str
    uploaded_at: datetime


class EnhancementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: EnhancementKind
    provider: str = Field(min_length=1, max_length=200)
    reference: str = Field(min_length=1, max_length=200)
    guarantee_id: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="R21: a guarantee company's entry may cite the guarantee service's id "
        "(checked against the guarantees it issued).",
    )


class ValuationFactors(BaseModel):
    """R22 (001 5.3.2): the factors a land valuation takes into account, kept with it."""

    model_config = ConfigDict(extra="forbid")

    land_grade: str | None = Field(
        None, max_length=200, description="当地农用地分等定级估计成果 (grade or result no.)."
    )
    expected_net_income_per_mu: Money | None = Field(None, description="平均预期纯收入, 元/亩/年.")


class ValuationIn(BaseModel):
    """Value the collateral (R6): the method and the items, by the county's tables."""

    model_config = ConfigDict(extra="forbid")

    method: Method
    appraiser_licence_no: str | None = Field(
        None,
        min_length=1,
        max_length=40,
        description="L20: the appraiser's licence in the county's register (method appraiser).",
    )
    land: LandInput | None = None
    attachments: list[Attachment] = Field(default_factory=list, max_length=200)
    factors: ValuationFactors | None = Field(
        None, description="R22: 5.3.2 factors; rent paid and remaining years are added."
    )


class ApplicationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    certificate_no: str
    county: str
    lender_org_id: str | None = Field(description="The bank; null for a non-bank mortgagee.")
    lender_name: str
    mortgagee_kind: MortgageeKind = "bank"
    mortgagee_party_id: str | None = Field(None, description="R23: a non-bank mortgagee's id.")
    borrower_party_id: str
    borrower_name: str
    mortgagor_party_id: str | None = Field(None, description="R15: set for a third party.")
    mortgagor_name: str | None = None
    applicant_class: str | None = None
    collateral_realisable: bool | None = None
    realisability_note: str | None = None
    loan_terms: dict[str, Any] | None = None
    outflow_consents: list[dict[str, Any]] = Field(default_factory=list)
    loan_amount: Money
    loan_term_end: date
    lien_term_end: date
    status: str
    valuation: dict[str, Any] | None
    appraised_value: Money | None
    documents: list[DocumentOut] = Field(default_factory=list)
    enhancements: list[dict[str, Any]] = Field(default_factory=list)
    lien_id: str | None
    refusals: list[dict[str, Any]] = Field(default_factory=list)
    created_at: datetime | None = Field(
        None, description="When the bank applied (the consoles' queues: oldest first)."
    )


class RefusalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)


class CheckOut(BaseModel):
    """The registration checks now (R2–R9): every open problem at once."""

    ready: bool
    required_consent_form: str | None
    problems: list[dict[str, str]]
    warnings: list[dict[str, str]] = Field(
        default_factory=list, description="Not refusals (R20: a non-agricultural purpose)."
    )
    annotation_preview: str | None = Field(
        None, description="R9: the certificate's annotation if it were registered now."
    )


class LienOut(BaseModel):
    id: str
    certificate_no: str
    county: str
    lender_org_id: str | None = Field(description="The bank; null for a non-bank mortgagee.")
    lender_name: str
    mortgagee_kind: MortgageeKind = "bank"
    mortgagee_party_id: str | None = Field(None, description="R23: a non-bank mortgagee's id.")
    borrower_party_id: str
    borrower_name: str
    secured_amount: Money
    appraised_value: Money
    rank: int
    term_end: date
    registered_at: datetime
    annotation: str
    publicity: dict[str, Any]
    status: str
    discharge_reason: str | None
    discharged_at: datetime | None
    version: int
    changes: list[dict[str, Any]] = Field(default_factory=list)


class ChangeIn(BaseModel):
    """A change of the mortgage contract to register (R10)."""

    model_config = ConfigDict(extra="forbid")

    changed_on: date = Field(description="The day the mortgage contract changed.")
    secured_amount: Money
    term_end: date
    reason: str = Field(min_length=1, max_length=1000)
    version: Version = Field(description="The lien version read (a stale write is refused).")


class DischargeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Literal["repaid", "waived"]
    note: str = Field(min_length=1, max_length=1000)
    mortgagee_release: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        description="R11/R23: a non-bank mortgagee's written release (解除抵押书面申请) — its "
        "reference; required when the authority discharges a non-bank lien.",
    )


class CompensationIn(BaseModel):
    """Expropriation compensation for a mortgaged right (R12)."""

    model_config = ConfigDict(extra="forbid")

    amount: Money
    reference: str = Field(min_length=1, max_length=200, description="Compensation decision no.")


class CompensationOut(BaseModel):
    certificate_no: str
    total: Money
    payouts: list[dict[str, Any]]
    reference: str
    decided_at: datetime


class PublicityOut(BaseModel):
    """公示 of a mortgaged right: personal data masked (R9, X3)."""

    certificate_no: str
    location: str
    area_mu: str
    holder: str
    lender: str
    secured_amount: str
    rank: int
    term_end: date
    published_at: str | None
    text: str | None
