"""Does a refusal name a field the request has? — 字段名核对 (DOMAIN X4, issue 15).

A 422 problem lists ``errors[].field`` as a dotted path into the request: a body property
(``land.area_mu``, ``attachments.0.unit_price``), a query, path or header parameter, or a
multipart field. This module answers, from a service's OpenAPI document, whether such a
path exists in one operation's request, so tests can check every refusal the services
produce (tests/test_refusal_fields.py, tests/test_fuzz_openapi.py).

Two kinds of names are not request fields and are accepted on purpose:

- ``body``: the request body as a whole (not JSON, not an object);
- on an operation that acts on a resource named in its path (``…/{id}/register``), the
  resource's own items that a later step supplies: ``documents.<kind>`` (a material
  uploaded through ``…/documents``), ``valuation`` (``…/valuation``) and
  ``collective_decision`` (``…/collective-decisions``). Registration checks name them so
  the caller knows which step to repeat.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["RESOURCE_ITEMS", "WILDCARD", "names_request_field", "operation_of"]

#: A path segment standing for any property or index (a field name built at run time).
WILDCARD = "*"

#: Items of a resource supplied by their own endpoints (see the module docstring).
RESOURCE_ITEMS = frozenset({"documents", "valuation", "collective_decision"})


def operation_of(spec: Mapping[str, Any], method: str, path: str) -> Mapping[str, Any]:
    return spec["paths"][path][method.lower()]


def _resolve(spec: Mapping[str, Any], node: Any) -> Any:
    seen = 0
    while isinstance(node, Mapping) and "$ref" in node and seen < 50:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node, seen = target, seen + 1
    return node


def _walk(spec: Mapping[str, Any], node: Any, parts: list[str]) -> bool:
    """Whether ``parts`` is a path into the schema ``node``."""
    node = _resolve(spec, node)
    if not parts or not isinstance(node, Mapping):
        return True
    branches = [
        b
        for b in (*node.get("anyOf", []), *node.get("oneOf", []), *node.get("allOf", []))
        if _resolve(spec, b) != {"type": "null"}  # null names no field below it
    ]
    if branches:
        return any(_walk(spec, b, parts) for b in branches)
    head, rest = parts[0], parts[1:]
    properties = node.get("properties")
    if isinstance(properties, Mapping) and head == WILDCARD:
        return any(_walk(spec, p, rest) for p in properties.values())
    if isinstance(properties, Mapping) and head in properties:
        return _walk(spec, properties[head], rest)
    if node.get("type") == "array" or "items" in node:
        return (head.isdigit() or head == WILDCARD) and _walk(spec, node.get("items", {}), rest)
    if properties is not None or node.get("type") == "object":
        extra = node.get("additionalProperties")
        return bool(extra) and _walk(spec, extra if isinstance(extra, Mapping) else {}, rest)
    # a leaf (string, number, a validator's own type): pydantic may add a tag of its own
    # (a union member such as "str"), which still points at this field
    return True


def names_request_field(
    spec: Mapping[str, Any],
    method: str,
    path: str,
    field: str,
    sent: Mapping[str, Any] | None = None,
) -> bool:
    """Whether ``field`` (an ``errors[].field``) names a field of this operation's request.

    ``sent``: the body actually sent, so a refused unknown property (``extra="forbid"``)
    that the client did send counts as named correctly.
    """
    op = operation_of(spec, method, path)
    parts = field.split(".") if field else [""]
    head = parts[0]
    if field == "body":
        return True
    params = {_resolve(spec, p)["name"].lower() for p in op.get("parameters", [])}
    if head.lower() in params:
        return True
    if sent is not None and isinstance(sent, Mapping) and head in sent:
        return True
    if "{" in path and head in RESOURCE_ITEMS:  # see the module docstring
        return True
    content = op.get("requestBody", {}).get("content", {}) if "requestBody" in op else {}
    return any(
        _has(spec, media, head) and _walk(spec, media.get("schema", {}), parts)
        for media in content.values()
    )


def _has(spec: Mapping[str, Any], media: Mapping[str, Any], head: str) -> bool:
    """The body's top level has ``head`` (a leaf body accepts nothing by name)."""
    schema = _resolve(spec, media.get("schema", {}))
    if not isinstance(schema, Mapping):
        return False
    tops: set[str] = set()
    for s in [schema, *schema.get("allOf", []), *schema.get("anyOf", [])]:
        tops.update(_resolve(spec, s).get("properties", {}) or {})
    return head in tops or (head == WILDCARD and bool(tops))
