"""What a right answer is, for the locustfile: a request is a success only if both its status and
its body are right. Plain Python, no locust import, so that it reads (and tests) on its own.

    with self.client.get("/api/search?q=mug", name="search", catch_response=True) as response:
        check(response, 200, lambda body: all("mug" in p["name"] for p in body["products"]),
              "every result matches the query")

Without `catch_response=True` locust counts any status below 400 as a success: a 200 with the
wrong body, an empty list or another user's data would all pass.
"""


def check(response, status, body_is_right=None, expected="the right body"):
    """Mark a locust response (opened with catch_response=True) as a success or a failure.

    `body_is_right(body)` gets the parsed JSON body; a KeyError or TypeError in it (a field
    missing, a wrong type) means the body is wrong, not that the load test crashed.
    """
    # exercise: start - .failure() on a wrong status or a body_is_right() false, else .success()
    if response.status_code != status:
        response.failure(f"expected HTTP {status}, got {response.status_code}")
        return
    if body_is_right is not None:
        try:
            right = body_is_right(response.json())
        except (ValueError, KeyError, TypeError, IndexError):  # not JSON, or not that shape
            right = False
        if not right:
            response.failure(f"wrong body: expected {expected}")
            return
    response.success()  # an expected 4xx (a bad login is a 401) is a success too
    # exercise: end
