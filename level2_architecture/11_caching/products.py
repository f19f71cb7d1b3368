"""The JSON API, in a blueprint: the cached listing, product pages, writes that invalidate."""

from catalogue import catalogue, forget_listings, listing_key_prefix, product_report, search
from extensions import cache
from flask import Blueprint, abort, current_app, jsonify, request, url_for
from werkzeug.routing import IntegerConverter

bp = Blueprint("products", __name__)


class IdConverter(IntegerConverter):
    """<int:...> with ASCII digits only: int's regex, \\d+, also matches "١" (an Arabic-Indic 1),
    which would serve product 1 under a second URL (and a second cache key)."""

    regex = r"[0-9]+"


NAME_MAX = 50
PRICE_MAX = 10_000
SORTS = ("name", "price")


def parse_price(value):
    """A positive number up to PRICE_MAX, rounded to cents; None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not 0 < value <= PRICE_MAX:
        return None
    return round(value, 2)


def json_object():
    """The body as a dict, else None. silent=True turns invalid JSON into None, but JSON nested
    5,000 deep raises RecursionError even then: that is bad input too, not a 500. A body over
    MAX_CONTENT_LENGTH is refused before it is read, silent or not: a 413 (too_large)."""
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        return None
    return data if isinstance(data, dict) else None


def bad_request(message):
    return jsonify(error=message), 400


def not_found(error):
    """The app's 404, as JSON (create_app() registers it for every route)."""
    return jsonify(error="Not found."), 404


def too_large(error):
    """The app's 413, as JSON: a body over MAX_CONTENT_LENGTH (create_app() registers it)."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    return jsonify(error=f"The body is larger than {limit} bytes."), 413


# exercise: start - route GET /products and cache it 60 s, one entry per query string
@bp.get("/products")
@cache.cached(timeout=60, query_string=True, key_prefix=listing_key_prefix)
# exercise: end
def list_products():
    sort = request.args.get("sort", "name")
    if sort not in SORTS:
        return bad_request(f"sort must be one of: {', '.join(SORTS)}.")
    max_price = request.args.get("max_price")
    if max_price is not None:
        try:
            max_price = float(max_price)
        except ValueError:
            return bad_request("max_price must be a number.")
    products = search(sort, max_price)
    return jsonify(products=products, count=len(products))


@bp.get("/products/<id:product_id>")
def show_product(product_id):
    if product_id not in catalogue().products:
        abort(404)
    return jsonify(product_report(product_id))


@bp.post("/products")
def add_product():
    data = json_object()
    if data is None:
        return bad_request("Send a JSON object.")
    name = data.get("name")
    if not isinstance(name, str) or not 0 < len(name.strip()) <= NAME_MAX:
        return bad_request(f"name must be 1 to {NAME_MAX} characters.")
    price = parse_price(data.get("price"))
    if price is None:
        return bad_request(f"price must be a number above 0 and at most {PRICE_MAX}.")
    product = catalogue().add(name.strip(), price)
    forget_listings()  # the listings must show the new product
    location = url_for("products.show_product", product_id=product["id"])
    return jsonify(product), 201, {"Location": location}


@bp.put("/products/<id:product_id>")
def update_price(product_id):
    product = catalogue().products.get(product_id)
    if product is None:
        abort(404)
    data = json_object()
    if data is None:
        return bad_request("Send a JSON object.")
    price = parse_price(data.get("price"))
    if price is None:
        return bad_request(f"price must be a number above 0 and at most {PRICE_MAX}.")
    product["price"] = price
    # exercise: start - forget this product's memoized report, and every cached listing
    cache.delete_memoized(product_report, product_id)
    forget_listings()
    # exercise: end
    return jsonify(product)


@bp.get("/stats")
def stats():
    """How many times the slow work really ran (in this process)."""
    return jsonify(catalogue().calls)
