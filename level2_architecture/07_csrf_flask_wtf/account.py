"""The account a forged request would try to empty. In memory: this example is about CSRF."""

from dataclasses import dataclass, field

from flask import current_app


@dataclass
class Account:
    balance: int = 100
    transfers: list[tuple[str, int]] = field(default_factory=list)


def init_app(app):
    """Give each app its own account, with 100 in it."""
    app.extensions["account"] = Account()


def current_account() -> Account:
    return current_app.extensions["account"]


def make_transfer(account, form):
    """Apply a valid form. Returns False, with a message on the amount field, if money is short."""
    if form.amount.data > account.balance:
        form.amount.errors.append(f"Not enough money: the balance is {account.balance}.")
        return False
    account.balance -= form.amount.data
    account.transfers.append((form.to.data, form.amount.data))
    return True
