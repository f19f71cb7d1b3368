"""The bank blueprint: the page with its HTML form, and the JSON API its JavaScript calls."""

from account import current_account, make_transfer
from flask import Blueprint, redirect, render_template, request, url_for
from forms import TransferForm

bp = Blueprint("bank", __name__)


def page(form, status=200):
    return render_template("index.html", form=form, account=current_account()), status


@bp.get("/")
def index():
    return page(TransferForm())


@bp.post("/transfer")
def transfer():
    form = TransferForm()
    if form.validate_on_submit() and make_transfer(current_account(), form):
        return redirect(url_for("bank.index"))
    return page(form, 422)  # the form again, with its error messages and a fresh token


def json_object():
    """The body as a dict, or None: not JSON, too deep for Python's parser, or not an object."""
    try:
        data = request.get_json(silent=True)  # None when it is not valid JSON
    except RecursionError:  # [[[[...]]]] 100,000 deep: json.loads gives up, outside `silent`
        return None
    return data if isinstance(data, dict) else None


def wrong_types(data):
    """Why the values cannot be a transfer, or None. The form would coerce them (5.5 -> 5,
    true -> 1) or crash on them (len(123), int(1e400)): JSON types are checked first."""
    if "to" in data:
        if not isinstance(data["to"], str):
            return "'to' must be a string."
        try:
            data["to"].encode("utf-8")
        except UnicodeEncodeError:  # "\ud800": half of a UTF-16 pair, which no page can print
            return "'to' must be valid Unicode text."
    if "amount" in data and (type(data["amount"]) is not int):  # bool is a subclass of int
        return "'amount' must be an integer."
    return None


@bp.post("/api/transfers")
def api_transfer():
    if not request.is_json:
        return {"error": "Send Content-Type: application/json."}, 415
    data = json_object()
    if data is None:
        return {"error": "Send a JSON object."}, 400
    if problem := wrong_types(data):
        return {"error": problem}, 400
    # FlaskForm reads a JSON body too. CSRFProtect has already checked the X-CSRFToken header.
    form = TransferForm()
    account = current_account()
    if form.validate() and make_transfer(account, form):
        return {"balance": account.balance, "transfers": account.transfers}, 201
    return {"errors": form.errors}, 422
