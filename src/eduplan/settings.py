"""Django settings, all read from the environment (one module, typed helpers that fail loudly).

- ``EDUPLAN_DATABASE_URL``: ``sqlite:////abs/path/db.sqlite3`` or ``postgresql://user@host:port/name``;
  unset means ``var/eduplan.sqlite3`` under ``EDUPLAN_HOME`` (default: the current directory).
- ``EDUPLAN_PRODUCTION=1``: production hardening (DEBUG impossible, secure cookies, HSTS, the proxy's
  ``X-Forwarded-Proto``); then ``EDUPLAN_SECRET_KEY`` and ``EDUPLAN_ALLOWED_HOSTS`` are required.
- ``EDUPLAN_DEBUG=1``: Django's debug pages, for a developer on loopback only (off by default, the demo included).
- ``EDUPLAN_SESSION_IDLE_MINUTES`` (default 30): a session unused that long ends.
- ``EDUPLAN_UPLOAD_MAX_MB_<KIND>``: upload limits, see ``UPLOAD_LIMITS`` below and docs/operations.md.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from eduplan.errors import UsageError


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise UsageError(f"{name}={raw!r}: expected 1/0, true/false, yes/no or on/off")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
HOME = Path(os.environ.get("EDUPLAN_HOME", ".")).resolve()
VAR_DIR = Path(os.environ.get("EDUPLAN_VAR", str(HOME / "var"))).resolve()
DEFAULT_SQLITE = VAR_DIR / "eduplan.sqlite3"

PRODUCTION = env_bool("EDUPLAN_PRODUCTION")
# Debug pages show settings, tracebacks and every URL: off unless a developer asks, and impossible in production.
DEBUG = env_bool("EDUPLAN_DEBUG")
if PRODUCTION and DEBUG:
    raise UsageError("EDUPLAN_PRODUCTION=1 with EDUPLAN_DEBUG=1: debug pages are never served in production")

if PRODUCTION:
    _secret = os.environ.get("EDUPLAN_SECRET_KEY", "")
    if len(_secret) < 50:
        raise UsageError("EDUPLAN_PRODUCTION=1 needs EDUPLAN_SECRET_KEY (at least 50 random characters)")
    SECRET_KEY = _secret
    ALLOWED_HOSTS = env_list("EDUPLAN_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise UsageError("EDUPLAN_PRODUCTION=1 needs EDUPLAN_ALLOWED_HOSTS, e.g. eduplan.example.gov.cn")
else:
    # A development key: the demo and tests run on loopback only.
    SECRET_KEY = os.environ.get("EDUPLAN_SECRET_KEY", "eduplan-development-key-not-for-production-use-0123456789")
    ALLOWED_HOSTS = env_list("EDUPLAN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")

DATABASE_URL = os.environ.get("EDUPLAN_DATABASE_URL", "") or f"sqlite:///{DEFAULT_SQLITE}"
# A persistent connection is checked before each request reuses it, so a PostgreSQL restart costs no eduplan restart.
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web app read while an import writes; a busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The embedded store must work straight from a checkout: make its folder.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "eduplan.store",
    "eduplan.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "eduplan.web.security.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "eduplan.web.faults.FaultMiddleware",  # last: its process_exception sees the views' exceptions first
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "eduplan.web.urls"
WSGI_APPLICATION = "eduplan.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Static files (ECharts, htmx, CSS) are served by the app itself from the package: no CDN, no collectstatic, so
# no STATIC_ROOT (WhiteNoise indexes the package's files once at start, or on each request with EDUPLAN_DEBUG=1).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = VAR_DIR / "uploads"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

# Login rate limiting (django-axes): lock a username+address after 5 failures for 15 minutes. Only failures count,
# an attempt made while locked does not restart the cool-off (else anyone could keep an account locked by trying
# once a minute), and the lock is per account AND address: a stranger elsewhere cannot lock the user out.
# An administrator lifts a lock with `eduplan unlock USERNAME`.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Idle timeout: every request renews the session, which ends after EDUPLAN_SESSION_IDLE_MINUTES without one.
SESSION_COOKIE_AGE = int(os.environ.get("EDUPLAN_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy (django-csp): scripts only from the app's own static files (ECharts, htmx, app.js,
# charts.js), never inline; chart options travel as JSON data (json_script), not as script. Styles keep
# 'unsafe-inline' for the style attributes ECharts and htmx set.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Bounded uploads: the largest file accepted per kind, in MB (EDUPLAN_UPLOAD_MAX_MB_CENSUS etc.), and for
# zip-based files (xlsx, docx, zip of CSVs) the largest uncompressed total and compression ratio, checked
# before anything is parsed; the largest sheet. Unconfirmed uploads in var/uploads expire after a day.
UPLOAD_LIMITS = {
    kind: int(os.environ.get(f"EDUPLAN_UPLOAD_MAX_MB_{kind.upper()}", default)) * 1024 * 1024
    for kind, default in (
        ("census", "50"),
        ("plan", "20"),
        ("scores", "50"),
        ("fitness", "20"),
        ("teachers", "20"),
        ("admission", "20"),
        ("quality", "20"),
    )
}
UPLOAD_MAX_UNCOMPRESSED = int(os.environ.get("EDUPLAN_UPLOAD_MAX_UNCOMPRESSED_MB", "128")) * 1024 * 1024
UPLOAD_MAX_RATIO = int(os.environ.get("EDUPLAN_UPLOAD_MAX_RATIO", "100"))
UPLOAD_MAX_ROWS = int(os.environ.get("EDUPLAN_UPLOAD_MAX_ROWS", "200000"))
UPLOAD_MAX_COLUMNS = int(os.environ.get("EDUPLAN_UPLOAD_MAX_COLUMNS", "200"))
UPLOAD_EXPIRY_HOURS = int(os.environ.get("EDUPLAN_UPLOAD_EXPIRY_HOURS", "24"))

# Background jobs (docs/operations.md): django-tasks' database backend, a queue in the store itself (SQLite or
# PostgreSQL, no broker); `eduplan serve` starts one worker process (`eduplan worker`) beside the web server.
# EDUPLAN_WORKER=0: serve without starting one (run `eduplan worker` yourself, e.g. under systemd).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
START_WORKER = env_bool("EDUPLAN_WORKER", default=True)
JOBS_DIR = VAR_DIR / "jobs"  # the files jobs write (reports), one folder per job

# `eduplan serve` (waitress): threads, seconds an idle connection is kept, connections accepted at once.
SERVER_THREADS = int(os.environ.get("EDUPLAN_THREADS", "8"))
SERVER_TIMEOUT = int(os.environ.get("EDUPLAN_SERVER_TIMEOUT", "120"))
SERVER_CONNECTIONS = int(os.environ.get("EDUPLAN_SERVER_CONNECTIONS", "100"))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("EDUPLAN_SSL_REDIRECT", default=True)
    # Behind the TLS proxy (docs/operations.md): it must set X-Forwarded-Proto and strip any the client sent.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# --- eduplan's own settings: read here once; engine.py, the score store and the demo take them from this module ---
ENGINE = os.environ.get("EDUPLAN_ENGINE", "duckdb").strip().lower() or "duckdb"  # duckdb | spark
PSEUDONYM_KEY = os.environ.get("EDUPLAN_PSEUDONYM_KEY", "")  # the HMAC key of the score store (else var/pseudonym.key)
SEEDS_DIR = os.environ.get("EDUPLAN_SEEDS", "")  # the demo's seed plans (else the copy in eduplan/data/plans)
