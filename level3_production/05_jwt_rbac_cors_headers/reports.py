"""/api: what each role may see. The role is a claim of the access token."""

from flask import Blueprint, jsonify
from flask_jwt_extended import get_jwt, get_jwt_identity, jwt_required
from security import role_required

bp = Blueprint("reports", __name__, url_prefix="/api")


@bp.get("/me")
@jwt_required()
def me():
    """Any valid access token."""
    return jsonify(user=get_jwt_identity(), role=get_jwt()["role"])


@bp.get("/reports")
@role_required("analyst", "admin")
def reports():
    return jsonify(reports=["sales-2026-q3", "churn-2026-q3"])


@bp.get("/admin/users")
@role_required("admin")
def admin_users():
    return jsonify(users=["alice", "bob", "carol"])
