"""The answers every runner's views share: the checked input, 202 Accepted, 404, 503."""

import jobs
from flask import current_app, jsonify, request, url_for


def job_params():
    """(params, None) for a valid JSON body, else (None, a 400 or 422 answer)."""
    try:
        data = request.get_json(silent=True)  # silent: invalid JSON is None, not an error page
    except RecursionError:  # [[[[...]]]] 5,000 deep: the parser gives up, silent or not
        return None, (jsonify(error="The JSON body is nested too deep."), 400)
    params, error = jobs.validate(data)
    return params, (jsonify(error=error), 422) if error else None


def accepted(job_id, endpoint):
    """202 Accepted: the job is queued, not done. Location says where to ask for its status."""
    status_url = url_for(endpoint, job_id=job_id)
    response = jsonify(id=job_id, status_url=status_url)
    response.status_code = 202
    response.headers["Location"] = status_url
    return response


def not_found(runner, job_id):
    return jsonify(error=f"No {runner} job with id {job_id!r}."), 404


def too_large(error):
    """A body over MAX_CONTENT_LENGTH, refused before it is read: JSON, like every answer."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    return jsonify(error=f"The request body is larger than {limit} bytes."), 413


def backend_down(error):
    """Redis or the broker does not answer: a 503 the client may retry, not an HTML 500.

    create_app() registers it for redis.RedisError and kombu's OperationalError."""
    response = jsonify(error="The job queue is unavailable. Try again in a moment.")
    response.status_code = 503
    response.headers["Retry-After"] = "5"
    return response
