"""What an operator does once, with the root token, so that the app never needs it (in real life
Terraform or a script in the platform's repository does this). For a dev server only:

    python level4_expert/12_secrets_vault_aws/vault_admin.py --addr URL --root-token TOKEN

waits until the server answers, enables AppRole, writes the `app` policy (read secret/data/app/*
only), creates the `web` role, writes a first API key, and prints the `export` lines the app
reads (SECRETS_BACKEND, VAULT_ADDR, VAULT_ROLE_ID, VAULT_SECRET_ID).
"""

import argparse
import shlex
import time

import hvac
import requests

POLICY = """
path "secret/data/app/*" {
  capabilities = ["read"]
}
"""


def wait_until_up(client: hvac.Client, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if client.sys.read_health_status(method="GET").get("initialized"):
                return
        except requests.RequestException:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.05)


def set_up_approle(root: hvac.Client, role: str = "web") -> tuple[str, str]:
    """The `app` policy, an AppRole role holding it; returns (role_id, secret_id)."""
    if "approle/" not in root.sys.list_auth_methods()["data"]:
        root.sys.enable_auth_method("approle")
    root.sys.create_or_update_policy("app", POLICY)
    root.auth.approle.create_or_update_approle(
        role, token_policies=["app"], token_ttl="20m", token_max_ttl="1h"
    )
    role_id = root.auth.approle.read_role_id(role)["data"]["role_id"]
    secret_id = root.auth.approle.generate_secret_id(role)["data"]["secret_id"]
    return role_id, secret_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addr", required=True)
    parser.add_argument("--root-token", required=True)
    parser.add_argument("--api-key", default="dev-key-1")
    args = parser.parse_args()
    root = hvac.Client(url=args.addr, token=args.root_token, timeout=5)
    wait_until_up(root)
    role_id, secret_id = set_up_approle(root)
    root.secrets.kv.v2.create_or_update_secret(path="app/api", secret={"api_key": args.api_key})
    settings = {
        "SECRETS_BACKEND": "vault",
        "VAULT_ADDR": args.addr,
        "VAULT_ROLE_ID": role_id,
        "VAULT_SECRET_ID": secret_id,
    }
    print("\n".join(f"export {name}={shlex.quote(value)}" for name, value in settings.items()))


if __name__ == "__main__":
    main()
