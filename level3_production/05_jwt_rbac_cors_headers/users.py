"""A tiny user store with hashed passwords, standing in for a database table."""

from werkzeug.security import check_password_hash, generate_password_hash

# name: (password, role). A real app reads these from its database, hashed.
ACCOUNTS = {
    "alice": ("alice-secret", "admin"),
    "bob": ("bob-secret", "analyst"),
    "carol": ("carol-secret", "viewer"),
}


class UserStore:
    def __init__(self, method):
        self.roles = {name: role for name, (_, role) in ACCOUNTS.items()}
        self.hashes = {
            name: generate_password_hash(password, method=method)
            for name, (password, _) in ACCOUNTS.items()
        }
        # Checked against for unknown names, so they take as long as a wrong password.
        self.dummy = generate_password_hash("no such user", method=method)

    def check(self, name, password):
        """The user's role if the password is right, else None."""
        known = check_password_hash(self.hashes.get(name, self.dummy), password)
        return self.roles[name] if known and name in self.hashes else None

    def role_of(self, name):
        return self.roles.get(name)
