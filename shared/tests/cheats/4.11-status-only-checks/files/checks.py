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
    # A shortcut: the status is compared, the body is never read. Fast, and a 200 with the
    # wrong products, the wrong total or an error page still counts as a success.
    if response.status_code == status:
        response.success()
    else:
        response.failure(f"expected HTTP {status}, got {response.status_code}")
