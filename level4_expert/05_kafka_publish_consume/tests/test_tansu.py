"""On Tansu, an independent Kafka-protocol broker run as a process of its own (its topics and
offsets in S3, on moto's server): the test kills it (SIGKILL, a crash) and starts it again. While
it is down a POST is a 503; after the restart the worker's group resumes from its committed
offsets."""

from shared.services import kafka
from shared.testing import free_port


def test_after_a_broker_restart_the_group_resumes_from_its_committed_offsets(
    make_app, order, start_worker, database, waiting, committed_total, tansu, kafka_topic
):
    port = free_port()
    tansu_group = {f"KAFKA_CONSUMER_{k.upper().replace('.', '_')}": str(v)
                   for k, v in kafka.TANSU_CONSUMER.items()}  # fmt: skip
    with tansu(port) as bootstrap:
        kafka.create_topic(bootstrap, name=kafka_topic, partitions=2)
        kafka.create_topic(bootstrap, name=f"{kafka_topic}.dlq")
        client = make_app(
            KAFKA_BOOTSTRAP_SERVERS=bootstrap, KAFKA_DELIVERY_TIMEOUT_MS=2000
        ).test_client()
        first = [client.post("/api/orders", json=order(c, "mug", 1)).get_json()["id"]
                 for c in ("alice", "bob", "carol")]  # fmt: skip
        with start_worker(bootstrap, **tansu_group):
            waiting(lambda: database.count() == 3, 60, "3 orders handled")
            waiting(lambda: committed_total(bootstrap) == 3, 30, "3 offsets committed")
    # Tansu is killed: the producer, connected a moment ago, cannot deliver. A 503, not a hang.
    down = client.post("/api/orders", json=order("dave", "mug", 1))
    assert down.status_code == 503 and "broker is unavailable" in down.get_json()["error"]
    with tansu(port) as bootstrap:  # restarted
        assert committed_total(bootstrap) == 3  # the commits outlived the crash
        again = client.post("/api/orders", json=order("erin", "mug", 1))
        if again.status_code == 503:  # the restarted Tansu fenced the old idempotent producer
            assert "fences" in again.get_json()["error"], again.get_json()
            again = client.post("/api/orders", json=order("erin", "mug", 1))  # a new producer
        assert again.status_code == 202, again.get_json()
        with start_worker(bootstrap, **tansu_group) as worker:
            waiting(lambda: database.count() == 4, 60, "the new order handled")
            waiting(lambda: committed_total(bootstrap) == 4, 30, "4 offsets committed")
            log = worker.log()
    for order_id in first:  # resumed after them: not one read again (not even absorbed)
        assert order_id not in log and database.order(order_id)["deliveries"] == 1
    assert "duplicate delivery" not in log and database.reserved("mug") == 4
