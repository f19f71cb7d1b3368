"""A development switch: with PROFILE_REQUESTS on, any request with `?profile` is run under
pyinstrument, and the answer is the profile (a call tree with the time of each function)
instead of the page. Off by default: a profile shows the code's insides, and costs time."""

from flask import Response, g, request
from pyinstrument import Profiler


def init_profiling(app):
    if not app.config["PROFILE_REQUESTS"]:
        return

    @app.before_request
    def start_profiler():
        if "profile" in request.args:
            g.profiler = Profiler(interval=0.001)  # a sample every millisecond
            g.profiler.start()

    @app.after_request
    def answer_the_profile(response):
        profiler = g.pop("profiler", None)
        if profiler is None:
            return response
        profiler.stop()
        text = profiler.output_text(unicode=False, color=False)
        return Response(text, status=response.status_code, mimetype="text/plain")

    @app.teardown_request
    def stop_a_profiler_left_running(exc):
        profiler = g.pop("profiler", None)  # still there only when the view raised
        if profiler is not None and profiler.is_running:
            profiler.stop()
