"""The ascending engine's rules — 竞价规则 (DOMAIN B2, B3, B4 auction), pure.

``judge_bid`` decides one bid against the session's state at the server's time; the
service calls it while holding the session's row lock, so its answer is final.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING

from common.money import fen_text, format_yuan
from common.problems import FieldProblem, Problem

if TYPE_CHECKING:  # types only: the rules read no table
    from bidding.sessions.models import TradeSession


@dataclass(frozen=True)
class BookState:
    status: str
    reserve_fen: int
    increment_fen: int
    best_fen: int | None
    leader_party_id: str | None
    leader_priority: bool
    free_ends_at: datetime
    ends_at: datetime
    extension_s: int


@dataclass(frozen=True)
class Accepted:
    amount_fen: int
    priority_match: bool
    ends_at: datetime
    extended: bool


def _conflict(code: str, rule: str, en: str, zh: str, **extra: object) -> Problem:
    return Problem(409, code, en, zh, rule=rule, extra=dict(extra))


def minimum_next(state: BookState) -> int:
    """The lowest amount an ordinary bidder may bid now (B2)."""
    return state.reserve_fen if state.best_fen is None else state.best_fen + state.increment_fen


def lowest_acceptable(state: BookState, priority: bool) -> int:
    """The lowest price this bidder may bid now: a priority holder may match a best price
    an ordinary bidder leads (B3); everyone else needs ``minimum_next`` (B2)."""
    if priority and state.best_fen is not None and not state.leader_priority:
        return state.best_fen
    return minimum_next(state)


def next_acceptable(state: BookState, priority: bool, amount_fen: int) -> int:
    """The lowest price at or above ``amount_fen`` this bidder may bid now: the start plus
    a whole number of increments, at least ``lowest_acceptable``."""
    floor = lowest_acceptable(state, priority)
    if amount_fen <= floor:
        return floor
    steps = -(-(amount_fen - state.reserve_fen) // state.increment_fen)  # ceiling
    return state.reserve_fen + steps * state.increment_fen


def price_not_acceptable(state: BookState, priority: bool, amount_fen: int) -> Problem:
    """The one refusal of a price (B2, B3) — below the minimum or off the increments alike:
    409 ``bid-price-not-acceptable`` naming the lowest acceptable price now
    (``minimum_next``) and the next one at or above the bid (``next_acceptable``)."""
    low = lowest_acceptable(state, priority)
    nxt = next_acceptable(state, priority, amount_fen)
    below = amount_fen < low
    rule = "B3" if state.leader_priority or priority else "B2"
    inc, start = format_yuan(state.increment_fen), format_yuan(state.reserve_fen)
    return Problem(
        409,
        "bid-price-not-acceptable",
        "This price is not acceptable now",
        "该报价当前不可接受",
        rule=rule,
        detail_en=f"A bid must now be at least {format_yuan(low)}, the starting price "
        f"{start} plus a whole number of increments of {inc}; the next acceptable price "
        f"is {format_yuan(nxt)}",
        detail_zh=f"报价须不低于{format_yuan(low)}元，且为起始价{start}元加整数个加价幅度"
        f"{inc}元；下一个可接受的报价为{format_yuan(nxt)}元",
        fields=(
            FieldProblem(
                "amount",
                rule,
                f"{'below the minimum' if below else 'not a whole number of increments'}; "
                f"the next acceptable price is {format_yuan(nxt)}",
                f"{'低于最低报价' if below else '不是整数个加价幅度'}；"
                f"下一个可接受的报价为{format_yuan(nxt)}元",
            ),
        ),
        extra={
            "reason": "below-minimum" if below else "off-increment",
            "minimum_next": fen_text(low),
            "next_acceptable": fen_text(nxt),
        },
    )


def judge_bid(
    state: BookState, party_id: str, priority: bool, amount_fen: int, now: datetime
) -> Accepted:
    """Accept or refuse a bid; a refusal is a Problem and changes nothing."""
    if state.status == "suspended":
        raise _conflict("trade-suspended", "L12", "The trade is suspended", "交易已中止")
    if state.status == "awaiting_auctioneer":
        raise _conflict(
            "auction-not-open", "B4", "The auctioneer has not opened the auction", "拍卖师尚未开拍"
        )
    if state.status != "bidding" or now >= state.ends_at:
        # The server's clock at the row lock decides, whether or not the close has run.
        raise _conflict(
            "bidding-ended",
            "B2",
            "Bidding has ended",
            "竞价已结束",
            ends_at=state.ends_at.isoformat(),
        )
    if state.leader_party_id == party_id:
        # Not a price question: whatever the amount, the leader may not bid against itself.
        raise _conflict(
            "leader-may-not-outbid-itself",
            "B2",
            "You already lead; you may not outbid yourself",
            "您当前报价最高，不能自己加价",
        )
    matches = (
        priority
        and state.best_fen is not None
        and amount_fen == state.best_fen
        and not state.leader_priority
    )
    on_grid = (amount_fen - state.reserve_fen) % state.increment_fen == 0
    if not matches and (amount_fen < minimum_next(state) or not on_grid):
        raise price_not_acceptable(state, priority, amount_fen)
    ends_at, extended = state.ends_at, False
    if now >= state.free_ends_at:  # timed period: every valid bid restarts the countdown
        ends_at = now + timedelta(seconds=state.extension_s)
        extended = ends_at != state.ends_at
    return Accepted(amount_fen, bool(matches), ends_at, extended)


@dataclass(frozen=True)
class BidPlaced:
    """An accepted bid and the session's book right after it."""

    book: SimpleNamespace
    accepted: Accepted


def book_state(ts: TradeSession | SimpleNamespace, now: datetime) -> BookState:
    """The rules' view of a session's book (rules.BookState), at ``now``."""
    return BookState(
        status=ts.status,
        reserve_fen=ts.reserve_fen,
        increment_fen=ts.increment_fen,
        best_fen=ts.best_fen,
        leader_party_id=ts.leader_party_id,
        leader_priority=bool(ts.leader_priority),
        free_ends_at=ts.free_ends_at or now,
        ends_at=ts.ends_at or now,
        extension_s=ts.extension_s,
    )
