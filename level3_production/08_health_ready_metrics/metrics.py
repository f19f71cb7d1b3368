"""The app's Prometheus metrics, in a registry of its own: two apps in one process never clash."""

from prometheus_client import CollectorRegistry, Counter, Gauge


class Metrics:
    def __init__(self):
        self.registry = CollectorRegistry()
        # exercise: start - a Gauge per dependency (label "dependency"): 1 ready, 0 not
        self.ready = Gauge(
            "app_dependency_ready",
            "1 when the dependency answered the last readiness check, else 0.",
            ["dependency"],
            registry=self.registry,
        )
        # exercise: end
        self.checks = Counter(
            "app_readiness_checks",
            "Readiness checks run, by dependency and result.",
            ["dependency", "result"],
            registry=self.registry,
        )
