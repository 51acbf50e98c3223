"""Pure rules of the model contracts — 示范合同 (DOMAIN Z14): a record cites a template of
its county and kind, in effect, with every required field filled."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from collective.contracts.models import ModelContract
from common.problems import FieldProblem


def citation_problems(
    template: ModelContract | None,
    fields: Mapping[str, str],
    *,
    kind: str,
    county: str,
    on: date,
    field: str = "contract",
) -> list[FieldProblem]:
    if template is None:
        return [
            FieldProblem(
                f"{field}.template_id", "Z14", "no such model contract", "无此示范合同版本"
            )
        ]
    problems: list[FieldProblem] = []
    if template.kind != kind or template.county != county:
        problems.append(
            FieldProblem(
                f"{field}.template_id",
                "Z14",
                f"the record needs the county's {kind} model contract",
                "须采用本县对应类型的示范合同",
            )
        )
    if template.effective_from > on:
        problems.append(
            FieldProblem(
                f"{field}.template_id",
                "Z14",
                f"version {template.version} is in effect from {template.effective_from}",
                "该示范合同版本尚未生效",
            )
        )
    for name in template.required_fields:
        if not (fields.get(name) or "").strip():
            problems.append(
                FieldProblem(
                    f"{field}.fields.{name}",
                    "Z14",
                    f"the model contract requires {name}",
                    f"示范合同必填项{name}未填写",
                )
            )
    return problems
