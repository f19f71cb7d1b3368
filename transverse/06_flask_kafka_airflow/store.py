"""The API's own database (SQLite): the batches the DAG posted, and their totals per product.

A batch's id is UNIQUE: the same batch posted twice (a DAG rerun, an Airflow retry) is found,
not added again. Its fingerprint tells a replay (same totals) from a conflict (other totals).
"""

import sqlite3

SCHEMA = """
DROP TABLE IF EXISTS batch_total;
DROP TABLE IF EXISTS batch;
CREATE TABLE batch (
    id TEXT PRIMARY KEY,          -- "orders:0@3-7,2@0-4": the topic, partitions and offsets read
    fingerprint TEXT NOT NULL,    -- sha256 of the posted body: a replay must carry the same one
    orders INTEGER NOT NULL,
    skipped INTEGER NOT NULL      -- malformed messages the DAG skipped in this batch
);
CREATE TABLE batch_total (
    batch_id TEXT NOT NULL REFERENCES batch (id),
    product TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    PRIMARY KEY (batch_id, product)
);
"""


def connect(path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=10)
    conn.row_factory = sqlite3.Row
    return conn


def create(path) -> None:
    conn = connect(path)
    with conn:
        conn.executescript(SCHEMA)
    conn.close()


def totals(conn) -> dict:
    rows = conn.execute(
        "SELECT product, SUM(quantity) AS quantity FROM batch_total"
        " GROUP BY product ORDER BY product"
    ).fetchall()
    counts = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(orders), 0), COALESCE(SUM(skipped), 0) FROM batch"
    ).fetchone()
    return {
        "totals": {row["product"]: row["quantity"] for row in rows},
        "batches": counts[0],
        "orders": counts[1],
        "skipped": counts[2],
    }
