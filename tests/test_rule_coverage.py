"""docs/rules.md is the rulebook the code answers to: every rule id is on it once, every
implemented id has a test named for it and is cited in exactly the code the page names
(each named module mentions it; no other module refuses by a domain rule), and no rule
marked "not yet built" is claimed by code or tests.

The checks are functions of a repository root, so the last tests run them on a small
fake repository to show that each one fails when it should.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Every family and its last id in ../shared/DOMAIN.md (rounds 1 and 2).
FAMILIES = {"L": 25, "B": 7, "R": 24, "G": 18, "Z": 14, "E": 16, "X": 7}
ALL_IDS = [f"{family}{n}" for family, last in FAMILIES.items() for n in range(1, last + 1)]

_ROW = re.compile(r"^\|\s*([LBRGZEX]\d{1,2})\s*\|(.*)\|\s*$")
_PLACES = re.compile(r"\b([a-z]+):\s*([\w/]+\.py(?:\s*,\s*[\w/]+\.py)*)")
_TEST_DEF = re.compile(r"^\s*(?:async\s+)?def\s+(test_\w+)", re.MULTILINE)


@dataclass
class Rule:
    id: str
    built: bool
    places: list[Path] = field(default_factory=list)


def source_of(root: Path, owner: str, module: str) -> Path:
    """`listing: listings/service.py` → services/listing/src/listing/listings/service.py;
    `common: audit.py` → libs/common/src/common/audit.py."""
    base = root / "libs" if owner == "common" else root / "services"
    return base / owner / "src" / owner / module


def parse_rulebook(root: Path) -> dict[str, Rule]:
    """The rows of docs/rules.md: `| id | rule | where |`, where is either
    `not yet built (issue N)` or `owner: module, module; owner: module …`."""
    rules: dict[str, Rule] = {}
    for line in (root / "docs" / "rules.md").read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line)
        if not m:
            continue
        rule_id, rest = m.groups()
        where = rest.rsplit("|", 1)[-1].replace("`", "").strip()
        assert rule_id not in rules, f"{rule_id} has two rows in docs/rules.md"
        if where.startswith("not yet built"):
            rules[rule_id] = Rule(rule_id, built=False)
            continue
        places = [
            source_of(root, owner, module.strip())
            for owner, modules in _PLACES.findall(where)
            for module in modules.split(",")
        ]
        rules[rule_id] = Rule(rule_id, built=True, places=places)
    return rules


def named_tests(root: Path) -> dict[str, list[str]]:
    """Every test function under services/*/tests, libs/*/tests and tests/ → its files."""
    found: dict[str, list[str]] = {}
    folders = [*root.glob("services/*/tests"), *root.glob("libs/*/tests"), root / "tests"]
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            for name in _TEST_DEF.findall(path.read_text(encoding="utf-8")):
                found.setdefault(name, []).append(str(path.relative_to(root)))
    return found


def names_the_rule(test_name: str, rule_id: str) -> bool:
    # `_L1_` never matches test_L10_…: the id is closed by an underscore on both sides.
    return test_name.startswith(f"test_{rule_id}_") or f"_{rule_id}_" in test_name


def cites(text: str, rule_id: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9]){rule_id}(?![0-9])", text) is not None


def untested(root: Path) -> list[str]:
    """Implemented ids no test is named for."""
    tests = list(named_tests(root))
    return [
        r.id
        for r in parse_rulebook(root).values()
        if r.built and not any(names_the_rule(t, r.id) for t in tests)
    ]


def uncited(root: Path) -> list[str]:
    """`id → module` pairs where the module docs/rules.md names is missing or never
    mentions the id (the page points at the wrong code)."""
    bad = []
    for r in parse_rulebook(root).values():
        if r.built and not r.places:
            bad.append(f"{r.id}: no module named")
        for place in r.places:
            if not place.is_file() or not cites(place.read_text(encoding="utf-8"), r.id):
                bad.append(f"{r.id} → {place.relative_to(root)}")
    return bad


#: `rule="L5"`, `"rule": "L5"`, `FieldProblem(field, "L5", …)` or `invalid_field(field,
#: "L5", …)`: code that refuses or decides by a rule.
_REFUSAL = re.compile(
    r"""(?:\brule(?:_id)?\s*=\s*|["']rule["']\s*:\s*|\b(?:FieldProblem|invalid_field)\(\s*[^,()]+,\s*)"""
    r"""["']([A-Z]\d{1,2})["']"""
)


def refusals(root: Path) -> dict[Path, set[str]]:
    """Each source module of the services and libs → the rule ids it refuses by."""
    sources = [
        p
        for pattern in ("services/*/src/**/*.py", "libs/*/src/**/*.py")
        for p in root.glob(pattern)
    ]
    return {p: set(_REFUSAL.findall(p.read_text(encoding="utf-8"))) for p in sorted(sources)}


def refused_elsewhere(root: Path) -> list[str]:
    """Modules that refuse or decide by a domain rule the page does not name for it: the
    page names exactly the code of each rule. The cross-cutting X rules are exempt —
    every service refuses by X3/X4 where a request is refused; the page names their one
    mechanism in libs/common."""
    found = refusals(root)
    return [
        f"{r.id} ← {p.relative_to(root)}"
        for r in parse_rulebook(root).values()
        if r.built and not r.id.startswith("X")
        for p, ids in found.items()
        if r.id in ids and p not in r.places
    ]


def claimed_unbuilt(root: Path) -> list[str]:
    """Ids marked "not yet built" that a test name or a refusal claims."""
    unbuilt = [r.id for r in parse_rulebook(root).values() if not r.built]
    tests = list(named_tests(root))
    found = refusals(root)
    claims = []
    for rule_id in unbuilt:
        claims += [f"{rule_id}: test {t}" for t in tests if names_the_rule(t, rule_id)]
        claims += [
            f"{rule_id}: {p.relative_to(root)}" for p, ids in found.items() if rule_id in ids
        ]
    return claims


# -- the repository ---------------------------------------------------------------------


def test_the_rulebook_has_every_rule_id_once_and_no_other() -> None:
    assert sorted(parse_rulebook(ROOT), key=ALL_IDS.index) == ALL_IDS


def test_the_rulebook_agrees_with_the_ids_of_its_source() -> None:
    """The source (../shared/DOMAIN.md, outside the repository) has exactly these ids."""
    source = ROOT.parent / "shared" / "DOMAIN.md"
    if not source.exists():  # a clone of the repository alone: the list above is the record
        return
    ids = set(re.findall(r"^- \*\*([LBRGZEX]\d{1,2}) ", source.read_text(encoding="utf-8"), re.M))
    assert ids == set(ALL_IDS)


def test_every_implemented_rule_has_a_test_named_for_it() -> None:
    assert untested(ROOT) == []


def test_every_implemented_rule_is_cited_in_the_code_the_rulebook_names() -> None:
    assert uncited(ROOT) == []


def test_no_module_refuses_by_a_domain_rule_the_rulebook_does_not_name_for_it() -> None:
    assert refused_elsewhere(ROOT) == []


def test_no_rule_marked_not_yet_built_is_claimed() -> None:
    assert claimed_unbuilt(ROOT) == []


def test_the_readmes_link_the_rulebook() -> None:
    readmes = [ROOT / "README.md", *sorted(ROOT.glob("services/*/README.md"))]
    for readme in readmes:
        text = readme.read_text(encoding="utf-8")
        assert "docs/rules.md" in text, f"{readme.relative_to(ROOT)} does not link docs/rules.md"
        if readme.parent != ROOT:
            assert "shared/DOMAIN.md" not in text, f"{readme.relative_to(ROOT)} links DOMAIN.md"


# -- the checks themselves, on a fake repository ---------------------------------------

_BOOK = """\
| id | rule | where |
|---|---|---|
| L1 | Products. | `listing: listings/service.py` |
| L2 | Ways. | not yet built (issue 23) |
| X2 | Audit. | `common: audit.py` |
"""


@pytest.fixture
def fake(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "rules.md").write_text(_BOOK, encoding="utf-8")
    src = tmp_path / "services" / "listing" / "src" / "listing" / "listings"
    src.mkdir(parents=True)
    (src / "service.py").write_text('"""Listings (L1)."""\n', encoding="utf-8")
    common = tmp_path / "libs" / "common" / "src" / "common"
    common.mkdir(parents=True)
    (common / "audit.py").write_text("# X2: who, when, what, why\n", encoding="utf-8")
    tests = tmp_path / "services" / "listing" / "tests"
    tests.mkdir()
    (tests / "test_a.py").write_text(
        "async def test_L1_products() -> None: ...\n"
        "def test_scenario_X2_audit() -> None: ...\n"
        "def test_L10_not_L1() -> None: ...\n",
        encoding="utf-8",
    )
    return tmp_path


def test_the_checks_pass_on_a_sound_fake_repository(fake: Path) -> None:
    assert set(parse_rulebook(fake)) == {"L1", "L2", "X2"}
    assert (untested(fake), uncited(fake), refused_elsewhere(fake), claimed_unbuilt(fake)) == (
        [],
        [],
        [],
        [],
    )


def test_a_rule_that_loses_its_tests_fails_the_check(fake: Path) -> None:
    tests = fake / "services" / "listing" / "tests" / "test_a.py"
    tests.write_text("def test_L10_is_not_L1() -> None: ...\n", encoding="utf-8")
    assert untested(fake) == ["L1", "X2"]


def test_a_rule_missing_from_the_code_it_names_fails_the_check(fake: Path) -> None:
    (fake / "libs" / "common" / "src" / "common" / "audit.py").write_text("# X20\n")
    (fake / "services" / "listing" / "src" / "listing" / "listings" / "service.py").unlink()
    assert uncited(fake) == [
        "L1 → services/listing/src/listing/listings/service.py",
        "X2 → " + ("libs/common/src/common/audit.py"),
    ]


def test_a_refusal_in_code_the_rulebook_does_not_name_fails_the_check(fake: Path) -> None:
    listings = fake / "services" / "listing" / "src" / "listing" / "listings"
    (listings / "endpoints.py").write_text('raise refusal("product", rule="L1")\n')
    (listings / "handlers.py").write_text(
        'problems = [FieldProblem(\n    "product", "L1", "en")]\n'
    )
    (listings / "views.py").write_text('PROBLEM = {"rule": "L1"}\nraise bad("x", rule="X4")\n')
    assert refused_elsewhere(fake) == [
        f"L1 ← services/listing/src/listing/listings/{name}.py"
        for name in ("endpoints", "handlers", "views")
    ]


def test_an_unbuilt_rule_claimed_by_a_test_or_a_refusal_fails_the_check(fake: Path) -> None:
    svc = fake / "services" / "listing" / "src" / "listing" / "listings" / "service.py"
    svc.write_text('"""L1"""\nraise refusal("way", rule="L2")\n', encoding="utf-8")
    (fake / "tests").mkdir()
    (fake / "tests" / "test_b.py").write_text("def test_L2_ways() -> None: ...\n")
    assert claimed_unbuilt(fake) == [
        "L2: test test_L2_ways",
        "L2: services/listing/src/listing/listings/service.py",
    ]


# -- after a refactor moves code: `uv run --frozen python tests/test_rule_coverage.py` ----


def suggested_places(root: Path) -> dict[str, list[Path]]:
    """For each implemented rule whose row no longer matches the code: the named modules
    that still cite it, plus every module that refuses by it (X rules: the first only)."""
    found = refusals(root)
    bad_ids = {line.split(" ", 1)[0] for line in uncited(root) + refused_elsewhere(root)}
    out = {}
    for r in parse_rulebook(root).values():
        if r.id not in bad_ids:
            continue
        keep = [p for p in r.places if p.is_file() and cites(p.read_text(encoding="utf-8"), r.id)]
        more = [p for p, ids in found.items() if r.id in ids and not r.id.startswith("X")]
        out[r.id] = list(dict.fromkeys(keep + more))
    return out


def _cell(root: Path, places: list[Path]) -> str:
    groups: dict[str, list[str]] = {}
    for p in places:
        parts = p.relative_to(root).parts  # services/<owner>/src/<owner>/<module…>
        groups.setdefault(parts[1], []).append("/".join(parts[4:]))
    return "; ".join(f"`{owner}: {', '.join(mods)}`" for owner, mods in groups.items())


def rewrite_rulebook(root: Path) -> list[str]:
    """Rewrite the `where` cell of each row that no longer matches the code (review the
    diff: a rule that moved to a new module is found only where it refuses by its id)."""
    doc = root / "docs" / "rules.md"
    lines = doc.read_text(encoding="utf-8").split("\n")
    changed = []
    for rule_id, places in suggested_places(root).items():
        for i, line in enumerate(lines):
            m = _ROW.match(line)
            if m and m.group(1) == rule_id and places and "partly" not in line:
                head = line.rstrip().rstrip("|").rpartition("|")[0]
                lines[i] = f"{head}| {_cell(root, places)} |"
                changed.append(rule_id)
    doc.write_text("\n".join(lines), encoding="utf-8")
    return changed


if __name__ == "__main__":
    print("rewrote the rows of", rewrite_rulebook(ROOT) or "nothing")
    print("still to place by hand:", uncited(ROOT) + refused_elsewhere(ROOT) or "nothing")
