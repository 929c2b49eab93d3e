#!/bin/sh
# Starts a command of the portal's image. Before gunicorn starts, the database is migrated, so
# the web service is healthy only on the current schema; the worker and beat wait for that
# (depends_on in docker-compose.yml) and never migrate themselves.
set -eu

if [ "${1:-}" = "gunicorn" ]; then
    python manage.py migrate --noinput
fi

exec "$@"
