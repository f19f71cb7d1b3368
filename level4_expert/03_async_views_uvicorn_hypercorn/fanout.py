"""The fan-out: one request, several calls to a slow upstream at once, each with its own timeout.

    GET /api/fanout?count=5&delay_ms=400

calls the upstream's `/work/1` .. `/work/5` (each sleeping `delay_ms`) together, so the answer
takes about one call, not five. Every call has its own deadline (UPSTREAM_TIMEOUT seconds): a call
that fails or times out becomes an `error` entry and the others are kept (a partial answer, 200,
`"complete": false`); when every call failed the answer is 504 (some timed out) or 502.
"""

from __future__ import annotations

import asyncio
import ssl
import time

import httpx
from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import BadGateway, BadRequest, GatewayTimeout

fanout = Blueprint("fanout", __name__)

MAX_CALLS = 10  # one request never fans out to more than this
MAX_DELAY_MS = 5_000
# Made once: building an SSLContext costs ~50 ms, and every request opens a client of its own.
TLS = ssl.create_default_context()


def bounded_int(name: str, default: int, low: int, high: int) -> int:
    """The query parameter `name` as an int in [low, high], or a 400 that says what is wrong."""
    values = request.args.getlist(name)
    if not values:
        return default
    raw = values[0]
    if len(values) > 1:
        raise BadRequest(f"{name} is given {len(values)} times")
    # isascii(): "٣" (an Arabic 3) passes isdigit() and int(), not this API.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6:
        raise BadRequest(f"{name} must be a whole number from {low} to {high}")
    value = int(raw)
    if not low <= value <= high:
        raise BadRequest(f"{name} must be a whole number from {low} to {high}")
    return value


async def fetch_one(client: httpx.AsyncClient, item: int, delay_ms: int, timeout: float) -> dict:
    """One upstream call: {"item": 3, "result": {...}}, or {"item": 3, "error": "timeout"}."""
    # exercise: start - await the GET under asyncio.wait_for; errors become "error" entries
    try:
        response = await asyncio.wait_for(
            client.get(f"/work/{item}", params={"ms": delay_ms}), timeout
        )
        response.raise_for_status()
        payload = response.json()
    except (TimeoutError, httpx.TimeoutException):
        return {"item": item, "error": "timeout"}
    except httpx.HTTPStatusError as exc:
        return {"item": item, "error": f"upstream answered {exc.response.status_code}"}
    except (httpx.HTTPError, ValueError) as exc:  # refused, reset, not JSON
        return {"item": item, "error": f"upstream unreachable ({type(exc).__name__})"}
    # exercise: end
    return {"item": item, "result": payload}


@fanout.get("/api/fanout")
async def fan_out():
    count = bounded_int("count", 5, 1, MAX_CALLS)
    delay_ms = bounded_int("delay_ms", 400, 0, MAX_DELAY_MS)
    timeout = current_app.config["UPSTREAM_TIMEOUT"]
    started = time.perf_counter()
    # One client per request: under Flask each async view runs in an event loop of its own.
    async with httpx.AsyncClient(base_url=current_app.config["UPSTREAM_URL"], verify=TLS) as client:
        # exercise: start - run fetch_one for items 1..count all at once with asyncio.gather
        results = await asyncio.gather(
            *(fetch_one(client, item, delay_ms, timeout) for item in range(1, count + 1))
        )
        # exercise: end
    failed = [r for r in results if "error" in r]
    if len(failed) == count:
        timed_out = sum(r["error"] == "timeout" for r in failed)
        if timed_out:
            raise GatewayTimeout(f"every upstream call failed ({timed_out} timed out)")
        raise BadGateway("every upstream call failed")
    return jsonify(
        calls=count,
        complete=not failed,
        failed=len(failed),
        elapsed_ms=round((time.perf_counter() - started) * 1000),
        results=results,
    )
