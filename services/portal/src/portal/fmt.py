"""Formatting for people — 显示格式: Asia/Shanghai times, 元 with thousands separators,
亩 with m², countdowns in 天时分秒. Jinja filters (``app.templates``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from common.quantities import M2_PER_MU

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _moment(value: str | datetime | None) -> datetime | None:
    if value is None or value == "":
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:  # the services speak UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(SHANGHAI)


def shanghai(value: str | datetime | None, seconds: bool = False) -> str:
    """``2026-12-06 20:46`` in Beijing time (北京时间), whatever offset the API used."""
    moment = _moment(value)
    if moment is None:
        return "—"
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def iso_shanghai(value: str | datetime | None) -> str:
    """The ISO form with +08:00 (for <time datetime=…> and the countdown script)."""
    moment = _moment(value)
    return "" if moment is None else moment.isoformat()


def day(value: str | date | None) -> str:
    if value is None or value == "":
        return "—"
    d = value if isinstance(value, date) else date.fromisoformat(str(value))
    return f"{d.year}年{d.month}月{d.day}日"


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def yuan(value: object) -> str:
    """``1,234,567.50 元``; money arrives as a decimal string."""
    amount = _decimal(value)
    if amount is None:
        return "—"
    return f"{amount:,.2f} 元"


def area(mu: object) -> str:
    """``12 亩（约 8,000 m²）``."""
    amount = _decimal(mu)
    if amount is None:
        return "—"
    m2 = (amount * M2_PER_MU).quantize(Decimal(1))
    return f"{amount.normalize():f} 亩（约 {m2:,} m²）"


def countdown(seconds: int | None) -> str:
    """``3天04时05分06秒`` — the text before the script ticks (and without script)."""
    if seconds is None:
        return "—"
    seconds = max(0, int(seconds))
    d, rest = divmod(seconds, 86_400)
    h, rest = divmod(rest, 3_600)
    m, s = divmod(rest, 60)
    return f"{d}天{h:02d}时{m:02d}分{s:02d}秒"


FILTERS = {
    "shanghai": shanghai,
    "iso_shanghai": iso_shanghai,
    "day": day,
    "yuan": yuan,
    "area": area,
    "countdown": countdown,
}
