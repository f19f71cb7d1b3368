"""GET /report/slow and GET /report: the same JSON, the top customers by spend between two dates.

/report/slow is the endpoint as first written, with four problems a profiler finds:
  SQL     every order is read (a Seq Scan of the whole table), then each order's customer is
          loaded by a SELECT of its own: 1 + N statements (N+1);
  memory  all 20,000 orders become Python objects in one list before anything is added up;
  CPU     each row looks for its customer's tally in a list: rows × customers steps.
/report is the same answer once fixed: one SELECT on an indexed column, streamed, a dict.
"""

import re
from dataclasses import dataclass
from datetime import date

from flask import Blueprint, request
from sqlalchemy import select

from .errors import ApiError
from .models import Order, db

bp = Blueprint("report", __name__)

MAX_DAYS = 366  # a year at most: the work a request may ask for stays bounded
MAX_TOP = 100
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)  # ASCII digits only: "٢٠٢٦" is a 400
_COUNT = re.compile(r"\d{1,3}", re.ASCII)


def date_arg(name):
    text = request.args.get(name)
    if text is None:
        raise ApiError(400, "bad_request", f"{name} is required, as YYYY-MM-DD")
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ApiError(400, "bad_request", f"{name} must be a date, as YYYY-MM-DD") from None


def report_args():
    start, end = date_arg("from"), date_arg("to")
    if not 0 <= (end - start).days < MAX_DAYS:
        raise ApiError(400, "bad_request", f"from..to must be 1 to {MAX_DAYS} days, in order")
    text = request.args.get("top", "10")
    top = int(text) if _COUNT.fullmatch(text) else 0
    if not 1 <= top <= MAX_TOP:
        raise ApiError(400, "bad_request", f"top must be an integer from 1 to {MAX_TOP}")
    return start, end, top


@dataclass(slots=True)
class Tally:
    customer_id: int
    name: str
    orders: int = 0
    total_cents: int = 0


def dense_rank(tallies):
    """{customer_id: Tally} -> {customer_id: rank}, highest total first; equal totals share a
    rank and the next total gets the next one (1, 2, 2, 3). One sort: n log n."""
    ranks, rank, previous = {}, 0, None
    for tally in sorted(tallies.values(), key=lambda t: t.total_cents, reverse=True):
        if tally.total_cents != previous:
            rank, previous = rank + 1, tally.total_cents
        ranks[tally.customer_id] = rank
    return ranks


def report_json(start, end, tallies, top):
    ranks = dense_rank(tallies)
    best = sorted(tallies.values(), key=lambda t: (ranks[t.customer_id], t.name))[:top]
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "customers": len(tallies),
        "orders": sum(t.orders for t in tallies.values()),
        "total_cents": sum(t.total_cents for t in tallies.values()),
        "top": [
            {
                "rank": ranks[t.customer_id],
                "customer_id": t.customer_id,
                "name": t.name,
                "orders": t.orders,
                "total_cents": t.total_cents,
            }
            for t in best
        ],
    }


# --- before -------------------------------------------------------------------------------------


def add_up_by_search(rows):
    """(customer_id, name, amount_cents) rows -> {customer_id: Tally}. Each row looks for its
    customer's tally in a list, from the start: rows × customers steps."""
    tallies = []
    for customer_id, name, amount_cents in rows:
        for tally in tallies:
            if tally.customer_id == customer_id:
                break
        else:
            tally = Tally(customer_id, name)
            tallies.append(tally)
        tally.orders += 1
        tally.total_cents += amount_cents
    return {tally.customer_id: tally for tally in tallies}


def slow_report(start, end, top):
    orders = db.session.scalars(select(Order)).all()  # every order, as an object, in one list
    rows = [
        (order.customer_id, order.customer.name, order.amount_cents)  # a SELECT per customer
        for order in orders
        if start <= order.placed_on <= end
    ]
    tallies = add_up_by_search(rows)
    return report_json(start, end, tallies, top)


# --- after --------------------------------------------------------------------------------------


def add_up(rows):
    """(customer_id, name, amount_cents) rows -> {customer_id: Tally}, in one pass."""
    # exercise: start - find each row's tally in a dict keyed by customer_id: one step per row
    tallies = {}
    for customer_id, name, amount_cents in rows:
        tally = tallies.get(customer_id)
        if tally is None:
            tally = tallies[customer_id] = Tally(customer_id, name)
        tally.orders += 1
        tally.total_cents += amount_cents
    return tallies
    # exercise: end


def fast_report(start, end, top):
    # exercise: start - one SELECT: filter placed_on in SQL, join the customer's name
    query = select(Order).where(Order.placed_on.between(start, end))
    # exercise: end
    # exercise: start - stream the rows in batches (yield_per) into add_up, never a full list
    rows = (
        (order.customer_id, order.customer.name, order.amount_cents)
        for order in db.session.scalars(query.execution_options(yield_per=1_000))
    )
    # exercise: end
    tallies = add_up(rows)
    return report_json(start, end, tallies, top)


@bp.get("/report/slow")
def report_slow():
    return slow_report(*report_args())


@bp.get("/report")
def report():
    return fast_report(*report_args())
