"""Double-entry postings of the deposit and settlement ledger — 保证金与结算台账 (DOMAIN B5, B6).

Pure functions: each returns the postings of one ledger transaction; the database side
(``ledger.service``) only stores what these return, so the property tests of this module
cover the ledger the service keeps.

Amounts are integer fen, debit positive. Accounts:

- ``cash`` — the exchange's settlement bank account (资金结算账户), an asset: never below 0;
- ``deposit:{listing}:{party}`` — a bidder's deposit held (liability: 0 or below);
- ``price:{listing}`` — the price held for the trade until the right's transfer is
  recorded (liability: 0 or below);
- ``fees`` — service fees earned (income: 0 or below);
- ``forfeits`` — deposits forfeited by defaulting winners (income: 0 or below).

Every transaction sums to zero, so the trial balance (all accounts) is zero at all times.
"""

from __future__ import annotations

from dataclasses import dataclass

CASH = "cash"
FEES = "fees"
FORFEITS = "forfeits"


class LedgerError(ValueError):
    """A transaction that would break the ledger's invariants."""


def deposit_account(listing_id: str, party_id: str) -> str:
    return f"deposit:{listing_id}:{party_id}"


def price_account(listing_id: str) -> str:
    return f"price:{listing_id}"


Postings = list[tuple[str, int]]


def _checked(postings: Postings) -> Postings:
    for account, amount in postings:
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise LedgerError(f"{account}: amount must be integer fen")
    if sum(a for _, a in postings) != 0:
        raise LedgerError("a ledger transaction must balance (debits = credits)")
    return [(acc, amt) for acc, amt in postings if amt != 0]


def deposit_paid(listing_id: str, party_id: str, fen: int) -> Postings:
    """The bank reports the deposit arrived: cash up, the deposit held for the party."""
    _positive(fen)
    return _checked([(CASH, fen), (deposit_account(listing_id, party_id), -fen)])


def deposit_refunded(listing_id: str, party_id: str, fen: int) -> Postings:
    _positive(fen)
    return _checked([(deposit_account(listing_id, party_id), fen), (CASH, -fen)])


def deposit_applied(listing_id: str, party_id: str, fen: int) -> Postings:
    """The winner's deposit becomes part of the price (B5)."""
    _positive(fen)
    return _checked(
        [(deposit_account(listing_id, party_id), fen), (price_account(listing_id), -fen)]
    )


def deposit_forfeited(listing_id: str, fen: int) -> Postings:
    """A winner who does not sign forfeits the deposit already applied to the price (B5)."""
    _positive(fen)
    return _checked([(price_account(listing_id), fen), (FORFEITS, -fen)])


def balance_paid(listing_id: str, fen: int) -> Postings:
    """The buyer pays (part of) the balance into the settlement account (B6)."""
    _positive(fen)
    return _checked([(CASH, fen), (price_account(listing_id), -fen)])


def balance_returned(listing_id: str, fen: int) -> Postings:
    """A defaulted deal returns what the buyer paid beyond the forfeited deposit (B5)."""
    _positive(fen)
    return _checked([(price_account(listing_id), fen), (CASH, -fen)])


def deposit_unapplied(listing_id: str, party_id: str, fen: int) -> Postings:
    """A terminated deal puts the winner's deposit back in its own account (L12, B5)."""
    _positive(fen)
    return _checked(
        [(price_account(listing_id), fen), (deposit_account(listing_id, party_id), -fen)]
    )


@dataclass(frozen=True)
class Proceeds:
    """How a price is paid out on release: fee first, then a re-transfer's adjustment fund
    (E12, E15), then the lender (R13), then the seller."""

    price: int
    fee: int
    to_lender: int
    to_seller: int
    fund: int = 0


def split_proceeds(price: int, fee: int, lender_debt: int = 0, fund: int = 0) -> Proceeds:
    if price < 0 or fee < 0 or lender_debt < 0 or fund < 0:
        raise LedgerError("amounts must not be negative")
    fee = min(fee, price)
    fund = min(fund, price - fee)
    net = price - fee - fund
    to_lender = min(net, lender_debt)
    return Proceeds(price, fee, to_lender, net - to_lender, fund)


def funds_released(listing_id: str, proceeds: Proceeds) -> Postings:
    """The price held leaves: the fee to income, the rest out of the bank to the payees
    (the adjustment fund to the county's finance, E12)."""
    paid_out = proceeds.to_lender + proceeds.to_seller + proceeds.fund
    if paid_out + proceeds.fee != proceeds.price:
        raise LedgerError("the payouts and the fee must add up to the price")
    return _checked(
        [(price_account(listing_id), proceeds.price), (FEES, -proceeds.fee), (CASH, -paid_out)]
    )


def _positive(fen: int) -> None:
    if isinstance(fen, bool) or not isinstance(fen, int) or fen <= 0:
        raise LedgerError("a movement must be a positive integer number of fen")


def balance_problems(balances: dict[str, int]) -> list[str]:
    """Every account of a trial balance that has the wrong sign, and a non-zero total."""
    problems = []
    for account, amount in balances.items():
        if account == CASH:
            if amount < 0:
                problems.append(f"{account} is overdrawn: {amount}")
        elif amount > 0:
            problems.append(f"{account} holds more than was put in: {amount}")
    if sum(balances.values()) != 0:
        problems.append(f"trial balance is {sum(balances.values())}, not 0")
    return problems
