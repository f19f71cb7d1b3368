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


@bp.post("/api/transfers")
def api_transfer():
    if not isinstance(request.get_json(silent=True), dict):
        return {"error": "Send a JSON object."}, 400
    # FlaskForm reads a JSON body too. CSRFProtect has already checked the X-CSRFToken header.
    form = TransferForm()
    account = current_account()
    if form.validate() and make_transfer(account, form):
        return {"balance": account.balance, "transfers": account.transfers}, 201
    return {"errors": form.errors}, 422
