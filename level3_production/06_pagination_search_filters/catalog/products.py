"""GET /api/products (page numbers) and GET /api/products/feed (cursors), sharing one set of
filters, one sort whitelist and one full-text search."""

import re

from flask import Blueprint, current_app, request, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select, tuple_

from .errors import bad_request
from .models import Product, db

bp = Blueprint("products", __name__)

MAX_PAGE = 1_000  # deeper than page 1000 (OFFSET 100,000), use the feed: OFFSET reads and drops
MAX_PER_PAGE = 100
MAX_Q = 200  # characters: a search is a few words, not a document
MAX_TEXT = 40
MAX_PRICE = 10**9
FILTERS = ("q", "category", "min_price", "max_price", "in_stock", "sort")
PAGE_ARGS = {"page", "per_page", *FILTERS}
FEED_ARGS = {"cursor", "limit", *FILTERS}

# The sorts a client may name -> (column, descending). Nothing else ever reaches ORDER BY.
SORTS = {
    "id": (Product.id, False),
    "-id": (Product.id, True),
    "price": (Product.price_cents, False),
    "-price": (Product.price_cents, True),
    "name": (Product.name, False),
    "-name": (Product.name, True),
}


def product_json(p):
    return {
        "id": p.id, "name": p.name, "description": p.description, "category": p.category,
        "price_cents": p.price_cents, "in_stock": p.in_stock,
    }  # fmt: skip


def check_args(allowed):
    """Unknown and repeated parameters are 400s: a typo (`categroy`) never silently matches all."""
    for name in request.args:
        if name not in allowed:
            raise bad_request(f"unknown parameter {name!r}; allowed: {', '.join(sorted(allowed))}")
        if len(request.args.getlist(name)) > 1:
            raise bad_request(f"{name} is given more than once")


def int_arg(name, default, low, high):
    """The integer parameter `name`, from `low` to `high`; `default` when absent."""
    raw = request.args.get(name)
    if raw is None:
        return default
    # exercise: start - only ASCII digits (not "1.5", "-1", "١"), in low..high, else a 400
    if not re.fullmatch(r"[0-9]{1,19}", raw) or not low <= int(raw) <= high:
        raise bad_request(f"{name} must be an integer from {low} to {high}")
    return int(raw)
    # exercise: end


def text_arg(name, limit):
    raw = request.args.get(name, "")
    if "\x00" in raw:  # PostgreSQL text cannot hold NUL: refuse it before it gets there
        raise bad_request(f"{name} must not contain NUL characters")
    if len(raw) > limit:
        raise bad_request(f"{name} must be at most {limit} characters")
    return raw.strip()


def sort_arg():
    """The sort's name and its (column, descending) from SORTS."""
    # exercise: start - look `sort` up in SORTS (default "id"); any other value is a 400
    name = request.args.get("sort", "id")
    if name not in SORTS:
        raise bad_request(f"sort must be one of: {', '.join(SORTS)}")
    return name, SORTS[name]
    # exercise: end


def search(query, q):
    """Rows whose generated tsvector matches `q`, read through the GIN index."""
    # exercise: start - match Product.search with @@ websearch_to_tsquery('english', q)
    return query.where(Product.search.op("@@")(func.websearch_to_tsquery("english", q)))
    # exercise: end


def filtered():
    """select(Product) with every filter the query string names, combined with AND."""
    query = select(Product)
    if q := text_arg("q", MAX_Q):
        query = search(query, q)
    if category := text_arg("category", MAX_TEXT):
        query = query.where(Product.category == category)
    low = int_arg("min_price", None, 0, MAX_PRICE)
    high = int_arg("max_price", None, 0, MAX_PRICE)
    if low is not None and high is not None and low > high:
        raise bad_request("min_price must not be greater than max_price")
    if low is not None:
        query = query.where(Product.price_cents >= low)
    if high is not None:
        query = query.where(Product.price_cents <= high)
    in_stock = request.args.get("in_stock")
    if in_stock is not None:
        if in_stock not in ("true", "false"):
            raise bad_request("in_stock must be true or false")
        query = query.where(Product.in_stock.is_(in_stock == "true"))
    return query


def ordered(query, column, descending):
    """ORDER BY the sort's column, then id: a total order, so no row sits on two pages."""
    keys = [column] if column is Product.id else [column, Product.id]
    return query.order_by(*(key.desc() if descending else key.asc() for key in keys))


def link(endpoint, **changes):
    args = {**request.args.to_dict(), **changes}
    return url_for(endpoint, **{k: v for k, v in args.items() if v is not None})


@bp.get("/products")
def list_products():
    check_args(PAGE_ARGS)
    page = int_arg("page", 1, 1, MAX_PAGE)
    per_page = int_arg("per_page", 20, 1, MAX_PER_PAGE)
    _, (column, descending) = sort_arg()
    query = filtered()
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        ordered(query, column, descending).limit(per_page).offset((page - 1) * per_page)
    ).all()
    pages = -(-total // per_page)
    here = "products.list_products"
    return {
        "items": [product_json(p) for p in rows],
        "page": page, "per_page": per_page, "total": total, "pages": pages,
        "links": {
            "self": link(here, page=page),
            "next": link(here, page=page + 1) if page < min(pages, MAX_PAGE) else None,
            "prev": link(here, page=page - 1) if page > 1 else None,
        },
    }  # fmt: skip


# --- cursors --------------------------------------------------------------------------------


def serializer():
    return URLSafeSerializer(current_app.secret_key, salt="catalog.products.cursor")


def encode_cursor(sort, row):
    column, _ = SORTS[sort]
    return serializer().dumps({"sort": sort, "after": [getattr(row, column.key), row.id]})


def decode_cursor(raw, sort):
    """The (value, id) a signed cursor carries, checked: a forged or edited one is a 400."""
    if len(raw) > 300:
        raise bad_request("cursor is not valid")
    try:
        data = serializer().loads(raw)
    except BadSignature:
        raise bad_request("cursor is not valid") from None
    column, _ = SORTS[sort]
    kind = str if column is Product.name else int
    if (
        not isinstance(data, dict)
        or data.get("sort") != sort
        or not isinstance(after := data.get("after"), list)
        or len(after) != 2
        or type(after[0]) is not kind
        or type(after[1]) is not int
        or not all(-(2**63) <= v < 2**63 for v in after if type(v) is int)
        or (kind is str and ("\x00" in after[0] or len(after[0]) > MAX_TEXT * 2))
    ):
        raise bad_request("cursor is not valid for this sort")
    return tuple(after)


def after_cursor(query, column, descending, after):
    """Keyset pagination: the rows strictly after `after` = (value, id) in the sort's order."""
    # exercise: start - WHERE (column, id) > (value, id) (< when descending), ORDER BY both
    key = tuple_(column, Product.id)
    if after is not None:
        query = query.where(key < tuple_(*after) if descending else key > tuple_(*after))
    order = (column.desc(), Product.id.desc()) if descending else (column.asc(), Product.id.asc())
    return query.order_by(*order)
    # exercise: end


@bp.get("/products/feed")
def feed():
    check_args(FEED_ARGS)
    limit = int_arg("limit", 20, 1, MAX_PER_PAGE)
    sort, (column, descending) = sort_arg()
    raw = request.args.get("cursor")
    after = decode_cursor(raw, sort) if raw is not None else None
    query = after_cursor(filtered(), column, descending, after)
    rows = db.session.scalars(query.limit(limit + 1)).all()  # one more: is there a next page?
    more, rows = len(rows) > limit, rows[:limit]
    cursor = encode_cursor(sort, rows[-1]) if more else None
    return {
        "items": [product_json(p) for p in rows],
        "next_cursor": cursor,
        "links": {"next": link("products.feed", cursor=cursor) if cursor else None},
    }
