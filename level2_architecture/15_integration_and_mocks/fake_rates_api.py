"""A tiny stand-in for the Frankfurter API, with fixed rates: GET /v1/latest?base=EUR&symbols=USD.

The integration tests run it in a thread; `nox -s serve` runs it as a process, so "Try it" works
offline and gives the same numbers every time:

    python level2_architecture/15_integration_and_mocks/fake_rates_api.py --port 5001

A pair it does not know (EUR to JPY) is a 404, as a real API's error would be.
"""

import argparse
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

RATES = {("EUR", "USD"): 1.0285, ("EUR", "GBP"): 0.8434}  # what the fake API knows
DAY = "2025-01-17"


class FakeRatesAPI(BaseHTTPRequestHandler):
    """The handler. `self.server.seen` collects every path asked for, if the server has one."""

    def do_GET(self):
        url = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        getattr(self.server, "seen", []).append(self.path)
        pair = (query.get("base"), query.get("symbols"))
        if url.path != "/v1/latest" or pair not in RATES:
            self.send_error(404)
            return
        body = {"amount": 1.0, "base": pair[0], "date": DAY, "rates": {pair[1]: RATES[pair]}}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass  # quiet: the app's own log says what it asked


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=5001, help="where it listens, on 127.0.0.1")
    args = parser.parse_args(argv)
    with ThreadingHTTPServer(("127.0.0.1", args.port), FakeRatesAPI) as server:
        print(f"fake rates API: http://127.0.0.1:{args.port}/v1", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
