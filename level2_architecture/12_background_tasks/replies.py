"""The answers every runner's views share: the checked input, 202 Accepted, 404."""

import jobs
from flask import jsonify, request, url_for


def job_params():
    """(params, None) for a valid JSON body, else (None, a 422 answer)."""
    params, error = jobs.validate(request.get_json(silent=True))
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
