"""Issue 15 defect 8: an event its producer accepts must never poison its consumer.
Every string in an event contract is bounded, and every consumer column that stores a
contract field holds the contract's maximum (DOMAIN X1, X4)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel
from sqlalchemy import String

from common.contracts.bidding import (
    ContractSigned,
    DepositForfeited,
    DepositPaid,
    SettlementCompleted,
    TradeConcluded,
    TradeFailed,
    TransactionCertificateChanged,
)
from common.contracts.collective import CaseChanged, MemberChanged, ResolutionPassed
from common.contracts.guarantee import PartyBlacklisted, PartyCleared
from common.contracts.listing import (
    AnnouncementClosed,
    IntermediaryChanged,
    ListingPublished,
    QualifiedBuyer,
)
from common.contracts.registry import DisposalRequested, RightFlagged, RightTransferred
from common.events import registered_events

#: (contract, field) → the consumer columns ("service.table.column") it is stored in.
#: Kept by hand: a new consumer that stores a contract field adds its line here.
STORED: dict[tuple[type[BaseModel], str], list[str]] = {
    # bidding ← listing.published
    **{
        (ListingPublished, f): [f"bidding.listings.{c}"]
        for f, c in [
            ("listing_id", "listing_id"),
            ("county", "county"),
            ("township", "township"),
            ("title", "title"),
            ("product", "product"),
            ("way", "way"),
            ("mode", "mode"),
            ("seller_party_id", "seller_party_id"),
            ("seller_name", "seller_name"),
            ("right_certificate_no", "right_certificate_no"),
            ("disposal_id", "disposal_id"),
        ]
    },
    # bidding ← listing.announcement_closed (the trade session and its bidders)
    **{
        (AnnouncementClosed, f): [f"bidding.trade_sessions.{f}"]
        for f in [
            "listing_id",
            "county",
            "township",
            "title",
            "product",
            "way",
            "mode",
            "seller_party_id",
            "seller_name",
            "right_certificate_no",
            "area_mu",
            "disposal_id",
            "lien_id",
        ]
    },
    (QualifiedBuyer, "party_id"): ["bidding.bidders.party_id"],
    (QualifiedBuyer, "registration_id"): ["bidding.bidders.registration_id"],
    (QualifiedBuyer, "name"): ["bidding.bidders.name"],
    # bidding and listing ← registry.disposal_requested
    (DisposalRequested, "disposal_id"): [
        "bidding.disposals.disposal_id",
        "listing.listings.disposal_id",
    ],
    (DisposalRequested, "lien_id"): ["bidding.disposals.lien_id", "listing.listings.lien_id"],
    (DisposalRequested, "certificate_no"): [
        "bidding.disposals.certificate_no",
        "listing.listings.right_certificate_no",
    ],
    (DisposalRequested, "lender_org_id"): ["bidding.disposals.lender_org_id"],
    (DisposalRequested, "county"): ["listing.listings.county"],
    (DisposalRequested, "township"): ["listing.listings.township"],
    (DisposalRequested, "collective_id"): ["listing.listings.collective_id"],
    (DisposalRequested, "holder_party_id"): ["listing.listings.seller_party_id"],
    (DisposalRequested, "holder_name"): ["listing.listings.seller_name"],
    (DisposalRequested, "product"): ["listing.listings.product"],
    (DisposalRequested, "way"): ["listing.listings.way"],
    (DisposalRequested, "method"): ["listing.listings.mode"],
    (DisposalRequested, "location"): ["listing.listings.location"],
    # listing ← guarantee blacklist (L13)
    (PartyBlacklisted, "party_id"): ["listing.restrictions.party_id"],
    (PartyBlacklisted, "party_name"): ["listing.restrictions.name"],
    (PartyBlacklisted, "decided_by"): ["listing.restrictions.decided_by"],
    (PartyCleared, "party_id"): ["listing.restrictions.party_id"],
    (PartyCleared, "decided_by"): ["listing.restrictions.decided_by"],
    # listing and registry ← collective members (L10, L11, Z1)
    **{
        (MemberChanged, f): [
            f"listing.collective_members.{f}",
            f"registry.collective_members.{f}",
        ]
        for f in ["collective_id", "party_id", "name"]
    },
    **{
        (MemberChanged, f): [f"listing.collective_members.{f}", f"registry.collectives.{c}"]
        for f, c in [
            ("collective_name", "name"),
            ("county", "county"),
            ("township", "township"),
        ]
    },
    # listing and registry ← collective dispute and violation cases (X6, Z12)
    **{
        (CaseChanged, f): [f"listing.collective_cases.{f}", f"registry.collective_cases.{f}"]
        for f in ["case_id", "object_type", "object_ref", "certificate_no", "stage"]
    },
    (CaseChanged, "parcel_id"): ["registry.collective_cases.parcel_id"],
    # collective ← registry's flags and a homestead's lease (Z5, Z6, Z7)
    (RightFlagged, "certificate_no"): ["collective.right_flags.certificate_no"],
    (RightTransferred, "certificate_no"): ["collective.parcel_leases.certificate_no"],
    (RightTransferred, "new_certificate_no"): ["collective.parcel_leases.id"],
    (RightTransferred, "listing_id"): ["collective.parcel_leases.listing_id"],
    (RightTransferred, "to_party_id"): ["collective.parcel_leases.lessee_party_id"],
    (RightTransferred, "to_name"): ["collective.parcel_leases.lessee_name"],
    # listing ← bidding (L6, L14)
    (DepositPaid, "bank_reference"): ["listing.registrations.deposit_reference"],
    (TradeConcluded, "trade_id"): ["listing.listings.trade_id"],
    (TradeConcluded, "buyer_party_id"): ["listing.listings.result_buyer_party_id"],
    (TradeConcluded, "buyer_name"): ["listing.listings.result_buyer_name"],
    (TradeFailed, "trade_id"): ["listing.listings.trade_id"],
    (ContractSigned, "contract_no"): ["listing.listings.contract_no"],
    (ContractSigned, "buyer_party_id"): ["listing.listings.result_buyer_party_id"],
    (ContractSigned, "buyer_name"): ["listing.listings.result_buyer_name"],
    # registry ← bidding.settlement_completed (R1, R13)
    (SettlementCompleted, "trade_id"): [
        "registry.right_transfers.trade_id",
        "registry.rights.transfer_contract_no",
    ],
    (SettlementCompleted, "listing_id"): ["registry.right_transfers.listing_id"],
    (SettlementCompleted, "right_certificate_no"): ["registry.right_transfers.certificate_no"],
    (SettlementCompleted, "way"): ["registry.right_transfers.way"],
    (SettlementCompleted, "seller_party_id"): ["registry.right_transfers.from_party_id"],
    (SettlementCompleted, "buyer_party_id"): [
        "registry.right_transfers.to_party_id",
        "registry.rights.holder_party_id",
    ],
    (SettlementCompleted, "buyer_name"): [
        "registry.right_transfers.to_name",
        "registry.rights.holder_name",
    ],
    (SettlementCompleted, "area_mu"): ["registry.rights.area_mu"],
    # listing ← bidding.deposit_forfeited (L25's forfeited deposits, B5)
    (DepositForfeited, "listing_id"): ["listing.forfeited_deposits.listing_id"],
    (DepositForfeited, "party_id"): ["listing.forfeited_deposits.party_id"],
    # registry, bidding and collective ← listing's intermediary register (L20)
    **{
        (IntermediaryChanged, f): [
            f"registry.registered_appraisers.{f}",
            f"bidding.registered_auctioneers.{f}",
            f"collective.registered_appraisers.{f}",
        ]
        for f in ["intermediary_id", "county", "name", "licence_no"]
    },
    # registry ← collective.resolution_passed (R15)
    **{
        (ResolutionPassed, f): [f"registry.passed_resolutions.{f}"]
        for f in ["resolution_id", "collective_id", "county", "matter", "subject_ref", "threshold"]
    },
    # registry ← bidding.transaction_certificate_changed (R18)
    (TransactionCertificateChanged, "status"): ["registry.transaction_certificates.validity"],
    **{
        (TransactionCertificateChanged, f): [f"registry.transaction_certificates.{f}"]
        for f in [
            "code",
            "number",
            "trade_id",
            "listing_id",
            "right_certificate_no",
            "seller_party_id",
            "buyer_party_id",
        ]
    },
}

#: Values a consumer derives from a field with a fixed prefix: (prefix, contract, field).
DERIVED: dict[str, tuple[str, type[BaseModel], str]] = {
    "registry.right_transfers.certificate_no": ("listing-", SettlementCompleted, "listing_id"),
    "listing.listings.created_by": ("registry:", DisposalRequested, "lender_org_id"),
}


def _max_length(model: type[BaseModel], field: str) -> int:
    """The longest value the contract lets through (an enumeration: its longest member)."""
    full = model.model_json_schema()
    defs = full.get("$defs", {})

    def resolved(s: dict) -> dict:
        # an enumeration (common.products.Product) is a reference to its definition
        return defs[s["$ref"].rsplit("/", 1)[-1]] if "$ref" in s else s

    schema = full["properties"][field]
    lengths = [
        s.get("maxLength") or max((len(str(v)) for v in s.get("enum", [])), default=None)
        for s in map(resolved, [schema, *schema.get("anyOf", [])])
        if s.get("type") == "string" or "enum" in s
    ]
    known = [n for n in lengths if n is not None]
    assert known, f"{model.__name__}.{field} has no max_length"
    return max(known)


def _column(services: dict, dotted: str) -> Any:
    service, table, column = dotted.split(".")
    return services[service].metadata.tables[table].c[column]


def _strings(schema: dict[str, Any], defs: dict[str, Any], path: str) -> list[str]:
    """Every unbounded free string in a JSON schema (dates, money patterns, enums excepted)."""
    if "$ref" in schema:
        return _strings(defs[schema["$ref"].rsplit("/", 1)[-1]], defs, path)
    found = []
    if schema.get("type") == "string" and not (
        {"maxLength", "enum", "const", "format", "pattern"} & set(schema)
    ):
        found.append(path)
    for name, sub in schema.get("properties", {}).items():
        found += _strings(sub, defs, f"{path}.{name}")
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            found += _strings(sub, defs, path)
    if "items" in schema:
        found += _strings(schema["items"], defs, f"{path}[]")
    return found


def test_X1_every_string_in_every_event_contract_has_a_maximum_length() -> None:
    unbounded = []
    for event in registered_events():
        schema = event.model_json_schema()
        unbounded += _strings(schema, schema.get("$defs", {}), event.event_type)
    assert not unbounded, f"bound these with common.contracts.fields: {unbounded}"


@pytest.mark.parametrize(
    ("contract", "field"), list(STORED), ids=[f"{c.__name__}.{f}" for c, f in STORED]
)
def test_X1_every_consumer_column_holds_the_contracts_longest_value(
    services: dict, contract: type[BaseModel], field: str
) -> None:
    longest = _max_length(contract, field)
    for dotted in STORED[(contract, field)]:
        column = _column(services, dotted)
        length = getattr(column.type, "length", None)
        if isinstance(column.type, String) and length is not None:
            assert length >= longest, f"{dotted} is {length}, {contract.__name__}.{field} {longest}"


@pytest.mark.parametrize("dotted", list(DERIVED))
def test_X1_a_value_a_consumer_derives_from_a_field_still_fits(services: dict, dotted: str) -> None:
    prefix, contract, field = DERIVED[dotted]
    length = _column(services, dotted).type.length
    assert length >= len(prefix) + _max_length(contract, field), dotted


def test_every_stored_field_exists_in_its_contract() -> None:
    for contract, field in STORED:
        assert field in contract.model_fields, (contract.__name__, field)


async def test_X4_a_request_whose_event_breaks_its_contract_is_refused_by_the_producer() -> None:
    """Building the event validates the bounds: the producer answers 422 naming the
    field (its transaction rolls back) instead of publishing what a consumer cannot store.
    Any other model failing inside a route stays a 500: that is a bug, not bad input."""
    from datetime import UTC, datetime

    import httpx
    from fastapi import FastAPI

    from common.contracts.platform import ProbeRecorded
    from common.problems import install_problem_handlers

    app = FastAPI()
    install_problem_handlers(app)

    class Internal(BaseModel):
        n: int

    @app.post("/probe/{probe_id}")
    async def probe(probe_id: str) -> dict[str, str]:
        ProbeRecorded(probe_id=probe_id, sequence=0, sent_at=datetime.now(UTC))
        return {"ok": probe_id}

    @app.post("/bug")
    async def bug() -> dict[str, int]:
        return {"n": Internal(n="x").n}  # type: ignore[arg-type]

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        assert (await c.post(f"/probe/{'p' * 64}")).status_code == 200
        r = await c.post(f"/probe/{'p' * 65}")
        assert r.status_code == 422, r.text
        [error] = r.json()["errors"]
        assert error["field"] == "probe_id" and "64" in error["message_zh"]
        assert (await c.post("/bug")).status_code == 500
