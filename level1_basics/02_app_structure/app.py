"""A minimal Flask app with the usual layout:

    app.py          this file: the app object and its routes
    templates/      Jinja templates, found by render_template()
    static/         files served as they are under /static/ (CSS, images, JavaScript)

Run it from the repository root:

    flask --app level1_basics/02_app_structure/app.py run
"""

from flask import Flask, render_template

# Flask looks for templates/ and static/ next to this module (the app's root_path).
app = Flask(__name__)


@app.route("/")
def index():
    # exercise: start - render templates/index.html, passing it a title
    return render_template("index.html", title="A minimal Flask app")
    # exercise: end
