"""The API: /health, the catalogue, the search, the login and the orders, all JSON.

The token is sent in an `Authorization: Bearer` header, never in a cookie: a browser never adds
it by itself, so another site cannot forge a request with it (no CSRF token needed).
"""

import json

from flask import Blueprint, abort, current_app, jsonify, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from models import Order, OrderLine, Product, User, db
from werkzeug.security import check_password_hash

api = Blueprint("api", __name__)
PAGE_SIZE = 10
MAX_ID = 2**63 - 1  # the database's integer range: beyond it, no row can have that id


@api.get("/health")
def health():
    """The baseline: the cheapest answer this server can give (bench.py compares to it)."""
    return jsonify(status="ok")


@api.get("/api/products")
def catalogue():
    page = request.args.get("page", "1")
    if not (page.isascii() and page.isdigit() and 1 <= int(page) <= 1000):
        abort(400, "page must be a whole number from 1 to 1000")
    query = db.select(Product).order_by(Product.id).limit(PAGE_SIZE + 1)
    rows = db.session.scalars(query.offset((int(page) - 1) * PAGE_SIZE)).all()
    more = len(rows) > PAGE_SIZE
    return jsonify(
        page=int(page),
        products=[p.to_dict() for p in rows[:PAGE_SIZE]],
        next=int(page) + 1 if more else None,
    )


@api.get("/api/products/<int:product_id>")
def product(product_id):
    found = db.session.get(Product, product_id) if product_id <= MAX_ID else None
    if found is None:
        abort(404, f"no product {product_id}")
    return jsonify(found.to_dict())


@api.get("/api/search")
def search():
    term = request.args.get("q", "").strip().lower()
    if not 1 <= len(term) <= 40 or not term.isprintable():
        abort(400, "q must be 1 to 40 printable characters")
    pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    query = db.select(Product).where(Product.name.like(pattern, escape="\\")).order_by(Product.id)
    return jsonify(q=term, products=[p.to_dict() for p in db.session.scalars(query.limit(20))])


def json_body():
    """The request's JSON object, or the 4xx that says what is wrong with it."""
    if not request.is_json:
        abort(415, "send JSON (Content-Type: application/json)")
    try:
        body = json.loads(request.get_data(cache=False))  # over MAX_CONTENT_LENGTH: 413
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        abort(400, "the body is not valid JSON")
    if not isinstance(body, dict):
        abort(422, "the body must be a JSON object")
    return body


def text(body, name):
    value = body.get(name)
    if not isinstance(value, str) or not 1 <= len(value) <= 100:
        abort(422, f"{name} must be a string of 1 to 100 characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800") is not text
        abort(422, f"{name} must be valid Unicode")
    return value


def signer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="login")


@api.post("/api/login")
def login():
    body = json_body()
    username, password = text(body, "username"), text(body, "password")
    user = db.session.scalar(db.select(User).filter_by(username=username))
    if user is None or not check_password_hash(user.password_hash, password):
        abort(401, "wrong username or password")
    return jsonify(token=signer().dumps(user.id))


def current_user_id():
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    try:
        if scheme != "Bearer":
            raise BadSignature("no bearer token")
        return signer().loads(token, max_age=current_app.config["TOKEN_MAX_AGE"])
    except BadSignature:  # also an expired token (SignatureExpired)
        abort(401, "log in first: send Authorization: Bearer <token>")


def whole(value, low, high):
    return type(value) is int and low <= value <= high  # not bool, not 2.0, not "2"


@api.post("/api/orders")
def create_order():
    user_id = current_user_id()
    items = json_body().get("items")
    if not isinstance(items, list) or not 1 <= len(items) <= 20:
        abort(422, "items must be a list of 1 to 20 {product_id, quantity}")
    for item in items:
        if not isinstance(item, dict) or set(item) != {"product_id", "quantity"}:
            abort(422, "each item is {product_id, quantity}")
        if not whole(item["product_id"], 1, MAX_ID) or not whole(item["quantity"], 1, 100):
            abort(422, "product_id must be a positive id, quantity a whole number from 1 to 100")
    ids = [item["product_id"] for item in items]
    if len(set(ids)) != len(ids):
        abort(422, "each product at most once per order")
    prices = dict(
        db.session.execute(
            db.select(Product.id, Product.price_cents).where(Product.id.in_(ids))
        ).all()
    )
    if unknown := [i for i in ids if i not in prices]:
        abort(422, f"unknown product {unknown[0]}")
    order = Order(
        user_id=user_id,
        total_cents=sum(prices[item["product_id"]] * item["quantity"] for item in items),
        lines=[OrderLine(**item) for item in items],
    )
    db.session.add(order)
    db.session.commit()
    return jsonify(order.to_dict()), 201
