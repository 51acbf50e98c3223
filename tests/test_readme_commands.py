"""The READMEs' commands work as written in a new shell (issue 15 friction): a new shell
lacks ~/.local/bin, where bootstrap installs uv, so every block running `uv` starts with
`. scripts/env.sh`, and the README's token command runs in a clean environment."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from testkit.testing import REPO

DOCS = [
    REPO / "README.md",
    REPO / "deploy" / "README.md",
    REPO / "bench" / "README.md",
    *sorted((REPO / "services").glob("*/README.md")),
]
ENV_LINE = ". scripts/env.sh"


def _blocks(text: str) -> list[str]:
    return re.findall(r"^```[a-z]*\n(.*?)^```", text, flags=re.M | re.S)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_block_that_runs_uv_first_puts_it_on_the_path(doc) -> None:
    for block in _blocks(doc.read_text()):
        lines = [line.strip() for line in block.splitlines()]
        uses = [i for i, line in enumerate(lines) if re.search(r"(^|\$\()uv ", line)]
        if uses:
            first_env = next((i for i, ln in enumerate(lines) if ln.startswith(ENV_LINE)), None)
            assert first_env is not None and first_env < uses[0], (doc, block)


def test_the_readme_token_command_works_in_a_new_shell() -> None:
    """Runs the README's own lines in a clean environment (no uv on PATH)."""
    [block] = [b for b in _blocks((REPO / "README.md").read_text()) if "TOKEN=$(" in b]
    lines = block.splitlines()
    upto = next(i for i, line in enumerate(lines) if line.startswith("TOKEN=$("))
    script = "\n".join([*lines[: upto + 1], 'echo "$TOKEN"'])
    bare_path = os.pathsep.join(["/usr/local/bin", "/usr/bin", "/bin"])
    assert shutil.which("uv", path=bare_path) is None, "uv must not be on the bare PATH"
    run = subprocess.run(
        ["bash", "-c", script],
        cwd=REPO,
        env={"HOME": os.environ["HOME"], "PATH": bare_path, "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert re.fullmatch(r"[\w-]+\.[\w-]+\.[\w-]+", run.stdout.strip()), run.stdout
