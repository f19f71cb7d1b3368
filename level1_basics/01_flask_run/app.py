"""The smallest Flask app: one module, one route.

Run it from the repository root:

    flask --app level1_basics/01_flask_run/app.py run
"""

from flask import Flask

app = Flask(__name__)


# exercise: start - add a view for "/" that returns the text "Hello, Flask!"
@app.route("/")
def hello():
    return "Hello, Flask!"


# exercise: end
