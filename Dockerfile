# The press room in containers: the same set-up as `make prod-up`, run by the same
# commands (deploy/prod/config.py: gunicorn with deploy/gunicorn.conf.py, the worker,
# migrate, collectstatic) and the same nginx file (deploy/nginx/pressroom.conf).
# tests/test_packaging.py holds this file and compose.yaml to those commands.
#
#   docker build --target app -t pressroom-app .      gunicorn, the worker, manage.py
#   docker build --target proxy -t pressroom-proxy .  Debian's nginx with the static files
#   docker compose up                                  all of it (compose.yaml)

ARG PYTHON_IMAGE=python:3.13-slim-bookworm

# --- build: the pinned dependencies, the static files -----------------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
COPY . .
# As `make install` does, without the development tools: the versions of constraints.txt.
RUN python -m venv .venv && .venv/bin/pip install --quiet -c constraints.txt -e .
ENV DJANGO_SETTINGS_MODULE=advocacy.settings.prod STATIC_ROOT=/srv/press/public/static
# Hashed, compressed static files, made once here (a throwaway key: nothing is signed).
RUN SECRET_KEY=collectstatic-at-build-only .venv/bin/python manage.py collectstatic --noinput -v0

# --- app: gunicorn (the default command), the worker, manage.py -----------------------------
FROM ${PYTHON_IMAGE} AS app
# Pango for the PDFs (WeasyPrint); pg_dump and pg_restore for `manage.py backup` / restore.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 postgresql-client \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin press \
    && mkdir -p /srv/press/public/media /srv/press/mail /srv/press/backups \
    && chown press:press /srv/press/public/media /srv/press/mail /srv/press/backups
WORKDIR /app
# The code and its virtualenv belong to root: the site's user reads them, never writes them.
COPY --from=build /app /app
COPY --from=build /srv/press/public/static /srv/press/public/static
ENV PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=advocacy.settings.prod \
    STATIC_ROOT=/srv/press/public/static \
    MEDIA_ROOT=/srv/press/public/media \
    BACKUP_DIR=/srv/press/backups \
    GUNICORN_BIND=0.0.0.0:8000
USER press
EXPOSE 8000
CMD [".venv/bin/gunicorn", "--config", "deploy/gunicorn.conf.py", "advocacy.wsgi"]

# --- proxy: Debian's nginx, the repository's site file, the static files -------------------
FROM debian:bookworm-slim AS proxy
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx openssl \
    && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/default
COPY deploy/nginx/pressroom.conf /etc/nginx/conf.d/pressroom.conf
COPY deploy/compose/nginx/ /etc/nginx/pressroom/
COPY deploy/self-signed-cert /usr/local/bin/self-signed-cert
COPY --from=build /srv/press/public/static /srv/press/public/static
EXPOSE 443
# nginx's master runs as root to listen on 443; its workers as www-data (Debian's nginx.conf).
CMD ["sh", "-c", "self-signed-cert /etc/nginx/tls && exec nginx -g 'daemon off;'"]
