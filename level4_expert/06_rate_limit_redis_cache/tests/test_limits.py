"""The rate limit, in-process: N requests pass, the N+1th is a 429 with Retry-After and the
X-RateLimit-* headers; users (API key) and IP addresses each have their own count; behind a
proxy, the address is ProxyFix's, trusting exactly the configured hops."""

import time

import pytest

ALICE = {"X-API-Key": "alice-dev-key"}
BOB = {"X-API-Key": "bob-dev-key"}


def statuses(client, n, path="/api/whoami", **kwargs):
    return [client.get(path, **kwargs).status_code for _ in range(n)]


def test_n_requests_pass_and_the_next_is_a_429_with_the_headers(client):
    before = int(time.time())
    for remaining in [4, 3, 2, 1, 0]:
        response = client.get("/api/whoami")
        assert response.status_code == 200
        assert response.headers["X-RateLimit-Limit"] == "5"
        assert response.headers["X-RateLimit-Remaining"] == str(remaining)
    refused = client.get("/api/whoami")
    assert refused.status_code == 429
    assert refused.get_json() == {"error": "Too many requests: 5 per 1 minute."}
    assert refused.headers["X-RateLimit-Limit"] == "5"
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert before < int(refused.headers["X-RateLimit-Reset"]) <= before + 62


def test_the_limit_is_shared_by_the_whole_api(client):
    """One budget for every limited view: 3 forecasts + 2 whoami use it up."""
    assert statuses(client, 3, "/api/forecast/paris") == [200] * 3
    assert statuses(client, 2) == [200] * 2
    assert client.get("/api/forecast/paris").status_code == 429
    assert statuses(client, 8, "/stats") == [200] * 8  # not limited, and did not count


def test_a_user_has_a_count_of_their_own(client):
    assert client.get("/api/whoami", headers=ALICE).get_json() == {"client": "user:alice"}
    assert statuses(client, 9, headers=ALICE) == [200] * 9
    assert client.get("/api/whoami", headers=ALICE).status_code == 429
    # Bob, and the anonymous client at the same IP address, have not spent anything.
    bob = client.get("/api/whoami", headers=BOB)
    assert (bob.status_code, bob.headers["X-RateLimit-Remaining"]) == (200, "9")
    anonymous = client.get("/api/whoami")
    assert (anonymous.status_code, anonymous.headers["X-RateLimit-Remaining"]) == (200, "4")


def test_each_ip_address_has_a_count_of_its_own(client):
    first = {"environ_base": {"REMOTE_ADDR": "10.0.0.1"}}
    assert statuses(client, 6, **first) == [200] * 5 + [429]
    other = client.get("/api/whoami", environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert other.get_json() == {"client": "ip:10.0.0.2"}
    assert other.headers["X-RateLimit-Remaining"] == "4"


def test_made_up_api_keys_count_against_the_ip_address(client):
    """A new random key each time does not buy a new budget: unknown keys are anonymous."""
    codes = [
        client.get("/api/whoami", headers={"X-API-Key": f"guess-{i}"}).status_code for i in range(6)
    ]
    assert codes == [200] * 5 + [429]
    assert client.get("/api/whoami", headers=ALICE).status_code == 200  # a real key still works


def test_behind_one_proxy_the_client_is_the_address_it_appended(make_app):
    """nginx appends the address it saw; what the client wrote before it is not trusted."""
    client = make_app(PROXY_HOPS=1).test_client()
    codes = []
    for i in range(6):
        forwarded = {"X-Forwarded-For": f"6.6.6.{i}, 203.0.113.9"}  # spoofed, then nginx's
        response = client.get("/api/whoami", headers=forwarded)
        codes.append(response.status_code)
    assert codes == [200] * 5 + [429]
    response = client.get("/api/whoami", headers={"X-Forwarded-For": "198.51.100.7"})
    assert response.get_json() == {"client": "ip:198.51.100.7"}


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(client):
    """PROXY_HOPS=0 (no proxy): a client rotating X-Forwarded-For is still one address."""
    first = client.get("/api/whoami", headers={"X-Forwarded-For": "6.6.6.6"})
    assert first.get_json() == {"client": "ip:127.0.0.1"}
    codes = [
        client.get("/api/whoami", headers={"X-Forwarded-For": f"6.6.6.{i}"}).status_code
        for i in range(5)
    ]
    assert codes == [200] * 4 + [429]


@pytest.mark.parametrize(
    "city", ["Paris", "pa ris", "x" * 41, "s\u00e3o", "\u0661", "nul\x00", "a;b", "%2e%2e"]
)
def test_a_bad_city_is_a_400_and_nothing_is_cached(client, redis_client, city):
    response = client.get(f"/api/forecast/{city}")
    assert response.status_code == 400
    assert response.get_json() == {"error": "city must be 1 to 40 lowercase ASCII letters."}
    assert not [key for key in redis_client.scan_iter("forecast:*")]


def test_the_counts_are_in_redis(client, redis_client):
    """What Flask-Limiter wrote: one moving-window list per client, with the hits in it."""
    client.get("/api/whoami", headers=ALICE)
    client.get("/api/whoami")
    keys = sorted(redis_client.scan_iter("LIMITS:*"))
    assert len(keys) == 2 and any("user:alice" in k for k in keys), keys
    assert any("ip:127.0.0.1" in k for k in keys), keys
