"""Pure rules, no server: the ascending engine (DOMAIN B2, B3), working-day deadlines
(B5, B6), the sealed-tender cipher and commitment (B4), and the ledger's invariants under
any sequence of movements (B5, B6; property-tested with hypothesis)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bidding.ledger import rules as p
from bidding.params import STATE_COUNCIL_2026, WorkCalendar
from bidding.sessions import sealed
from bidding.sessions.rules import BookState, judge_bid, minimum_next
from common.problems import Problem

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def book(**kw) -> BookState:
    base = dict(
        status="bidding",
        reserve_fen=10_000_000,
        increment_fen=100_000,
        best_fen=None,
        leader_party_id=None,
        leader_priority=False,
        free_ends_at=T0 + timedelta(hours=1),
        ends_at=T0 + timedelta(hours=1, minutes=5),
        extension_s=300,
    )
    base.update(kw)
    return BookState(**base)


def refused(state: BookState, party: str, priority: bool, amount: int, now=T0) -> Problem:
    with pytest.raises(Problem) as info:
        judge_bid(state, party, priority, amount, now)
    return info.value


def test_B2_first_bid_is_at_least_the_start_and_a_whole_number_of_increments() -> None:
    assert judge_bid(book(), "a", False, 10_000_000, T0).amount_fen == 10_000_000
    assert judge_bid(book(), "a", False, 10_300_000, T0).amount_fen == 10_300_000
    assert refused(book(), "a", False, 9_900_000).status == 409
    assert refused(book(), "a", False, 10_050_000).rule == "B2"


def test_B2_each_bid_is_at_least_best_plus_increment_and_the_leader_cannot_outbid_itself() -> None:
    s = book(best_fen=10_500_000, leader_party_id="a")
    assert minimum_next(s) == 10_600_000
    assert refused(s, "b", False, 10_500_000).code == "bid-price-not-acceptable"
    assert judge_bid(s, "b", False, 10_600_000, T0).priority_match is False
    assert refused(s, "a", False, 10_900_000).code == "leader-may-not-outbid-itself"


def test_B2_every_unacceptable_price_is_one_409_naming_the_next_acceptable_price() -> None:
    """Below the minimum or off the increments: one status, one code, the lowest price
    acceptable now and the next one at or above the bid (issue 15, bid refusals)."""
    s = book(best_fen=10_000_000, leader_party_id="a")  # 100,000.00; increment 1,000.00
    low = refused(s, "b", False, 10_000_000)
    odd = refused(s, "b", False, 10_150_000)  # 101,500.00: above the minimum, off the grid
    first_odd = refused(book(), "b", False, 10_050_000)  # no bid yet, off the increments
    for refusal in (low, odd, first_odd):
        assert (refusal.status, refusal.code, refusal.rule) == (
            409,
            "bid-price-not-acceptable",
            "B2",
        )
        assert refusal.fields[0].field == "amount"
    assert low.extra == {
        "reason": "below-minimum",
        "minimum_next": "101000.00",
        "next_acceptable": "101000.00",
    }
    assert odd.extra["reason"] == "off-increment" and odd.extra["next_acceptable"] == "102000.00"
    cent_short = refused(s, "b", False, 10_099_999)  # 100,999.99: below, and off the grid
    assert cent_short.extra["reason"] == "below-minimum"
    assert cent_short.extra["next_acceptable"] == "101000.00"
    high_odd = refused(s, "b", False, 10_250_000)
    assert (high_odd.extra["minimum_next"], high_odd.extra["next_acceptable"]) == (
        "101000.00",
        "103000.00",
    )
    assert first_odd.extra["minimum_next"] == "100000.00"
    assert first_odd.extra["next_acceptable"] == "101000.00"
    # B3: a priority holder's lowest acceptable price is the match of the best
    prio = refused(s, "p", True, 9_000_000)
    assert prio.rule == "B3" and prio.extra["minimum_next"] == "100000.00"
    # the leader's own bid is refused whatever its price (not a price question)
    assert refused(s, "a", False, 10_050_000).code == "leader-may-not-outbid-itself"


def test_B2_only_the_timed_period_extends_to_bid_time_plus_extension() -> None:
    free = judge_bid(book(), "a", False, 10_000_000, T0 + timedelta(minutes=59))
    assert free.extended is False and free.ends_at == T0 + timedelta(hours=1, minutes=5)
    at = T0 + timedelta(hours=1, minutes=4, seconds=59)
    timed = judge_bid(book(), "a", False, 10_000_000, at)
    assert timed.extended is True and timed.ends_at == at + timedelta(seconds=300)


def test_B2_the_server_time_at_the_lock_decides_the_end() -> None:
    end = T0 + timedelta(hours=1, minutes=5)
    assert refused(book(), "a", False, 10_000_000, end).code == "bidding-ended"
    assert refused(book(status="concluded"), "a", False, 10_000_000).code == "bidding-ended"
    assert refused(book(status="suspended"), "a", False, 10_000_000).rule == "L12"


def test_B3_a_priority_holder_may_match_the_best_once_and_ties_go_to_the_earliest() -> None:
    s = book(best_fen=12_000_000, leader_party_id="a")
    m = judge_bid(s, "p", True, 12_000_000, T0)
    assert m.priority_match is True
    after = book(best_fen=12_000_000, leader_party_id="p", leader_priority=True)
    assert refused(after, "q", True, 12_000_000).rule == "B3"  # second holder: too late
    assert refused(after, "a", False, 12_000_000).rule == "B3"
    assert judge_bid(after, "a", False, 12_100_000, T0).priority_match is False
    assert refused(book(), "p", True, 9_900_000).status == 409  # nothing to match yet


def test_B5_B6_working_day_deadlines_skip_weekends() -> None:
    friday = datetime(2026, 1, 9, 8, 0, tzinfo=UTC)  # Friday 16:00 in Shanghai
    # 5 working days: Mon 12 … Fri 16; the deadline is midnight ending Friday 16 (Shanghai)
    assert STATE_COUNCIL_2026.deadline(friday, 5) == datetime(2026, 1, 16, 16, 0, tzinfo=UTC)
    assert STATE_COUNCIL_2026.deadline(friday, 1) == datetime(2026, 1, 12, 16, 0, tzinfo=UTC)


def test_B5_B6_working_days_follow_the_state_councils_2026_arrangement() -> None:
    # Wed 30 Sep 10:00 Shanghai; 1–7 Oct are holidays, Sat 10 Oct is a make-up working day:
    # Thu 8, Fri 9, Sat 10, Mon 12, Tue 13; with only the holidays fixed by law (1–3 Oct)
    # it would be Mon 5 … Fri 9
    national_day = datetime(2026, 9, 30, 2, 0, tzinfo=UTC)
    assert STATE_COUNCIL_2026.deadline(national_day, 5) == datetime(2026, 10, 13, 16, 0, tzinfo=UTC)
    assert WorkCalendar().deadline(national_day, 5) == datetime(2026, 10, 9, 16, 0, tzinfo=UTC)
    # Fri 13 Feb: Sat 14 is worked, 15–23 are the Spring Festival: Sat 14, Tue 24 … Fri 27
    spring = datetime(2026, 2, 13, 8, 0, tzinfo=UTC)
    assert STATE_COUNCIL_2026.deadline(spring, 5) == datetime(2026, 2, 27, 16, 0, tzinfo=UTC)
    assert STATE_COUNCIL_2026.is_working_day(date(2026, 2, 28))  # Saturday, worked
    assert not STATE_COUNCIL_2026.is_working_day(date(2026, 6, 19))  # Friday, 端午节


def test_B5_B6_new_years_day_is_a_holiday_before_the_years_arrangement_is_entered() -> None:
    # Thu 31 Dec 2026 10:00 Shanghai; 2027's arrangement is not in the calendar, but
    # Fri 1 Jan is a public holiday by law: 1 working day later is Mon 4 Jan
    eve = datetime(2026, 12, 31, 2, 0, tzinfo=UTC)
    assert STATE_COUNCIL_2026.deadline(eve, 1) == datetime(2027, 1, 4, 16, 0, tzinfo=UTC)
    for fixed in (date(2027, 5, 2), date(2027, 10, 1), date(2027, 10, 3)):
        assert not WorkCalendar().is_working_day(fixed)


@pytest.mark.parametrize(
    ("calendar", "message"),
    [
        ({"working_weekends": ["2026-10-12"]}, "2026-10-12 is a Monday"),
        (
            {"holidays": ["2026-10-10"], "working_weekends": ["2026-10-10"]},
            "2026-10-10 is listed both",
        ),
        ({"working_weekends": ["2027-05-01"]}, "2027-05-01 is a public holiday fixed by law"),
        ({"holidays": ["2026-13-01"]}, "holidays"),
        ({"holiday": ["2026-10-01"]}, "holiday"),
    ],
)
def test_B5_a_work_calendar_that_contradicts_itself_is_refused(calendar, message) -> None:
    with pytest.raises(ValueError, match=message):
        WorkCalendar.model_validate(calendar)


def test_B4_a_sealed_tender_opens_only_to_its_own_commitment() -> None:
    s = sealed.seal("S-1", "P-1", 15_000_000)
    assert b"15000000" not in s.ciphertext
    assert sealed.unseal("S-1", "P-1", s.nonce, s.ciphertext, s.commitment) == 15_000_000
    with pytest.raises(sealed.TamperedTender):
        sealed.unseal("S-1", "P-2", s.nonce, s.ciphertext, s.commitment)  # moved to another
    with pytest.raises(sealed.TamperedTender):
        sealed.unseal("S-2", "P-1", s.nonce, s.ciphertext, s.commitment)  # another session
    other = sealed.seal("S-1", "P-1", 14_000_000)
    with pytest.raises(sealed.TamperedTender):
        sealed.unseal("S-1", "P-1", s.nonce, s.ciphertext, other.commitment)
    assert sealed.session_key("S-1") != sealed.session_key("S-2")


# -- the ledger under any sequence of movements ------------------------------------------

L = "L-1"
PARTIES = ["a", "b", "c"]
ops = st.lists(
    st.tuples(
        st.sampled_from(["pay", "refund", "apply", "forfeit", "balance", "release"]),
        st.sampled_from(PARTIES),
        st.integers(min_value=1, max_value=10**9),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(ops, st.integers(0, 10**6), st.integers(0, 10**9), st.integers(10**3, 10**10))
def test_B5_B6_every_transaction_balances_and_no_account_ever_has_the_wrong_sign(
    sequence, fee, debt, price
) -> None:
    balances: dict[str, int] = defaultdict(int)
    deposit: dict[str, tuple[str, int]] = {}
    winner: str | None = None
    paid = 0
    released = False

    def book_(tx: p.Postings) -> None:
        assert sum(a for _, a in tx) == 0
        for account, amount in tx:
            balances[account] += amount
        assert p.balance_problems(dict(balances)) == []

    for op, party, amount in sequence:
        state = deposit.get(party, ("none", 0))[0]
        if op == "pay" and state == "none":
            book_(p.deposit_paid(L, party, amount))
            deposit[party] = ("held", amount)
        elif op == "refund" and state == "held":
            book_(p.deposit_refunded(L, party, deposit[party][1]))
            deposit[party] = ("refunded", 0)
        elif op == "apply" and state == "held" and winner is None:
            fen = min(deposit[party][1], price)
            if fen == deposit[party][1]:
                book_(p.deposit_applied(L, party, fen))
                deposit[party], winner, paid = ("applied", fen), party, fen
        elif op == "forfeit" and state == "applied" and not released:
            if paid > deposit[party][1]:  # what the buyer paid beyond the deposit goes back
                book_(p.balance_returned(L, paid - deposit[party][1]))
            book_(p.deposit_forfeited(L, deposit[party][1]))
            deposit[party], paid = ("forfeited", 0), 0
        elif op == "balance" and winner and deposit[winner][0] == "applied" and not released:
            fen = min(amount, price - paid)
            if fen > 0:
                book_(p.balance_paid(L, fen))
                paid += fen
        elif op == "release" and winner and deposit[winner][0] == "applied" and paid == price:
            proceeds = p.split_proceeds(price, min(fee, price), debt)
            assert proceeds.fee + proceeds.to_lender + proceeds.to_seller == price
            assert proceeds.to_lender == min(price - proceeds.fee, debt)
            if not released:
                book_(p.funds_released(L, proceeds))
            released = True
            assert balances[p.price_account(L)] == 0
    assert sum(balances.values()) == 0


@given(st.integers(1, 10**12))
def test_B5_a_movement_is_refused_unless_a_positive_whole_number_of_fen(fen: int) -> None:
    with pytest.raises(p.LedgerError):
        p.deposit_paid(L, "a", -fen)
    with pytest.raises(p.LedgerError):
        p.deposit_paid(L, "a", 0)
    with pytest.raises(p.LedgerError):
        p.funds_released(L, p.Proceeds(fen, 0, 0, fen - 1))
