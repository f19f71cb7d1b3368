"""An EventPublisher that writes each event as a log record (logger "checkout.events").

A real system would put it on a broker (Kafka, row 4.5) or in an outbox table; the use case would
not change, only this adapter.
"""

from __future__ import annotations

import logging

from ..domain import OrderPlaced

logger = logging.getLogger("checkout.events")


class LogPublisher:
    def publish(self, event: OrderPlaced) -> None:
        logger.info(
            "OrderPlaced order=%s customer=%s total=%s", event.order_id, event.customer, event.total
        )
