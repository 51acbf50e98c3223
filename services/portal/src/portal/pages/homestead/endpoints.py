"""The homestead consoles — 宅基地管理工作台 (issue 21): the village homestead officer's and
the township homestead office's work queues over the collective service.

- the village officer (村级宅基地管理员): its collective's qualification proposals waiting
  for the township, its open dispute cases (X6) and violation cases (Z12);
- the township office (乡镇宅基地管理办公室): the proposals of its township's collectives
  waiting for its confirmation (Z1), the disputes it may mediate, the open violation cases.

Every call carries the officer's own token; the collective service decides who sees which
collective (X3: ``GET /collectives`` answers only the caller's own).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from portal.console import staff_of
from portal.session import Visitor
from portal.views import refusal, render

router = APIRouter()

BASE = "/console/homestead"
VILLAGE_ROLE = "village_homestead_officer"
TOWNSHIP_ROLE = "township_homestead_office"
STAGES = {
    "negotiation": "协商",
    "mediation": "调解",
    "arbitration": "仲裁",
    "court": "诉讼",
    "closed": "已结案",
    "open": "未结",
}
QUALIFICATION_STATUSES = {
    "proposed": "待乡镇确认",
    "recognized": "已认定",
    "realized": "已实现",
    "realized_other": "以其他方式实现",
    "retained": "退出后保留",
    "regained": "重新取得",
    "refused": "不予认定",
    "extinguished": "已灭失",
}


@dataclass(slots=True)
class Queues:
    """What waits for the console, gathered over the caller's collectives."""

    collectives: list[dict[str, Any]] = field(default_factory=list)
    proposed: list[dict[str, Any]] = field(default_factory=list)
    qualified: int = 0
    disputes: list[dict[str, Any]] = field(default_factory=list)
    violations: list[dict[str, Any]] = field(default_factory=list)


async def _get(request: Request, me: Visitor, path: str, **params: Any) -> Any:
    r = await request.app.state.upstream.get("collective", path, token=me.token, params=params)
    if r.status_code != 200:
        return refusal(request, r)
    return r.json()


async def _queues(request: Request, me: Visitor) -> Queues | Response:
    collectives = await _get(request, me, "/collectives")
    if isinstance(collectives, Response):
        return collectives
    out = Queues(collectives=collectives)
    for c in collectives:
        names = {"collective_name": c["name"]}
        register = await _get(request, me, f"/collectives/{c['id']}/qualifications")
        disputes = await _get(request, me, f"/collectives/{c['id']}/disputes")
        violations = await _get(request, me, f"/collectives/{c['id']}/violations")
        for answer in (register, disputes, violations):
            if isinstance(answer, Response):
                return answer
        out.proposed += [q | names for q in register if q["status"] == "proposed"]
        out.qualified += sum(1 for q in register if q["qualified"])
        out.disputes += [d | names for d in disputes if d["stage"] != "closed"]
        out.violations += [v | names for v in violations if v["status"] == "open"]
    # oldest first: what has waited longest
    out.proposed.sort(key=lambda q: q["proposed_at"])
    out.disputes.sort(key=lambda d: d["opened_at"])
    out.violations.sort(key=lambda v: v["opened_at"])
    return out


async def _console(request: Request, role: str, label: str, hints: dict[str, str]) -> Response:
    me = staff_of(request, role)
    if isinstance(me, Response):
        return me
    queues = await _queues(request, me)
    if isinstance(queues, Response):
        return queues
    return render(
        request,
        "console/homestead_queue.html",
        console_label=label,
        links=[(request.url.path, "工作队列")],
        queues=queues,
        hints=hints,
        stages=STAGES,
        statuses=QUALIFICATION_STATUSES,
        flash=request.session.pop("flash", None),
    )


@router.get(f"{BASE}/village")
async def village_queue(request: Request) -> Response:
    """村级宅基地管理员: its own collective's queues."""
    return await _console(
        request,
        VILLAGE_ROLE,
        "村级宅基地管理",
        {
            "proposed": "已报乡镇、等待确认的资格权认定（Z1）",
            "disputes": "本村未结的纠纷案件：协商、调解、仲裁或诉讼中（X6）",
            "violations": "联合检查发现、尚未作出处理决定的违法用地案件（Z12）",
        },
    )


@router.get(f"{BASE}/township")
async def township_queue(request: Request) -> Response:
    """乡镇宅基地管理办公室: the queues of its township's collectives."""
    return await _console(
        request,
        TOWNSHIP_ROLE,
        "乡镇宅基地管理办公室",
        {
            "proposed": "村级公示期满后等待本办公室确认的资格权认定（Z1）",
            "disputes": "辖区内未结的纠纷案件，可由乡镇调解（X6）",
            "violations": "辖区内未结的违法用地案件：宗地暂停转让、抵押和退出补偿（Z12）",
        },
    )
