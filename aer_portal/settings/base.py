"""Settings shared by every environment; each value comes from the environment (.env.example)."""

from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

SECRET_KEY = env("SECRET_KEY", default="")
# The key that seals secret ballots while a vote is open (aer_portal/ballot_seal.py); when
# empty, one is derived from SECRET_KEY. Losing it while a vote is open loses that vote (README).
BALLOT_KEY = env("BALLOT_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "aer_portal.admin_site.PortalAdminConfig",  # django.contrib.admin, its list built lazily
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "csp",
    "import_export",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "aer_portal",
    "members",
    "governance",
    "fees",
    "working_groups",
    "elections",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "portal.middleware.PortalRolesMiddleware",
    "portal.middleware.RequireTwoFactorMiddleware",
]

ROOT_URLCONF = "aer_portal.urls"
WSGI_APPLICATION = "aer_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "members.context_processors.portal",
            ],
        },
    },
]

# Django's widget templates, with <select>, <textarea> and <input> written in Python: the
# same markup at a fraction of the time (aer_portal.widgets).
FORM_RENDERER = "aer_portal.widgets.PortalFormRenderer"


# Database: SQLite when DATABASE_URL is unset (the embedded default), PostgreSQL in production.
def with_engine_options(database: dict[str, Any]) -> dict[str, Any]:
    """A database's settings with what the portal asks of its engine (the bench's database
    too)."""
    database["ATOMIC_REQUESTS"] = False
    options = database.setdefault("OPTIONS", {})
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # Concurrent writers queue instead of failing with "database is locked": every
        # transaction takes the write lock when it begins, waits up to 20 s for it, and readers
        # never block writers (WAL). secure_delete overwrites deleted rows, e.g. sealed ballots
        # after a count.
        options.update(
            {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA secure_delete=ON;",
            }
        )
    elif database["ENGINE"] == "django.db.backends.postgresql":
        # The portal's data (tens of megabytes at five times AER's size) stays in the server's
        # memory, where reading a row by its key costs about what a sequential read does, not
        # the four times PostgreSQL's default assumes of spinning disks. With that default the
        # planner read all 15 000 people to join 300 candidacies instead of looking each up by
        # its key (2.4 -> 0.5 ms). Set on each connection, so production, CI and the
        # benchmark plan alike whatever the server's configuration.
        options.setdefault("options", "-c random_page_cost=1.1")
    return database


DATABASES = {
    "default": with_engine_options(
        env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    ),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "fragments": rendered template fragments that change only with a deploy (the navigation per
# role and language, templates/base.html), kept in each process's memory: no round trip.
FRAGMENTS_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "aer-fragments",
    "TIMEOUT": None,
}
CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://aer-portal"),
    "fragments": FRAGMENTS_CACHE,
}
# The pages' roles (request.portal) are cached per account and day and dropped on any change
# of a mandate, access, member... (governance.selectors.roles.page_roles); this bounds a change
# made around the model signals. 0: no cache.
PORTAL_ROLES_CACHE_SECONDS = env.int("PORTAL_ROLES_CACHE_SECONDS", default=60)

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: e-mail is the login; nobody signs up, staff invite people
# (members.services.accounts.account_invite).
ACCOUNT_ADAPTER = "members.adapters.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="https")
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("RATE_LIMIT_LOGIN_FAILED", default="10/m/ip,5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    # Sending the public membership application form (fees.views.applications), per address.
    "membership_application": env("RATE_LIMIT_APPLICATION", default="10/h/ip"),
}
# Invitation and password-reset links share Django's token lifetime (seconds).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=7 * 24 * 3600)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="AER portal")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["aer_portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="AER portal <portal@aer.eu>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SECRETARIAT_EMAIL = env("SECRETARIAT_EMAIL", default="secretariat@aer.eu")
# What a region's officer may give its contacts without the secretariat (members.access_requests):
# these roles, while the region has fewer active accounts than the limit. Beyond, staff decide.
AER_OFFICER_GRANT_ROLES = env.list("AER_OFFICER_GRANT_ROLES", default=["delegate", "viewer"])
AER_OFFICER_GRANT_LIMIT = env.int("AER_OFFICER_GRANT_LIMIT", default=5)

# Celery: with no broker configured, tasks run in-process (the embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
# Redis re-delivers an unacknowledged task after this many seconds: it must exceed any task,
# and be short, since it is how long a task of a killed worker waits (3 600 s lost an hour).
# A web request publishing to an unreachable broker gives up after one quick retry (about
# 4 s): the work is recorded and published again later (PENDING_WORK_* below).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 60),
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# Work a write records (governance.models.PendingTask) is published after its commit; the
# pending-work job publishes again, every PENDING_WORK_SCAN_SECONDS, what was never queued
# (broker unreachable), queued but not started after PENDING_WORK_REQUEUE_SECONDS (message
# lost), or started and unfinished after PENDING_WORK_RESTART_SECONDS (worker killed).
PENDING_WORK_SCAN_SECONDS = env.int("PENDING_WORK_SCAN_SECONDS", default=60)
PENDING_WORK_RESTART_SECONDS = env.int(
    "PENDING_WORK_RESTART_SECONDS", default=CELERY_TASK_TIME_LIMIT + 30
)
PENDING_WORK_REQUEUE_SECONDS = env.int("PENDING_WORK_REQUEUE_SECONDS", default=600)
PENDING_WORK_MAX_ATTEMPTS = env.int("PENDING_WORK_MAX_ATTEMPTS", default=8)
PENDING_WORK_KEEP_DAYS = env.int("PENDING_WORK_KEEP_DAYS", default=30)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Scheduled work (aer_portal.scheduling). Beat sends each job to one runner task, which claims
# (job, period) in the database first: a restarted or doubled beat never runs a job twice in a
# period. A job is a task run every `minutes` minutes, or daily at `daily_at` (local time).
PERIODIC_JOBS: dict[str, dict[str, object]] = {
    "portal-heartbeat": {"task": "aer_portal.tasks.heartbeat", "minutes": 1},
    "reminders-scan": {
        "task": "governance.reminders.scan",
        "minutes": env.int("REMINDER_SCAN_MINUTES", default=5),
    },
    # Procedures art. 3.5: suspends members with an invoice unpaid after its due date, lifts paid.
    "fees-suspensions-daily": {"task": "fees.suspensions.update", "daily_at": "00:15"},
    # Procedures art. 2.1: observer status ends by itself after its one year.
    "observer-status-daily": {"task": "members.observers.expire", "daily_at": "00:20"},
    # The outbox (governance.models.PendingTask): publishes again what no worker finished.
    "pending-work-complete": {
        "task": "governance.pending_work.complete",
        "minutes": max(1, PENDING_WORK_SCAN_SECONDS // 60),
    },
}
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    name: {
        "task": "aer_portal.periodic.run",
        "args": (name,),
        "schedule": (
            crontab(minute=f"*/{job['minutes']}")
            if "minutes" in job
            else crontab(
                hour=str(job["daily_at"]).split(":")[0], minute=str(job["daily_at"]).split(":")[1]
            )
        ),
    }
    for name, job in PERIODIC_JOBS.items()
}
# Beat records its heartbeat in the database (read by /healthz and the Scheduled work page).
CELERY_BEAT_SCHEDULER = "aer_portal.beat:PortalScheduler"
CELERY_BEAT_MAX_INTERVAL = 30
# A record that failed is tried again after this many minutes, doubled each time, up to a day.
SCHEDULED_RETRY_MINUTES = env.int("SCHEDULED_RETRY_MINUTES", default=5)
# /healthz reports the worker or beat down when its heartbeat is older than this (seconds).
HEALTH_WORKER_MAX_AGE = env.int("HEALTH_WORKER_MAX_AGE", default=180)
HEALTH_BEAT_MAX_AGE = env.int("HEALTH_BEAT_MAX_AGE", default=120)
# Folder of the file e-mail backend (EMAIL_BACKEND=django.core.mail.backends.filebased...).
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-mail"))
# Behind a proxy, login rate limits count the client's address: either the number of proxies
# that append to X-Forwarded-For, or a header the proxy sets to the client address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", default="") or None

# Security headers. Content-Security-Policy through django-csp: nothing from another origin.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # The e-invoice library says four things at INFO about every invoice PDF it writes: the
    # worker's and the benchmark's logs would be that and little else.
    "loggers": {"factur-x": {"level": "WARNING"}},
}

# Domain settings the Executive Board or the secretariat may change.
PORTAL_NAME = "Assembly of European Regions"
AER_OFFICES = ["Brussels", "Strasbourg", "Alba Iulia"]
# Address of the portal in links that e-mails carry (invitations to support, Board review).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# Working groups: days before the Board meeting on which a Board member who has not voted on a
# proposal is reminded (the latest applicable one is sent), and days before the end of a
# group's two-year mandate on which its Chair's region, lead region and the secretariat are told.
WORKING_GROUPS_REVIEW_REMINDER_DAYS: list[int] = env.list(
    "WORKING_GROUPS_REVIEW_REMINDER_DAYS", cast=int, default=[7, 1]
)
WORKING_GROUPS_MANDATE_REMINDER_DAYS = env.int("WORKING_GROUPS_MANDATE_REMINDER_DAYS", default=60)
# Fees: who issues the invoices and where members pay (printed on every invoice PDF, in its
# payment QR code and e-invoice). No default: a fee call is refused while the IBAN, BIC or
# address are unset or invalid (fees.checks), and production refuses to start without them.
FEES_ISSUER_STREET = env("FEES_ISSUER_STREET", default="")
FEES_ISSUER_POSTCODE = env("FEES_ISSUER_POSTCODE", default="")
FEES_ISSUER_CITY = env("FEES_ISSUER_CITY", default="")
FEES_ISSUER_COUNTRY = env("FEES_ISSUER_COUNTRY", default="")
FEES_ISSUER_VAT = env("FEES_ISSUER_VAT", default="")
FEES_ISSUER_REGISTRATION = env("FEES_ISSUER_REGISTRATION", default="")
FEES_ACCOUNT_HOLDER = env("FEES_ACCOUNT_HOLDER", default="Assembly of European Regions")
FEES_IBAN = env("FEES_IBAN", default="")
FEES_BIC = env("FEES_BIC", default="")
FEES_BANK_NAME = env("FEES_BANK_NAME", default="")
FEES_ISSUER_REQUIRED = False
# Fees: the billing contact is reminded this many days before the due date, gets overdue
# notices this many days after it, and the secretariat gets the overdue list on this weekday
# (0 = Monday).
FEES_REMINDER_DAYS_BEFORE_DUE = env.int("FEES_REMINDER_DAYS_BEFORE_DUE", default=14)
FEES_OVERDUE_NOTICE_DAYS: list[int] = env.list(
    "FEES_OVERDUE_NOTICE_DAYS", cast=int, default=[1, 30, 60]
)
FEES_OVERDUE_LIST_WEEKDAY = env.int("FEES_OVERDUE_LIST_WEEKDAY", default=0)

# Meetings and their reminders (governance). Stages are days (or months) before a deadline;
# each stage is sent once, to the secretariat unless said otherwise.
REMINDER_NOTICE_DAYS: list[int] = env.list("REMINDER_NOTICE_DAYS", cast=int, default=[7, 1])
REMINDER_GA_PROPOSAL_DAYS: list[int] = env.list(
    "REMINDER_GA_PROPOSAL_DAYS", cast=int, default=[14, 3]
)
REMINDER_OBSERVER_MONTHS = env.int("REMINDER_OBSERVER_MONTHS", default=2)
# Months between a member's notice of withdrawal and the end of its membership (the last day
# of that month). The Statute sets it and is not available to us: a setting.
WITHDRAWAL_NOTICE_MONTHS = env.int("WITHDRAWAL_NOTICE_MONTHS", default=6)
REMINDER_SUBSTITUTE_DAYS: list[int] = env.list(
    "REMINDER_SUBSTITUTE_DAYS", cast=int, default=[30, 7]
)
REMINDER_MANDATE_ENDING_DAYS: list[int] = env.list(
    "REMINDER_MANDATE_ENDING_DAYS", cast=int, default=[90, 30]
)

# Elections (Procedures arts. 15.4–15.6): days before the six-week deadline from which member
# officers are told of an election; days before the candidacy deadline on which full members'
# officers are reminded; days before the portfolio deadline on which the secretariat is warned.
ELECTIONS_ANNOUNCEMENT_LEAD_DAYS = env.int("ELECTIONS_ANNOUNCEMENT_LEAD_DAYS", default=7)
ELECTIONS_CANDIDACY_REMINDER_DAYS = env.int("ELECTIONS_CANDIDACY_REMINDER_DAYS", default=7)
ELECTIONS_PORTFOLIO_REMINDER_DAYS = env.int("ELECTIONS_PORTFOLIO_REMINDER_DAYS", default=3)

# Open data (README, "Open data"): the public read-only API under /api/v1/, its feeds, the
# public calendar and the embeddable pages. PUBLIC_SITE_ORIGINS are the website's origins
# (https://aer.org): they may read the API from a browser (CORS) and frame the /embed/ pages;
# nobody else may frame any page. Answers are cached OPEN_DATA_CACHE_SECONDS and each client
# address may make OPEN_DATA_RATE_LIMIT requests (DRF's rate syntax: 120/min, 5000/day).
PUBLIC_SITE_ORIGINS: list[str] = env.list("PUBLIC_SITE_ORIGINS", default=[])
OPEN_DATA_CACHE_SECONDS = env.int("OPEN_DATA_CACHE_SECONDS", default=300)
OPEN_DATA_RATE_LIMIT = env("OPEN_DATA_RATE_LIMIT", default="120/min")
OPEN_DATA_PAGE_SIZE = 50
CORS_ALLOWED_ORIGINS = PUBLIC_SITE_ORIGINS
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]
REST_FRAMEWORK = {
    # Anonymous and read-only: everyone gets the same answer, whoever is logged in.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["aer_portal.open_data.OpenDataThrottle"],
    "DEFAULT_PAGINATION_CLASS": "aer_portal.open_data.OpenDataPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "NUM_PROXIES": ALLAUTH_TRUSTED_PROXY_COUNT or None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "AER open data",
    "DESCRIPTION": (
        "What the portal's public pages show, read-only: member regions, bodies (Popolo "
        "Organization, Post, Membership), working groups, elections and their results, public "
        "meetings."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Front-end packages come from the npm registry at build time (`npm ci`), never from a CDN.
STATICFILES_DIRS += [
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
