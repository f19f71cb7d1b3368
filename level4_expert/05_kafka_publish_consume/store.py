"""Where the worker's handler keeps what it did: SQLite, one file the worker writes, the API reads.

    db = connect(path)              # creates the two tables if they are not there yet
    handle(db, order, partition, offset)   # True: applied; False: a duplicate, absorbed

The effect (stock reserved) and the mark "this order was handled" are written in ONE transaction:
either both are there or neither is, so a redelivered order is recognised, whatever the crash.
"""

import logging
import sqlite3
import time
from pathlib import Path

log = logging.getLogger("worker")
DEFAULT_DB = Path(__file__).resolve().parent / "instance" / "orders.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS processed (
    order_id TEXT PRIMARY KEY,            -- the dedup key: one row per order, ever
    customer TEXT NOT NULL,
    sku TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    kafka_partition INTEGER NOT NULL,     -- where the first handled delivery came from
    kafka_offset INTEGER NOT NULL,
    deliveries INTEGER NOT NULL DEFAULT 1 -- how many times it was handled: >1 = redelivered
);
CREATE TABLE IF NOT EXISTS stock (
    sku TEXT PRIMARY KEY,
    reserved INTEGER NOT NULL             -- the effect: adding twice would be a bug
);
"""


def connect(path) -> sqlite3.Connection:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=10)  # wait up to 10 s for the other process's lock
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA journal_mode=WAL")  # the API reads while the worker writes
    db.executescript(SCHEMA)
    return db


def handle(db, order, partition, offset, seconds=0.0) -> bool:
    """Apply `order` once, however many times it is delivered: True if applied, False if not new."""
    log.info("handling order %s", order["id"])
    with db:  # one transaction: committed at the end of the block, rolled back on any error
        # exercise: start - mark the id ON CONFLICT DO NOTHING; a duplicate: count it, return False
        mark = db.execute(
            "INSERT INTO processed (order_id, customer, sku, quantity, kafka_partition, "
            "kafka_offset) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING",
            (order["id"], order["customer"], order["sku"], order["quantity"], partition, offset),
        )
        if mark.rowcount == 0:  # handled before: the effect is already there
            db.execute(
                "UPDATE processed SET deliveries = deliveries + 1 WHERE order_id = ?",
                (order["id"],),
            )
            log.info("order %s: duplicate delivery, absorbed", order["id"])
            return False
        db.execute(
            "INSERT INTO stock (sku, reserved) VALUES (?, ?) "
            "ON CONFLICT (sku) DO UPDATE SET reserved = reserved + excluded.reserved",
            (order["sku"], order["quantity"]),
        )
        # exercise: end
        time.sleep(seconds)  # the slow part of the work: a crash here rolls back both writes
    log.info("order %s: reserved %d x %s", order["id"], order["quantity"], order["sku"])
    return True


def order_status(db, order_id):
    return db.execute("SELECT * FROM processed WHERE order_id = ?", (order_id,)).fetchone()


def reserved(db, sku) -> int:
    row = db.execute("SELECT reserved FROM stock WHERE sku = ?", (sku,)).fetchone()
    return row["reserved"] if row else 0
