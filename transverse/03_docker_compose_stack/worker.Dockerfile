# syntax=docker/dockerfile:1
# The image of 3.11's Celery worker (and of its small web app, `ledger`). The root
# docker-compose.yml builds it with level3_production/11_celery_worker_production as the build
# context and this file as its Dockerfile: that folder has no Dockerfile of its own.
FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
RUN pip install --no-cache-dir "celery[redis]>=5.4" "redis>=5.0" "flask>=3.1" "gunicorn>=23.0"
RUN groupadd --gid 10001 app \
    && useradd --no-log-init --create-home --uid 10001 --gid app app
WORKDIR /app
COPY app.py views.py tasks.py worker.py ./
USER 10001:10001
CMD ["celery", "-A", "worker", "worker", "-Q", "ledger-payments,ledger-reports", "--concurrency=2", "--loglevel=INFO"]
