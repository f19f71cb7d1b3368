"""A bookshop in three blueprints, put together by create_app().

flask --app level2_architecture/02_blueprints/bookshop run
"""

from flask import Flask, redirect, render_template, request, url_for

from . import admin, api, shop

API_PREFIX = "/api"


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(ADMIN_KEY="dev-admin-key")
    if config is not None:
        app.config.update(config)

    # exercise: start - register shop, admin and api under /shop, /admin and API_PREFIX
    app.register_blueprint(shop.bp, url_prefix="/shop")
    app.register_blueprint(admin.bp, url_prefix="/admin")
    app.register_blueprint(api.bp, url_prefix=API_PREFIX)
    # exercise: end

    @app.get("/")
    def home():
        return redirect(url_for("shop.index"))

    # App-level handlers see every error, including URLs that match no route at all (those never
    # reach a blueprint's handlers: no view was found, so Flask cannot know the blueprint).
    @app.errorhandler(404)
    def not_found(error):
        if request.path.startswith(f"{API_PREFIX}/"):
            return {"error": "not found", "message": f"No API route for {request.path}."}, 404
        return render_template("404.html", message=error.description), 404

    return app
