"""docker-compose.yml would fail on the first upload (issue 15): its containers are
read-only, so every path a service writes must be a tmpfs or a named volume, and the
service-to-service token must not be a fixed value that can expire."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from common.settings import Settings

REPO = Path(__file__).resolve().parents[1]
WORKDIR = PurePosixPath("/app")  # the image's WORKDIR (Dockerfile): relative paths start here


def _compose() -> dict[str, Any]:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())  # resolves `<<:` merges


def _serving(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The services that run our code and serve: every `rex api` and `rex worker`."""
    return {
        name: svc
        for name, svc in compose["services"].items()
        if svc.get("image") == "rural-exchange:local"
        and (svc.get("command") or [""])[0] in ("api", "worker")
    }


def _writable_paths(env: dict[str, str]) -> set[PurePosixPath]:
    """Every directory a service process writes, by the settings it reads (common.settings):
    uploaded documents (common.storage) and the data directory (SQLite, the fallback)."""

    def path(value: str) -> PurePosixPath:
        p = PurePosixPath(value)
        return p if p.is_absolute() else WORKDIR / p

    data = path(env.get("REX_DATA_DIR", str(Settings.model_fields["data_dir"].default)))
    documents = path(env["REX_DOCUMENTS_DIR"]) if "REX_DOCUMENTS_DIR" in env else data / "documents"
    out = {documents}
    if "REX_DATABASE_URL" not in env:
        out.add(data)  # SQLite files
    return out


def _mounts(svc: dict[str, Any], named: set[str]) -> set[PurePosixPath]:
    writable = {PurePosixPath(t.split(":")[0]) for t in svc.get("tmpfs", [])}
    for v in svc.get("volumes", []):
        source, target, *mode = v.split(":")
        assert source in named, f"{v}: not a named volume declared in docker-compose.yml"
        assert "ro" not in mode, f"{v}: read-only"
        writable.add(PurePosixPath(target))
    return writable


def test_every_path_a_service_writes_is_a_volume_or_tmpfs() -> None:
    compose = _compose()
    named = set(compose.get("volumes") or {})
    serving = _serving(compose)
    assert len(serving) == 10  # an API and a worker per service
    for name, svc in serving.items():
        assert svc.get("read_only") is True, name
        mounts = _mounts(svc, named)
        for path in _writable_paths(svc["environment"]):
            assert any(path == m or m in path.parents for m in mounts), (
                f"{name} writes {path}, which is neither a volume nor a tmpfs: {mounts}"
            )


def test_each_service_keeps_its_documents_in_its_own_volume() -> None:
    compose = _compose()
    owner: dict[str, str] = {}
    for svc in _serving(compose).values():
        service = svc["command"][1]
        documents = svc["environment"]["REX_DOCUMENTS_DIR"]
        [volume] = [v.split(":")[0] for v in svc["volumes"] if v.split(":")[1] == documents]
        assert owner.setdefault(volume, service) == service, f"{volume} shared across services"
    assert len(owner) == 5
    # A new named volume takes the ownership of the image's directory: the service user's.
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "mkdir -p /var/lib/rex/documents && chown -R 10001:10001 /var/lib/rex" in dockerfile


def test_service_tokens_are_minted_per_call_from_a_signing_key_not_fixed() -> None:
    compose = _compose()
    secrets = compose["secrets"]
    for name, svc in _serving(compose).items():
        env = svc["environment"]
        assert "REX_SERVICE_TOKEN" not in env, name
        key = PurePosixPath(env["REX_SERVICE_SIGNING_KEY"])
        assert key.parent == PurePosixPath("/run/secrets") and key.name in svc["secrets"], name
        trusted = [PurePosixPath(p) for p in json.loads(env["REX_JWT_PUBLIC_KEYS"])]
        assert all(p.name in svc["secrets"] and p.name in secrets for p in trusted), name
