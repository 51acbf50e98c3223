"""Rights ledger use cases (DOMAIN R1): append-only history, versioned writes, flags,
import, title search, search certificates and the transfer of a traded right."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from fractions import Fraction
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_decision, record_on
from common.auth import OrgType, Principal
from common.clock import local_date
from common.context import now
from common.contracts.bidding import SettlementCompleted, TransactionCertificateChanged
from common.contracts.registry import RightFlagged, RightTransferred
from common.money import from_fen, to_fen
from common.outbox import record_event
from common.problems import FieldProblem, Problem, invalid, invalid_field
from registry.access import is_staff, other_org, require_county, require_org
from registry.collectives.service import case_problems
from registry.rights import repository
from registry.rights.models import (
    RecordedInterest,
    Right,
    RightFlagChange,
    RightHistory,
    RightTransfer,
    SearchCertificate,
    TransactionCertificate,
)
from registry.rights.repository import get_right
from registry.rights.rules import (
    FLAG_ZH,
    FLAGS,
    REQUIRED_COLUMNS,
    Imported,
    Title,
    actor,
    certificate_content,
    certificate_problems,
    cross_field_problems,
    flag_states,
    holder_ids,
    off_exchange_problems,
    row_dict,
    row_errors,
    search_certificate_number,
    snapshot,
    stale,
    term_years,
)
from registry.rights.schemas import InterestIn, OffExchangeTransferIn, RightIn, RightUpdate
from registry.valuation.rules import round_fen

__all__ = ["get_right", "get_right_in_county"]


async def get_right_in_county(
    session: AsyncSession, who: Principal, certificate_no: str, *, lock: bool = False
) -> Right:
    """The right, if the caller's county holds it (X3)."""
    right = await get_right(session, certificate_no, lock=lock)
    require_county(who, right.county, "the right", "该权利")
    return right


async def read_right(session: AsyncSession, who: Principal, certificate_no: str) -> Right:
    """A right for its holder or a co-owner, or for county staff of its county (X3)."""
    right = await get_right(session, certificate_no)
    if who.org.id not in holder_ids(right):
        if not is_staff(who):
            raise other_org("the right", "该权利")
        require_county(who, right.county, "the right", "该权利")
    return right


async def record_history(
    session: AsyncSession, who: Principal | None, right: Right, action: str, reason: str | None
) -> None:
    """Append the right's current version to its history (R1) — every area that changes a
    right (a lien annotated or removed, a trade) writes its version through here."""
    session.add(
        RightHistory(
            certificate_no=right.certificate_no,
            version=right.version,
            action=action,
            snapshot=snapshot(right),
            recorded_by=actor(who),
            recorded_at=now(session),
            reason=reason,
        )
    )
    await session.flush()


async def new_version(
    session: AsyncSession, who: Principal | None, right: Right, action: str, reason: str | None
) -> None:
    """The right changed (its own fields or what encumbers it): a new version in history."""
    right.version += 1
    right.updated_at = now(session)
    await session.flush()
    await record_history(session, who, right, action, reason)


def _columns(data: RightIn) -> dict[str, Any]:
    d = data.model_dump()
    rent = d.pop("annual_rent_per_mu")
    d["annual_rent_per_mu_fen"] = to_fen(rent) if rent is not None else None
    d["area_mu"] = str(data.area_mu)
    d["co_owners"] = [c.model_dump() for c in data.co_owners]
    d["outflows"] = [o.model_dump(mode="json") for o in data.outflows]
    return d


async def create_right(
    session: AsyncSession,
    who: Principal | None,
    data: RightIn,
    *,
    action: str = "registered",
    parent: str | None = None,
) -> Right:
    problems = cross_field_problems(data.model_dump())
    if await repository.certificate_exists(session, data.certificate_no):
        problems.append(
            FieldProblem(
                "certificate_no", "R1", "a right with this certificate exists", "该权证号已登记"
            )
        )
    if problems:
        raise invalid(problems, rule="R1")
    at = now(session)
    right = Right(
        **_columns(data),
        parent_certificate_no=parent,
        disputed=False,
        seized=False,
        expropriation=False,
        version=1,
        created_at=at,
        updated_at=at,
    )
    try:
        async with session.begin_nested():  # a concurrent registration of the same number
            session.add(right)
            await session.flush()
    except IntegrityError:
        raise Problem(
            409,
            "certificate-exists",
            f"right {data.certificate_no} was registered meanwhile",
            f"权证号{data.certificate_no}已被同时登记",
            rule="R1",
        ) from None
    await record_history(session, who, right, action, None)
    if who is not None and action == "registered":
        await record_on(
            session,
            right,
            action="right.registered",
            by=who,
            rule="R1",
            data={"holder_party_id": right.holder_party_id, "origin": right.origin},
        )
    return right


async def update_right(
    session: AsyncSession, who: Principal, right: Right, upd: RightUpdate
) -> Right:
    if upd.version != right.version:
        raise stale(right.version, upd.version)
    changes = upd.model_dump(exclude_unset=True, exclude={"version", "reason"})
    merged = snapshot(right)
    merged.update({k: v for k, v in changes.items()})
    if "annual_rent_per_mu" not in changes:
        merged["annual_rent_per_mu"] = right.annual_rent_per_mu_fen
    for k in ("term_start", "term_end"):
        if k not in changes and merged.get(k):
            merged[k] = getattr(right, k)
    problems = cross_field_problems(merged)
    if problems:
        raise invalid(problems, rule="R1")
    for k, v in changes.items():
        if k == "annual_rent_per_mu":
            right.annual_rent_per_mu_fen = to_fen(v) if v is not None else None
        elif k == "area_mu":
            right.area_mu = str(v)
        elif k == "co_owners":
            right.co_owners = [c for c in v]
        else:
            setattr(right, k, v)
    await new_version(session, who, right, "corrected", upd.reason)
    await record_on(
        session,
        right,
        action="right.corrected",
        by=who,
        reason=upd.reason,
        rule="R1",
        data={"version": right.version, "fields": sorted(changes)},
    )
    return right


async def set_flag(
    session: AsyncSession,
    who: Principal,
    right: Right,
    flag: str,
    value: bool,
    reason: str,
    authority_ref: str | None = None,
) -> RightFlagChange:
    if getattr(right, flag) == value:
        raise invalid_field(
            "set",
            "R1",
            f"the {flag} flag is already {'set' if value else 'clear'}",
            f"{FLAG_ZH[flag]}标记已是{'设定' if value else '解除'}状态",
        )
    at = now(session)
    setattr(right, flag, value)
    right.version += 1
    right.updated_at = at
    change = RightFlagChange(
        certificate_no=right.certificate_no,
        flag=flag,
        set=value,
        reason=reason,
        authority_ref=authority_ref,
        decided_by=actor(who),
        decided_at=at,
    )
    session.add(change)
    await session.flush()
    await record_history(session, who, right, f"{flag}.{'set' if value else 'cleared'}", reason)
    await record_on(
        session,
        right,
        action=f"right.flag.{flag}.{'set' if value else 'cleared'}",
        by=who,
        reason=reason,
        rule="R1",
        data={"authority_ref": authority_ref},
    )
    await record_event(
        session,
        RightFlagged(
            certificate_no=right.certificate_no,
            flag=flag,  # type: ignore[arg-type]
            set=value,
            reason=reason,
            decided_by=actor(who),
            at=at,
        ),
    )
    return change


async def record_interest(
    session: AsyncSession, who: Principal, right: Right, body: InterestIn
) -> RecordedInterest:
    """A party's interest in a right (it may then obtain a search certificate)."""
    interest = RecordedInterest(
        certificate_no=right.certificate_no,
        party_id=body.party_id,
        kind=body.kind,
        recorded_by=actor(who),
        recorded_at=now(session),
    )
    session.add(interest)
    await session.flush()
    await record_on(
        session,
        right,
        action="interest.recorded",
        by=who,
        rule="R1",
        data={"party_id": body.party_id, "kind": body.kind},
    )
    return interest


# --- CSV import -----------------------------------------------------------------------


async def import_csv(session: AsyncSession, who: Principal, county: str, raw: bytes) -> Imported:
    """Import existing certification data; every bad row is reported with its reasons."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise invalid_field(
            "file", "R1", "the file is not UTF-8 text", "文件须为UTF-8编码的CSV"
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = REQUIRED_COLUMNS - set(reader.fieldnames or [])
    if missing:
        raise invalid_field(
            "file",
            "R1",
            f"missing columns: {', '.join(sorted(missing))}",
            f"缺少列：{'、'.join(sorted(missing))}",
        )
    seen: set[str] = set()
    imported: list[str] = []
    rejected: list[dict[str, Any]] = []
    for n, row in enumerate(reader, start=1):
        d = row_dict(row)
        cert = d.get("certificate_no")
        errors: list[dict[str, str]] = []
        data = None
        try:
            data = RightIn.model_validate(d)
        except ValidationError as exc:
            errors += row_errors(exc)
        if data is not None:
            errors += [
                {"field": p.field, "rule": p.rule, "message": p.message_en}
                for p in cross_field_problems(data.model_dump())
            ]
            if data.county != county:
                errors.append(
                    {"field": "county", "rule": "X3", "message": "another county's right"}
                )
        if cert and (cert in seen or await repository.certificate_exists(session, cert)):
            errors.append(
                {"field": "certificate_no", "rule": "R1", "message": "certificate already exists"}
            )
        if cert:
            seen.add(cert)
        if errors or data is None:
            rejected.append({"row": n, "certificate_no": cert, "errors": errors})
            continue
        await create_right(session, who, data, action="imported")
        imported.append(data.certificate_no)
    await record_decision(
        session,
        subject_type="right_import",
        subject_id=county,
        action="rights.imported",
        by=who,
        reason="bulk import of existing certification data",
        rule="R1",
        data={"imported": len(imported), "rejected": [r["row"] for r in rejected]},
    )
    return Imported(certificate_nos=imported, rejected=rejected)


# --- reading ------------------------------------------------------------------------------


async def history(session: AsyncSession, who: Principal, certificate_no: str) -> list[RightHistory]:
    """Every version of a right, oldest first (county staff of its county)."""
    await get_right_in_county(session, who, certificate_no)
    return await repository.history_of(session, certificate_no)


async def flag_changes(
    session: AsyncSession, who: Principal, certificate_no: str
) -> list[RightFlagChange]:
    """The right's flag log, oldest first (county staff of its county)."""
    await get_right_in_county(session, who, certificate_no)
    return await repository.flag_changes_of(session, certificate_no)


async def encumbrances(session: AsyncSession, right: Right) -> list[str]:
    """他项权利记载: the annotation of each active lien."""
    return [
        lien.annotation for lien in await repository.active_liens(session, right.certificate_no)
    ]


async def last_flag_changes(
    session: AsyncSession, right: Right
) -> dict[str, RightFlagChange | None]:
    return {
        flag: await repository.last_flag_change(session, right.certificate_no, flag)
        for flag in FLAGS
    }


async def title_search(session: AsyncSession, who: Principal, right: Right) -> Title:
    return Title(
        right=right,
        flags=await last_flag_changes(session, right),
        liens=await repository.active_liens(session, right.certificate_no),
        searched_at=now(session),
    )


async def may_obtain_certificate(session: AsyncSession, who: Principal, right: Right) -> bool:
    """查询证明 only for the holder, a lienholder, or a party with a recorded interest."""
    me = who.org.id
    if me in holder_ids(right) or who.subject == right.holder_party_id:
        return True
    if who.org.type == "bank" and await repository.bank_has_lien(session, right.certificate_no, me):
        return True
    return await repository.has_interest(session, right.certificate_no, [me, who.subject])


async def issue_search_certificate(
    session: AsyncSession, who: Principal, right: Right
) -> SearchCertificate:
    """Issue and keep a 查询证明 with the right, its flags and every lien it had (R1) —
    only to the holder, a lienholder or a party with a recorded interest."""
    if not await may_obtain_certificate(session, who, right):
        raise Problem(
            403,
            "no-interest",
            "a search certificate is issued only to the holder, a lienholder or a party "
            "with a recorded interest",
            "查询证明仅向权利人、抵押权人或有登记利害关系的当事人出具",
            rule="R1",
        )
    flags = flag_states(right, await last_flag_changes(session, right))
    content = certificate_content(
        right, flags, await repository.all_liens(session, right.certificate_no)
    )
    cert = SearchCertificate(
        certificate_no=right.certificate_no,
        issued_to=f"{who.org.type}:{who.org.id}",
        issued_at=now(session),
        content=content,
    )
    session.add(cert)
    await session.flush()
    await record_on(
        session,
        right,
        action="search_certificate.issued",
        by=who,
        rule="R1",
        data={"number": search_certificate_number(right.county, cert.id)},
    )
    return cert


# --- a completed trade (R1, B6) -------------------------------------------------------


async def trade_recorded(session: AsyncSession, trade_id: str) -> bool:
    """A settlement already entered in the ledger (a redelivery changes nothing)."""
    return await repository.transfer_of_trade(session, trade_id) is not None


async def _next_child_certificate(session: AsyncSession, certificate_no: str) -> str:
    """The next 经营权 certificate carved out of ``certificate_no``: ``<no>-L<n>``."""
    return f"{certificate_no}-L{await repository.children_count(session, certificate_no) + 1}"


def _transferred_part(
    right: Right, certificate_no: str, holder_party_id: str, holder_name: str, **terms: Any
) -> RightIn:
    """The right a transfer (流转, R18) carves out of ``right``: the parent's place and
    kind, the transferee as holder and the parent's holder as the contractor."""
    return RightIn(
        certificate_no=certificate_no,
        county=right.county,
        township=right.township,
        collective_id=right.collective_id,
        right_type=right.right_type,  # type: ignore[arg-type]
        origin="transfer",
        holder_party_id=holder_party_id,
        holder_name=holder_name,
        location=right.location,
        contractor_party_id=right.holder_party_id,
        contractor_name=right.holder_name,
        **terms,
    )


async def record_trade(
    session: AsyncSession, who: Principal | None, ev: SettlementCompleted
) -> RightTransfer | None:
    """The right passes to the buyer for the traded term; publish right_transferred.

    A transfer (转让) moves the right itself to the buyer on the same certificate. A
    lease, equity contribution or other way transfers the management right for the
    traded term only: the holder keeps the original, and the buyer gets a new
    transferred-right certificate (农村流转土地经营权证, 001 Appendix B) numbered
    ``<certificate>-L<n>``. A redelivered settlement changes nothing (one per trade).
    """
    if await trade_recorded(session, ev.trade_id):
        return None
    at = now(session)
    price_fen = to_fen(ev.price)
    cert_key = ev.right_certificate_no or f"listing-{ev.listing_id}"
    right = None
    if ev.right_certificate_no:
        right = await repository.find_right(session, ev.right_certificate_no, lock=True)
    new_cert: str | None = None
    from_party = ev.seller_party_id
    term_start, term_end = ev.term_start, ev.term_end
    if right is not None:
        from_party = right.holder_party_id
        if ev.way == "transfer":
            right.holder_party_id = ev.buyer_party_id
            right.holder_name = ev.buyer_name
            right.co_owners = []
            right.transfer_contract_no = ev.trade_id
            if term_start:
                right.term_start = term_start
            if term_end and (right.term_end is None or term_end < right.term_end):
                right.term_end = term_end
            term_start, term_end = right.term_start, right.term_end
            await new_version(session, who, right, "transferred", f"trade {ev.trade_id}")
        else:
            new_cert = await _next_child_certificate(session, right.certificate_no)
            term_start = term_start or right.term_start
            term_end = term_end or right.term_end
            if right.term_end and term_end and term_end > right.term_end:
                term_end = right.term_end
            area = Decimal(ev.area_mu or right.area_mu)
            years = term_years(term_start, term_end)
            rent = (
                round_fen(Fraction(price_fen) / (Fraction(area) * years))
                if years and area > 0
                else None
            )
            child = _transferred_part(
                right,
                new_cert,
                ev.buyer_party_id,
                ev.buyer_name,
                area_mu=area,
                term_start=term_start,
                term_end=term_end,
                transfer_contract_no=ev.trade_id,
                annual_rent_per_mu=from_fen(rent) if rent is not None else None,
                rent_paid_until=term_end,  # the whole price is settled through the exchange
            )
            await create_right(
                session, who, child, action="issued_on_trade", parent=right.certificate_no
            )
            await new_version(
                session, who, right, f"{ev.way}_out", f"trade {ev.trade_id} → {new_cert}"
            )
    transfer = RightTransfer(
        trade_id=ev.trade_id,
        listing_id=ev.listing_id,
        certificate_no=cert_key,
        new_certificate_no=new_cert,
        way=ev.way,
        from_party_id=from_party,
        to_party_id=ev.buyer_party_id,
        to_name=ev.buyer_name,
        price_fen=price_fen,
        term_start=term_start,
        term_end=term_end,
        transferred_at=at,
    )
    session.add(transfer)
    await session.flush()
    await record_decision(
        session,
        subject_type="right",
        subject_id=cert_key,
        action="right.transferred",
        by=None,
        reason=f"trade {ev.trade_id} settled (listing {ev.listing_id})",
        rule="R1",
        data={"way": ev.way, "new_certificate_no": new_cert, "in_ledger": right is not None},
    )
    await record_event(
        session,
        RightTransferred(
            certificate_no=cert_key,
            new_certificate_no=new_cert,
            listing_id=ev.listing_id,
            from_party_id=from_party,
            to_party_id=ev.buyer_party_id,
            to_name=ev.buyer_name,
            way=ev.way,
            term_start=term_start,
            term_end=term_end,
            transferred_at=at,
        ),
    )
    return transfer


async def file_off_exchange_transfer(
    session: AsyncSession, who: Principal, certificate_no: str, body: OffExchangeTransferIn
) -> Right:
    """R18 (001 App. B; 000 四(四)2): a transfer made outside the exchange, filed at the
    township with items a–g, is issued its transferred-right certificate
    ``<certificate>-L<n>`` — the same numbering as a trade's; every missing item and
    conflict refused at once, nothing changed."""
    right = await get_right(session, certificate_no, lock=True)
    if who.org.type == OrgType.township:
        require_org(who, OrgType.township, right.township, "the right", "该权利")
    else:
        require_county(who, right.county, "the right", "该权利")
    today = local_date(now(session))
    problems = off_exchange_problems(
        body, right, await repository.children(session, certificate_no), today
    )
    # X6, Z12: an open collective case on the right blocks its transfer as it does a lien
    problems += await case_problems(session, certificate_no)
    if body.transaction_certificate_code:
        problems += await cited_certificate_problems(session, body, right)
    if problems:
        raise invalid(problems, rule="R18")
    new_cert = await _next_child_certificate(session, certificate_no)
    child = _transferred_part(
        right,
        new_cert,
        body.transferee_party_id,
        body.transferee_name,
        area_mu=body.area_mu,
        term_start=body.term_start,
        term_end=body.term_end,
        transfer_contract_no=body.transfer_contract_no or body.transaction_certificate_code,
        annual_rent_per_mu=body.annual_rent_per_mu,
        rent_paid_until=body.rent_paid_until,
    )
    issued = await create_right(
        session, who, child, action="issued_off_exchange", parent=certificate_no
    )
    await new_version(session, who, right, "transfer_out", f"off-exchange transfer → {new_cert}")
    await record_decision(
        session,
        subject_type="right",
        subject_id=new_cert,
        action="right.transferred_off_exchange",
        by=who,
        reason=f"filed at township {right.township}",
        rule="R18",
        data={
            "items": dict(body.items),
            "transaction_certificate_code": body.transaction_certificate_code,
            "agent_party_id": body.agent_party_id,
        },
    )
    return issued


async def follow_certificate(
    session: AsyncSession, who: Principal | None, e: TransactionCertificateChanged
) -> None:
    """bidding issued, superseded or revoked a 交易鉴证书 (L19): the projection R18 checks.
    A certificate only moves away from valid, so a late ``valid`` does not revive it."""
    row = await session.get(TransactionCertificate, e.code)
    if row is None:
        session.add(
            TransactionCertificate(
                code=e.code,
                number=e.number,
                trade_id=e.trade_id,
                listing_id=e.listing_id,
                validity=e.status,
                right_certificate_no=e.right_certificate_no,
                seller_party_id=e.seller_party_id,
                buyer_party_id=e.buyer_party_id,
                price_fen=to_fen(e.price),
                changed_at=e.changed_at,
            )
        )
    elif e.status != "valid":
        row.validity, row.changed_at = e.status, e.changed_at
    await session.flush()


async def cited_certificate_problems(
    session: AsyncSession, body: OffExchangeTransferIn, right: Right
) -> list[FieldProblem]:
    """R18: the cited certificate (by verification code or number) as bidding issued it."""
    cited = body.transaction_certificate_code or ""
    cert = await repository.transaction_certificate(session, cited)
    return certificate_problems(cited, cert, right, body.transferee_party_id)
