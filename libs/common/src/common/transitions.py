"""State machines — 状态机: every allowed move of an entity, in one table.

A service that has states declares its edges once (``StateMachine``) and changes a
state only through ``move``; any other move is refused (409 ``wrong-state`` naming
the service's rule). The README's state diagram is drawn from, and checked against,
the same edges (``mermaid``), so the drawing and the code cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from common.problems import Problem

START = "[*]"


@dataclass(frozen=True)
class StateMachine:
    """The allowed ``(from, to, action)`` edges of one entity's ``attribute``.

    ``rule`` is the rule id the refusal names; ``label_en``/``label_zh`` name the
    entity in it ("listing" / "挂牌项目").
    """

    edges: frozenset[tuple[str, str, str]]
    rule: str
    label_en: str
    label_zh: str
    attribute: str = "status"
    states: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        states = {to for _, to, _ in self.edges} | {a for a, _, _ in self.edges}
        object.__setattr__(self, "states", frozenset(states - {START}))

    @classmethod
    def of(
        cls,
        edges: Iterable[tuple[str, str, str]],
        rule: str,
        label_en: str,
        label_zh: str,
        attribute: str = "status",
    ) -> StateMachine:
        return cls(frozenset(edges), rule, label_en, label_zh, attribute)

    def allowed_from(self, action: str) -> set[str]:
        """The states ``action`` may start from."""
        return {a for a, _b, act in self.edges if act == action}

    def can(self, obj: Any, to: str, action: str) -> bool:
        return (getattr(obj, self.attribute), to, action) in self.edges

    def check(self, obj: Any, to: str, action: str) -> None:
        """Refuse now (``move``'s 409) unless ``obj`` may move so, without moving it: a
        step that has more to check answers a wrong state first, and moves last."""
        current = getattr(obj, self.attribute)
        if (current, to, action) not in self.edges:
            raise Problem(
                409,
                "wrong-state",
                f"A {current} {self.label_en} cannot {action}",
                f"{self.label_zh}当前状态为{current}，不能执行此操作",
                rule=self.rule,
                extra={self.attribute: current},
            )

    def move(self, obj: Any, to: str, action: str) -> None:
        """Change ``obj``'s state along a declared edge; any other move is a 409."""
        self.check(obj, to, action)
        setattr(obj, self.attribute, to)

    def mermaid(self) -> str:
        """The edges as a mermaid ``stateDiagram-v2`` body, sorted (for the README)."""
        lines = ["stateDiagram-v2"]
        lines += [f"    {a} --> {b}: {act}" for a, b, act in sorted(self.edges)]
        return "\n".join(lines)
