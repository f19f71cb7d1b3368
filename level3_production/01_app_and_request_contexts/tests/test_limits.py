"""Hostile input: a clear 400 or 404 in the app's own shape, never a 500, nothing written."""

import pytest


@pytest.fixture
def error_of():
    def read(response, status: int) -> str:
        assert response.status_code == status, response.get_data(as_text=True)
        assert response.mimetype == "application/json"
        body = response.get_json()
        assert list(body) == ["error"] and sorted(body["error"]) == ["message", "status"]
        assert body["error"]["status"] == status
        return body["error"]["message"]

    return read


@pytest.mark.parametrize(
    "name", ["x" * 41, "a%00b", "tab%09", "line%0Abreak", "%7F"], ids=lambda n: n[:8]
)
def test_a_bad_name_is_a_400_and_nothing_is_written(client, rows, error_of, name):
    message = error_of(client.get(f"/greet/{name}"), 400)
    assert message == "name must be 1 to 40 printable characters"
    assert rows("SELECT * FROM visit") == []


@pytest.mark.parametrize("name", ["x" * 40, "Zoé", "李", "🦊", "O'Brien", "Robert'); DROP TABLE"])
def test_a_good_name_is_stored_as_sent(client, rows, name):
    body = client.get(f"/greet/{name}").get_json()
    assert body["visitor"] == name
    assert rows("SELECT name FROM visit") == [(name,)]


@pytest.mark.parametrize(
    "wait", ["abc", "-1", "1.5", "nan", "inf", "1e3", "١", "０", "", "0.1234", "9999"]
)
def test_a_bad_wait_is_a_400_and_nothing_is_written(client, rows, error_of, wait):
    message = error_of(client.get("/greet/Ada", query_string={"wait": wait}), 400)
    assert message == "wait must be a number of seconds from 0 to 1.0"
    assert rows("SELECT * FROM visit") == []


@pytest.mark.parametrize("wait", ["0", "0.01", "1", "1.0"])
def test_a_wait_up_to_one_second_is_accepted(client, wait):
    assert client.get("/greet/Ada", query_string={"wait": wait}).status_code == 200


@pytest.mark.parametrize(
    "report_id", ["2", "9223372036854775808", str(10**30), "١", "abc", "-1", "1.0"]
)
def test_a_report_that_cannot_exist_is_a_404(client, error_of, report_id):
    client.post("/reports")
    assert error_of(client.get(f"/reports/{report_id}"), 404) == f"no report {report_id}"


def test_flask_s_own_errors_get_the_same_shape(client, error_of):
    error_of(client.get("/nothing"), 404)
    error_of(client.get("/reports"), 405)
    error_of(client.delete("/greet/Ada"), 405)
