# syntax=docker/dockerfile:1
# The portal's image: gunicorn (web), the Celery worker and the one Celery beat all run from it
# (docker-compose.yml). Python packages come from requirements/base.lock and front-end packages
# from package-lock.json, so the image holds exactly the versions the tests ran with.

# Bootstrap and htmx from the npm registry; Node.js stays out of the final image.
FROM python:3.11-slim-bookworm AS assets
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=aer_portal.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media

# WeasyPrint's Pango and HarfBuzz, fonts for every script members write in (Latin, Greek,
# Cyrillic, Georgian), and gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-dejavu-core fonts-noto-core gettext \
    && rm -rf /var/lib/apt/lists/*

# The portal runs as `aer`; its home takes caches such as fontconfig's (WeasyPrint).
RUN groupadd --system --gid 1000 aer \
    && useradd --system --uid 1000 --gid aer --create-home --home-dir /home/aer \
        --shell /usr/sbin/nologin aer

COPY requirements/base.lock /tmp/base.lock
RUN python -m venv /opt/venv && pip install -r /tmp/base.lock && rm /tmp/base.lock

WORKDIR /app
COPY . .
COPY --from=assets /build/node_modules ./node_modules

# Translations and static files are part of the image. Production settings insist on a secret
# key and allowed hosts even for these two commands, which touch neither the database nor Redis.
# The data folders exist before the volumes are mounted on them, so the volumes belong to `aer`.
RUN SECRET_KEY=image-build-only ALLOWED_HOSTS=localhost \
        python manage.py compilemessages --ignore=node_modules -v0 \
    && SECRET_KEY=image-build-only ALLOWED_HOSTS=localhost \
        python manage.py collectstatic --noinput -v0 \
    && mkdir -p /data/media /data/beat \
    && chown -R aer:aer /data

# The code stays owned by root: the portal cannot rewrite itself.
USER aer
EXPOSE 8000
ENTRYPOINT ["/bin/sh", "/app/docker/entrypoint.sh"]
CMD ["gunicorn", "aer_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--no-control-socket"]
