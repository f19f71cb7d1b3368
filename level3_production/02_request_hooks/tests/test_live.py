"""Under real gunicorn (2 gthread workers of 4 threads): the hooks per request, never shared."""

from concurrent.futures import ThreadPoolExecutor

import requests

CLIENTS = 20
TOKEN = {"Authorization": "Bearer test-token-1"}


def test_each_client_gets_its_own_request_id_and_its_note_is_written_once(live):
    def post(n):
        request_id = f"live-client-{n:03d}"
        response = requests.post(
            f"{live}/api/notes",
            json={"text": f"note {n}"},
            headers={**TOKEN, "X-Request-ID": request_id},
            timeout=20,
        )
        return request_id, n, response

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(post, range(CLIENTS)))
    for request_id, n, response in results:
        assert response.status_code == 201, response.text
        assert response.headers["X-Request-ID"] == request_id
        assert response.json()["text"] == f"note {n}"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Response-Time"].endswith("ms")
    listed = requests.get(f"{live}/api/notes", headers=TOKEN, timeout=10).json()["notes"]
    texts = [note["text"] for note in listed]
    assert sorted(texts) == sorted(f"note {n}" for n in range(CLIENTS))


def test_concurrent_refused_clients_all_get_401s_with_their_own_ids(live):
    def get(n):
        return n, requests.get(
            f"{live}/api/notes", headers={"X-Request-ID": f"refused-{n:04d}"}, timeout=20
        )

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        for n, response in pool.map(get, range(CLIENTS)):
            assert response.status_code == 401
            assert response.headers["X-Request-ID"] == f"refused-{n:04d}"


def test_a_bad_request_id_is_replaced_under_gunicorn_too(live):
    response = requests.get(f"{live}/health", headers={"X-Request-ID": "bad id"}, timeout=10)
    assert response.status_code == 200
    assert len(response.headers["X-Request-ID"]) == 32
