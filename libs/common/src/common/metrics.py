"""Prometheus metrics — one registry per service, so the embedded process keeps each
service's ``/metrics`` its own."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

LAG_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class ServiceMetrics:
    def __init__(self, service: str) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.http_requests = Counter(
            "rex_http_requests", "HTTP requests", ["method", "route", "status"], registry=r
        )
        self.http_latency = Histogram(
            "rex_http_request_seconds", "HTTP request latency", ["method", "route"], registry=r
        )
        self.outbox_published = Counter("rex_outbox_published", "Outbox rows published", registry=r)
        self.outbox_parked = Counter("rex_outbox_parked", "Outbox rows parked", registry=r)
        self.outbox_publish_lag = Histogram(
            "rex_outbox_publish_lag_seconds",
            "Commit to publish",
            buckets=LAG_BUCKETS,
            registry=r,
        )
        self.relay_failures = Counter("rex_relay_failures", "Failed publish attempts", registry=r)
        self.events_consumed = Counter(
            "rex_events_consumed", "Events applied", ["event_type"], registry=r
        )
        self.events_duplicate = Counter(
            "rex_events_duplicate", "Redelivered events dropped by the inbox", registry=r
        )
        self.events_dead = Counter(
            "rex_events_dead_lettered", "Events sent to the dead-letter queue", registry=r
        )
        self.consume_lag = Histogram(
            "rex_event_end_to_end_lag_seconds",
            "Producer commit to consumer commit",
            buckets=LAG_BUCKETS,
            registry=r,
        )
        self.timers_fired = Counter("rex_timers_fired", "Timers fired", ["kind"], registry=r)
        self.timers_failed = Counter(
            "rex_timers_failed", "Timer handler failures", ["kind"], registry=r
        )
        self.relay_leader = Gauge(
            "rex_relay_leader", "1 while this process's relay holds the lease", registry=r
        )
        self.service = service

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        """One answered HTTP request, counted under its route template."""
        self.http_requests.labels(method, route, str(status)).inc()
        self.http_latency.labels(method, route).observe(seconds)
