"""Kafka topics from the one definitions file (deploy/topics.toml).

Topics are created on purpose, never by accident (the broker has
auto.create.topics.enable=false). deploy/up.sh and the compose one-shot both call
``rex topics create``.
"""

from __future__ import annotations

import asyncio
import tomllib
from dataclasses import dataclass
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    replication_factor: int
    config: dict[str, str]
    description: str


def load_topics(path: Path) -> list[TopicSpec]:
    data = tomllib.loads(path.read_text())
    defaults = data.get("defaults", {})
    specs = []
    for t in data["topic"]:
        cfg = {**defaults.get("config", {}), **t.get("config", {})}
        specs.append(
            TopicSpec(
                t["name"],
                int(t.get("partitions", defaults.get("partitions", 3))),
                int(t.get("replication_factor", defaults.get("replication_factor", 1))),
                {k: str(v) for k, v in cfg.items()},
                t.get("description", ""),
            )
        )
    return specs


async def create_topics(bootstrap: str, specs: list[TopicSpec], timeout_s: float = 60) -> list[str]:
    """Create missing topics; returns the names created. Safe to run twice."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000)
    await asyncio.wait_for(admin.start(), timeout_s)
    try:
        existing = set(await asyncio.wait_for(admin.list_topics(), timeout_s))
        missing = [s for s in specs if s.name not in existing]
        if missing:
            try:
                await asyncio.wait_for(
                    admin.create_topics(
                        [
                            NewTopic(
                                s.name, s.partitions, s.replication_factor, topic_configs=s.config
                            )
                            for s in missing
                        ]
                    ),
                    timeout_s,
                )
            except TopicAlreadyExistsError:
                pass
        return [s.name for s in missing]
    finally:
        await asyncio.wait_for(admin.close(), timeout_s)
