"""Settings shared by every environment; values come from the environment.

See `.env.example` for the full list of variables.
"""

import importlib.util
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The proxies in front of the app servers, whose X-Forwarded-For is believed: how many
# (1 for one nginx), and/or which addresses or networks (advocacy.clientip). Default: none,
# the connection's address is the client's.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

SITE_NAME = env("SITE_NAME", "Migrant Rights Press Room")
# The public address of the site, for links in emails.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "taggit",
    # ISO 3166 country names in English and Spanish for the sign-on form.
    "django_countries",
    "anymail",
    "reversion",
    # Two-factor login for staff (advocacy.two_factor); before advocacy, whose admin
    # takes the devices' own admin pages away.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "advocacy",
    # After advocacy, whose `db_worker` (advocacy.worker) takes the place of its own.
    "django_tasks_db",
    "releases",
    "coalitions",
]

MIDDLEWARE = [
    "advocacy.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "advocacy.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Addresses of the old site (an imported WordPress export) lead to their statements.
    "releases.importing.redirects.OldAddressRedirectMiddleware",
    # Counts reads of statement pages (no cookie, no address kept), cached ones included.
    "releases.distribution.reach.ReachMiddleware",
    # A page the same for every anonymous reader is answered from here, before sessions.
    # Compresses what the page cache has not (it stores pages compressed already).
    "advocacy.compression.CompressionMiddleware",
    "releases.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which second factor (if any) this session passed; a staff member who needs one and
    # has not passed it is anonymous to everything after (advocacy.two_factor).
    "django_otp.middleware.OTPMiddleware",
    "advocacy.two_factor.middleware.SecondFactorMiddleware",
    "advocacy.replicas.ReplicaReadsMiddleware",
    "releases.cache.PerReaderPageCacheMiddleware",
    # Inside the page cache, so that a cached page keeps its own policy (the widget's).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "advocacy.urls"
WSGI_APPLICATION = "advocacy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "advocacy.context_processors.site",
            ],
            # The `day` and `moment` filters: the site's one date style, on every page.
            "builtins": ["advocacy.dates"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates its file but not the folder it lives in, which a fresh clone lacks.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The archive fits in memory (or on SSD): reading a page at random costs about what
    # reading it in sequence does. With PostgreSQL's default (4, for spinning disks) the
    # planner scans every statement's search text instead of using its GIN index. Best
    # set in postgresql.conf; set here too, per connection, so that it holds anywhere.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={float(env('PG_RANDOM_PAGE_COST', '1.1'))}"
    )
# Read replicas (PostgreSQL streaming replication), comma-separated: anonymous readers'
# pages read from them, everything else from the primary (advocacy.replicas).
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica{number}"] = {
        **dj_database_url.parse(
            url, conn_max_age=int(env("CONN_MAX_AGE", "0")), conn_health_checks=True
        ),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        "TEST": {"MIRROR": "default"},
    }
if len(DATABASES) > 1:
    DATABASE_ROUTERS = ["advocacy.replicas.PrimaryReplicaRouter"]
# How long a replica may lag the primary: a page rendered this soon after a change is
# cached only this long, in case it was read from a replica that had not caught up.
REPLICA_LAG_SECONDS = int(env("REPLICA_LAG_SECONDS", "5"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Indexes that cover extra columns (`include=`) speed up PostgreSQL; SQLite builds the same
# index without them, which is all this warning says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Redis when REDIS_URL is set (shared by every app server), else memory. Without Redis
# the site goes on uncached, its rate limits open (advocacy.cache); a second is the most
# a cache call waits for it.
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "advocacy.cache.ResilientRedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "pressroom"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole pages for anonymous readers (releases.cache); 0 turns it off, as the benchmark's
# uncached runs do.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
# Its parts, each on unless turned off to measure without it (the benchmark does): the
# page before a change that only adds, answered while one request renders the new one;
# and each process's own copy of the pages it served, in front of the shared cache.
PAGE_CACHE_STALE = env_bool("PAGE_CACHE_STALE", True)
PAGE_CACHE_LOCAL = env_bool("PAGE_CACHE_LOCAL", True)

AUTH_USER_MODEL = "advocacy.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "America/Chicago")
USE_I18N = True
USE_TZ = True
# The site's one date style (advocacy.dates): June 29, 2018 / 29 de junio de 2018.
FORMAT_MODULE_PATH = ["advocacy.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads on the disk of this server, or in an S3-compatible bucket shared by every app
# server (AWS_STORAGE_BUCKET_NAME; django-storages, installed with `pip install '.[s3]'`;
# boto3 reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment).
MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if env("AWS_STORAGE_BUCKET_NAME"):
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "AWS_STORAGE_BUCKET_NAME is set but django-storages is not installed: "
            "pip install -c constraints.txt -e '.[s3]'"
        )
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,  # logos and attachments are public files
            "file_overwrite": False,
        },
    }
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: attachments and logos. Larger request bodies are refused by Django.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# What advocacy.uploads accepts: images and PDFs by content, re-drawn images, these limits.
UPLOAD_MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024
UPLOAD_MAX_LOGO_SIZE = 2 * 1024 * 1024
UPLOAD_MAX_IMAGE_PIXELS = 40_000_000

# Mail (Django 6.1 mailers). EMAIL_BACKEND picks the backend; the SMTP options apply
# only to the SMTP backend.
EMAIL_BACKEND_PATH = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env("EMAIL_HOST", "localhost"),
        "port": int(env("EMAIL_PORT", "25")),
        "username": env("EMAIL_HOST_USER", ""),
        "password": env("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": 10,
    }
elif EMAIL_BACKEND_PATH.endswith("filebased.EmailBackend"):
    # Each email written to a file in this folder (what `make prod-up` does by default).
    MAILERS["default"]["OPTIONS"] = {"file_path": env("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "press@localhost")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Releases to the press (releases.distribution). In production, mail goes through a mail
# service with django-anymail, Mailgun by default (EMAIL_BACKEND=
# anymail.backends.mailgun.EmailBackend); its webhook reports bounces and complaints at
# /anymail/mailgun/tracking/, checked by its signing key and by HTTP basic auth
# (ANYMAIL_WEBHOOK_SECRET, "user:password"). Only the values set are passed on: an empty
# signing key would let anyone sign a webhook.
ANYMAIL = {
    name: value
    for name, value in {
        "MAILGUN_API_KEY": env("MAILGUN_API_KEY"),
        "MAILGUN_SENDER_DOMAIN": env("MAILGUN_SENDER_DOMAIN"),
        "MAILGUN_API_URL": env("MAILGUN_API_URL"),
        "MAILGUN_WEBHOOK_SIGNING_KEY": env("MAILGUN_WEBHOOK_SIGNING_KEY"),
        "WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET"),
    }.items()
    if value
}
# The sender's postal address, at the foot of every mail to the press list (the law of
# most countries asks for it in bulk mail).
PRESS_POSTAL_ADDRESS = env("PRESS_POSTAL_ADDRESS", "")
PRESS_FROM_EMAIL = env("PRESS_FROM_EMAIL", DEFAULT_FROM_EMAIL)
# The throttle: releases one worker sends per minute (the mail service's limit, or less).
PRESS_SEND_RATE_PER_MINUTE = int(env("PRESS_SEND_RATE_PER_MINUTE", "600"))

# Slow work (the sign-on emails) runs as tasks of Django's tasks framework. TASKS_BACKEND
# picks where: "database" stores each task in the database for a worker process
# (`manage.py db_worker`, `make worker`) to run; "immediate" runs it at once in the process
# that enqueued it, so no worker is needed. Production defaults to the database queue.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}


def tasks_setting(name):
    if name not in TASK_BACKENDS:
        choices = " or ".join(TASK_BACKENDS)
        raise ImproperlyConfigured(f"TASKS_BACKEND must be {choices}, not {name!r}.")
    return {"default": {"BACKEND": TASK_BACKENDS[name], "QUEUES": ["default"]}}


TASKS = tasks_setting(env("TASKS_BACKEND", "database"))
# A worker's lease (advocacy.worker): a task left running by a worker that has not renewed
# its lease for this long is queued again.
TASK_WORKER_LEASE_SECONDS = int(env("TASK_WORKER_LEASE_SECONDS", "60"))

TAGGIT_CASE_INSENSITIVE = True
URLIZE_ASSUME_HTTPS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every line carries the reference of the request it belongs to (advocacy/request_id.py).
    "filters": {"request_id": {"()": "advocacy.request_id.RequestIdFilter"}},
    "formatters": {
        "default": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "default",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint reports each step and every screen-only CSS rule it skips.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}

# --- Hardening: security headers, the admin's address and login, backups ------------------

# Content-Security-Policy in every environment, so that a violation shows in development
# first. No inline script or style anywhere and no nonces: whole pages are cached for
# anonymous readers, and a nonce would be shared between them. The sign-on widget, made for
# partners' iframes, relaxes frame-ancestors only (advocacy.security.embeddable).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Who may put the widget in a frame: space-separated CSP sources (default: *, any site).
CSP_EMBED_FRAME_ANCESTORS = env("CSP_EMBED_FRAME_ANCESTORS", "*").split()
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page of the site uses, denied to it and to anything it frames.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# The admin's address (default: admin/). Another one keeps robots and scanners that try
# /admin/ off the login page; it is not a secret to rely on.
ADMIN_URL = env("ADMIN_URL", "admin/").strip("/") + "/"
if not re.fullmatch(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*/", ADMIN_URL):
    raise ImproperlyConfigured(f"ADMIN_URL must be a path such as backstage/, not {ADMIN_URL!r}.")
# Failed admin logins for one username from one address before a pause, and its length.
ADMIN_LOGIN_MAX_FAILURES = int(env("ADMIN_LOGIN_MAX_FAILURES", "5"))
ADMIN_LOGIN_WINDOW_SECONDS = int(env("ADMIN_LOGIN_WINDOW_SECONDS", "900"))
# Two-factor login (advocacy.two_factor): publishers and administrators must use an
# authenticator app when this is on; everyone else may. Off only for the development
# demo (dev.py), so that its logins work without a phone.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
# The account's name in the authenticator app: "<site>: <username>".
OTP_TOTP_ISSUER = SITE_NAME

# `manage.py backup` writes its archives here (default: var/backups).
BACKUP_DIR = Path(env("BACKUP_DIR", str(VAR_DIR / "backups")))
