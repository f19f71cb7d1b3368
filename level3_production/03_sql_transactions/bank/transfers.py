from flask import Blueprint, current_app, request
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from .errors import ApiError
from .models import Account, Transfer, db

bp = Blueprint("transfers", __name__)

MAX_BIGINT = 2**63 - 1


def json_body():
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "send application/json")
    try:
        body = request.get_json(silent=True)  # None for invalid JSON (or UTF-8)
    except RecursionError:  # nested deeper than Python's recursion limit, yet under the size cap
        body = None
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "the body must be a JSON object")
    return body


def positive_int(body, name):
    value = body.get(name)
    # bool is an int in Python: refuse it explicitly; floats (1e400 is inf) and strings too.
    if type(value) is not int or not 1 <= value <= MAX_BIGINT:
        raise ApiError(400, "bad_request", f"{name} must be an integer from 1 to {MAX_BIGINT}")
    return value


def account_json(account):
    return {"id": account.id, "owner": account.owner, "balance_cents": account.balance_cents}


@bp.get("/accounts")
def list_accounts():
    accounts = db.session.scalars(select(Account).order_by(Account.id)).all()
    return {
        "accounts": [account_json(account) for account in accounts],
        "total_cents": sum(account.balance_cents for account in accounts),
    }


@bp.get("/accounts/<int:account_id>")
def get_account(account_id):
    account = db.session.get(Account, account_id) if account_id <= MAX_BIGINT else None
    if account is None:
        raise ApiError(404, "not_found", "no such account")
    return account_json(account)


@bp.get("/transfers")
def list_transfers():
    transfers = db.session.scalars(select(Transfer).order_by(Transfer.id)).all()
    return {
        "transfers": [
            {
                "reference": t.reference,
                "from": t.from_id,
                "to": t.to_id,
                "amount_cents": t.amount_cents,
            }
            for t in transfers
        ]
    }


def refusal(exc):
    """The ApiError for a write the database refused, or None when the database itself failed."""
    sqlstate = getattr(exc.orig, "sqlstate", None) or ""
    constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", None)
    if constraint == "balance_not_negative":
        return ApiError(409, "insufficient_funds", "the source account has too little money")
    if sqlstate == "23505":  # unique_violation
        return ApiError(409, "duplicate_reference", "a transfer with this reference exists")
    if sqlstate.startswith("23"):  # another integrity rule: a CHECK, a foreign key
        return ApiError(409, "constraint_violated", f"the transfer breaks the rule {constraint}")
    if sqlstate == "22003":  # numeric_value_out_of_range: a balance past BIGINT
        return ApiError(409, "out_of_range", "the target account cannot hold that much")
    if sqlstate == "55P03":  # lock_not_available: lock_timeout ended the wait
        message = "an account is locked by another transfer; try again"
        return ApiError(503, "account_busy", message, {"Retry-After": "1"})
    return None


def transfer(source_id, target_id, amount, reference):
    """Debit then credit, inside the caller's transaction; a refusal raises ApiError."""
    try:
        # exercise: start - wait at most LOCK_TIMEOUT_MS for a row lock, in this transaction only
        timeout = f"{int(current_app.config['LOCK_TIMEOUT_MS'])}ms"
        db.session.execute(select(func.set_config("lock_timeout", timeout, True)))
        # exercise: end
        # exercise: start - lock both rows with SELECT ... FOR UPDATE, always in id order
        accounts = db.session.scalars(
            select(Account)
            .where(Account.id.in_([source_id, target_id]))
            .order_by(Account.id)
            .with_for_update()
        ).all()
        # exercise: end
        by_id = {account.id: account for account in accounts}
        if len(by_id) != 2:
            raise ApiError(404, "not_found", "no such account")
        by_id[source_id].balance_cents -= amount
        db.session.flush()  # the debit is sent: the CHECK refuses an overdraft here
        by_id[target_id].balance_cents += amount
        db.session.add(
            Transfer(reference=reference, from_id=source_id, to_id=target_id, amount_cents=amount)
        )
        db.session.flush()  # the credit and the unique reference, after the debit was written
    except DBAPIError as exc:
        refused = refusal(exc)
        if refused is None:
            raise  # the database failed (down, connection lost): errors.py answers 503
        raise refused from None


def transfer_args(item):
    source_id, target_id = positive_int(item, "from"), positive_int(item, "to")
    amount = positive_int(item, "amount_cents")
    reference = item.get("reference")
    # isprintable() refuses NUL, control characters and lone surrogates ("\ud800"), which
    # UTF-8, and so PostgreSQL, cannot hold.
    if (
        not isinstance(reference, str)
        or not 1 <= len(reference) <= 64
        or not reference.isprintable()
    ):
        raise ApiError(400, "bad_request", "reference must be 1 to 64 printable characters")
    if source_id == target_id:
        raise ApiError(400, "bad_request", "from and to must be different accounts")
    return source_id, target_id, amount, reference


@bp.post("/transfers")
def create_transfer():
    args = transfer_args(json_body())
    # exercise: start - commit both writes together, roll both back on any error
    try:
        transfer(*args)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    # exercise: end
    return {"reference": args[3], "status": "done"}, 201


@bp.post("/batches")
def create_batch():
    """Several transfers in one transaction: a refused one is undone, the others are kept."""
    items = json_body().get("transfers")
    if (
        not isinstance(items, list)
        or not 1 <= len(items) <= 20
        or not all(isinstance(i, dict) for i in items)
    ):
        raise ApiError(400, "bad_request", "transfers must be a list of 1 to 20 objects")
    all_args = [transfer_args(item) for item in items]  # all checked before anything is written
    results = []
    try:
        for args in all_args:
            # exercise: start - each transfer in a SAVEPOINT (begin_nested): a refusal undoes it
            try:
                with db.session.begin_nested():
                    transfer(*args)
                results.append({"reference": args[3], "status": "done"})
            except ApiError as exc:
                results.append({"reference": args[3], "status": exc.code})
            # exercise: end
        db.session.commit()
    except Exception:
        db.session.rollback()  # the database failed: the whole batch is undone
        raise
    return {"results": results}, 200
