"""Serve a stylesheet, a script and an image from the static/ folder."""

import mimetypes

from flask import Flask, render_template

# Python reads file types from the system, and some systems map .js to an old or wrong type.
# Say it once, so every machine sends the type browsers expect for scripts.
mimetypes.add_type("text/javascript", ".js")

# static_folder and static_url_path are Flask's defaults, written out to show where files come from.
app = Flask(__name__, static_folder="static", static_url_path="/static")

# exercise: start - let browsers cache static files for one hour (Cache-Control: max-age=3600)
app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600
# exercise: end


@app.get("/")
def index():
    return render_template("index.html")
