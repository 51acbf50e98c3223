"""State diagrams — 状态图: the edges a README draws, to compare with the code's machines."""

from __future__ import annotations

import re
from pathlib import Path

_EDGE = re.compile(r"^\s*(\S+)\s*-->\s*(\S+)\s*:\s*(\S+)\s*$", re.MULTILINE)


def drawn_machines(readme: Path, *, section: str | None = None) -> list[set[tuple[str, str, str]]]:
    """The ``(from, to, action)`` edges of each mermaid block of ``readme``, in order;
    with ``section`` (a heading line such as ``"## State machines"``) only that section's."""
    text = readme.read_text(encoding="utf-8")
    if section is not None:
        text = text.split(section, 1)[1].split("\n## ", 1)[0]
    blocks = [b.split("```", 1)[0] for b in text.split("```mermaid")[1:]]
    return [{(m[1], m[2], m[3]) for m in _EDGE.finditer(block)} for block in blocks]
