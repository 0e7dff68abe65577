"""Settings for every environment, read from the environment (twelve-factor).

``production.py`` only hardens security; no feature exists only there.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from .keys import secret_key

SRC_DIR = Path(__file__).resolve().parents[1]
VAR_DIR = Path(os.environ.get("ACCORD_VAR_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("ACCORD_DEBUG", False)
# ACCORD_SECRET_KEY, else a key made once for this machine in VAR_DIR (never a fixed one).
SECRET_KEY = secret_key(debug=DEBUG, var_dir=VAR_DIR)
ALLOWED_HOSTS = os.environ.get(
    "ACCORD_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver"
).split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    # Serves its own copy of Swagger UI (templates and static files) for /api/v1/docs: without
    # it the docs page loads Swagger UI from a CDN and is blank offline.
    "ninja",
    # The job queue: Django's Tasks API and its database backend (``accord worker`` runs it).
    "django_tasks",
    "django_tasks_db",
    "accord.common",
    "accord.search",
    "accord.accounts",
    "accord.groups",
    "accord.jobs",
    "accord.meetings",
    "accord.correspondence",
    "accord.contributions",
    "accord.consultations",
    "accord.drafts",
    "accord.positions",
    "accord.outcomes",
    "accord.publish",
]

MIDDLEWARE = [
    "accord.common.security.ContentSecurityPolicyMiddleware",  # on every response, 404s too
    # Outermost: every 404 leaves with the same headers, whichever layer made it.
    "accord.common.notfound.UniformNotFoundMiddleware",
    # Before SecurityMiddleware: drops X-Forwarded-* unless a trusted proxy sent them.
    "accord.common.proxy.TrustedProxyMiddleware",
    # After the proxy's headers are judged: the request id (from a trusted proxy, or made).
    "accord.common.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "accord.common.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # On a group's pages: the browser's language among the group's working languages.
    "accord.groups.language.GroupLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Two-step login: the roles that must enrol, and no session without the code when it is on.
    "accord.groups.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Innermost: a view that finds the database locked answers 503 "try again", not 500.
    "accord.common.middleware.BusyDatabaseMiddleware",
]

ROOT_URLCONF = "accord.urls"
WSGI_APPLICATION = "accord.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'accord.sqlite3'}"),
        conn_max_age=int(os.environ.get("ACCORD_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must work on a fresh clone: make its folder.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # BEGIN IMMEDIATE queues writers on the busy handler; a DEFERRED transaction that
    # reads then writes in WAL mode fails with SQLITE_BUSY at once, whatever the timeout.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
        ),
    }

# Long work (imports) runs as jobs in `accord worker`; the database backend needs no other
# service, on SQLite and PostgreSQL alike.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# How often a job's page asks for its progress (htmx polling, or a meta refresh without JS).
ACCORD_JOB_REFRESH_SECONDS = int(os.environ.get("ACCORD_JOB_REFRESH_SECONDS", "2"))
# A job claimed by a worker on another machine counts as lost after this long (a worker on
# this machine is known lost as soon as its process is gone).
ACCORD_JOB_LOST_AFTER_SECONDS = int(os.environ.get("ACCORD_JOB_LOST_AFTER_SECONDS", "7200"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "publish:home"
LOGOUT_REDIRECT_URL = "publish:home"

# Django's password check, throttled per account and per address (accord.accounts.throttle).
AUTHENTICATION_BACKENDS = ["accord.accounts.backends.ThrottledModelBackend"]
# After this many failed logins in the window, an account (or, at the second figure, an
# address) is refused, even the right password, until the window has passed over them.
ACCORD_LOGIN_MAX_FAILURES = int(os.environ.get("ACCORD_LOGIN_MAX_FAILURES", "5"))
ACCORD_LOGIN_MAX_FAILURES_PER_ADDRESS = int(
    os.environ.get("ACCORD_LOGIN_MAX_FAILURES_PER_ADDRESS", "20")
)
ACCORD_LOGIN_WINDOW_SECONDS = int(os.environ.get("ACCORD_LOGIN_WINDOW_SECONDS", "900"))
# Roles whose holders must turn two-step login on before they go on (e.g. "secretariat,chair");
# empty: two-step login is each person's choice.
ACCORD_TWO_FACTOR_REQUIRED_ROLES = [
    r.strip()
    for r in os.environ.get("ACCORD_TWO_FACTOR_REQUIRED_ROLES", "").split(",")
    if r.strip()
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]
# The interface catalogues (gettext): one for the whole product, kept with the code.
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [SRC_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "accord",
    },
    # Whole pages of a group, keyed by its state stamp (accord.groups.pagecache).
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "accord-pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
# With REDIS_URL, every cache is shared by all app processes and machines (rate limits, the
# opinion maps' results, pages): Django's own Redis backend.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"accord-{alias}",
        }
        for alias in ("default", "pages")
    }
# How long a stored page may be served while its group has not changed (a deadline passing
# changes a page without a write); 0 turns the page cache off.
ACCORD_PAGE_CACHE_SECONDS = int(os.environ.get("ACCORD_PAGE_CACHE_SECONDS", "30"))

EMAIL_BACKEND = os.environ.get(
    "ACCORD_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("ACCORD_FROM_EMAIL", "accord@localhost")

# Uploads: the per-file cap is enforced by the upload services with a clear message;
# Django's own memory cap only decides when to spool to disk.
ACCORD_MAX_UPLOAD_BYTES = int(os.environ.get("ACCORD_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Public submissions: at most this many per address per hour.
ACCORD_PUBLIC_SUBMISSIONS_PER_HOUR = int(os.environ.get("ACCORD_PUBLIC_SUBMISSIONS_PER_HOUR", "5"))
ACCORD_INVITATION_DAYS = 14
# How often the opinion map of an open consultation redraws itself in the browser.
ACCORD_MAP_REFRESH_SECONDS = int(os.environ.get("ACCORD_MAP_REFRESH_SECONDS", "60"))
# The shortest silence procedure the chair may set (UN practice: at least 72 hours).
ACCORD_SILENCE_MIN_HOURS = int(os.environ.get("ACCORD_SILENCE_MIN_HOURS", "72"))
# How often the decision screen refreshes its tally and package view (htmx polling).
ACCORD_DECISION_REFRESH_SECONDS = int(os.environ.get("ACCORD_DECISION_REFRESH_SECONDS", "5"))

# Behind a TLS-terminating proxy: its addresses or networks, comma-separated. Only requests
# from these may say (X-Forwarded-Proto: https) that the visitor used https, and who the
# visitor is (X-Forwarded-For); from anyone else those headers are dropped.
ACCORD_TRUSTED_PROXIES = [
    a.strip() for a in os.environ.get("ACCORD_TRUSTED_PROXIES", "").split(",") if a.strip()
]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Every line carries the request id; ACCORD_LOG_FORMAT=json writes one JSON object per line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "accord.common.requestid.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "accord.common.requestid.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if os.environ.get("ACCORD_LOG_FORMAT") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("ACCORD_LOG_LEVEL", "WARNING")},
}

# Static files are served by the app itself (WhiteNoise), straight from the app folders, so that
# `accord demo` and `accord serve` need no collectstatic step.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
