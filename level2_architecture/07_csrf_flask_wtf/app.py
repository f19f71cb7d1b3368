"""CSRF protection with Flask-WTF: a form with a hidden token, and a JSON API with X-CSRFToken."""

from dataclasses import dataclass, field

from flask import Flask, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError, CSRFProtect
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

csrf = CSRFProtect()


class TransferForm(FlaskForm):  # a FlaskForm adds a hidden csrf_token field by itself
    to = StringField("To", validators=[DataRequired(), Length(max=30)])
    amount = IntegerField("Amount", validators=[InputRequired(), NumberRange(min=1, max=1000)])


@dataclass
class Account:
    """The state a forged request would change. Kept in memory: this example is about CSRF."""

    balance: int = 100
    transfers: list[tuple[str, int]] = field(default_factory=list)


def make_transfer(account, form):
    """Apply a valid form. Returns False, with a message on the amount field, if money is short."""
    if form.amount.data > account.balance:
        form.amount.errors.append(f"Not enough money: the balance is {account.balance}.")
        return False
    account.balance -= form.amount.data
    account.transfers.append((form.to.data, form.amount.data))
    return True


def create_app(test_config=None):
    app = Flask(__name__)
    # SECRET_KEY signs the session cookie, where Flask-WTF keeps this session's CSRF secret.
    app.config["SECRET_KEY"] = "dev-only-change-me"
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY=... in the environment overrides it
    if test_config:
        app.config.update(test_config)
    # exercise: start - check a CSRF token on every POST/PUT/PATCH/DELETE (forms and JSON alike)
    csrf.init_app(app)
    # exercise: end
    account = app.extensions["account"] = Account()

    def page(form, status=200):
        return render_template("index.html", form=form, account=account), status

    @app.get("/")
    def index():
        return page(TransferForm())

    @app.post("/transfer")
    def transfer():
        form = TransferForm()
        if form.validate_on_submit() and make_transfer(account, form):
            return redirect(url_for("index"))
        return page(form, 422)  # the form again, with its error messages and a fresh token

    @app.post("/api/transfers")
    def api_transfer():
        if not isinstance(request.get_json(silent=True), dict):
            return {"error": "Send a JSON object."}, 400
        # FlaskForm reads a JSON body too. CSRFProtect has already checked the X-CSRFToken header.
        form = TransferForm()
        if form.validate() and make_transfer(account, form):
            return {"balance": account.balance, "transfers": account.transfers}, 201
        return {"errors": form.errors}, 422

    # exercise: start - answer a failed CSRF check with a 400 that says why (JSON for the API)
    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        if request.path.startswith("/api/"):
            return {"error": error.description}, 400
        return render_template("csrf_error.html", reason=error.description), 400

    # exercise: end

    return app
