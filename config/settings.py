"""Shouwang settings: every deployment knob comes from the environment, with safe local defaults.

Local (`make run`): SQLite under var/, DEBUG on, console notifications, database-backed jobs.
Production: set DJANGO_ENV=production, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL),
REDIS_URL and TASKS_BACKEND=rq for several stateless app servers with Redis-backed workers.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SHOUWANG_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = os.environ.get("DJANGO_ENV", "local")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

_LOCAL_ONLY_KEY = "local-development-key-not-for-production-use-0123456789abcdef"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _LOCAL_ONLY_KEY)
if PRODUCTION and len(SECRET_KEY) < 50:
    raise RuntimeError("SECRET_KEY must be set (50+ characters) when DJANGO_ENV=production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_htmx",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "hub.accounts",
    "hub.people",
    "hub.places",
    "hub.privacy",
    "hub.jobs",
    "hub.imports",
    "hub.ratelimit",
    "hub.notify",
    "hub.retention",
    "hub.volunteering",
    "hub.hours",
    "hub.notices",
    "hub.supplies",
    "hub.care",
    "hub.me",
    "hub.rosters",
    "hub.screening",
    "hub.campaigns",
    "hub.office",
    "hub.web",
    "hub.demo",
]

MIDDLEWARE = [
    "hub.ratelimit.client.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hub.web.shedding.LoadSheddingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hub.web.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "hub.accounts.middleware.LoginThrottleMiddleware",
    "hub.web.bad_input.BadInputMiddleware",
]

# Load shedding (hub/web/shedding.py): requests inside Django at once per process; 0 = off.
SHED_MAX_IN_FLIGHT = int(os.environ.get("SHED_MAX_IN_FLIGHT", "0"))
SHED_WAIT_MS = int(os.environ.get("SHED_WAIT_MS", "100"))
SHED_RETRY_AFTER = int(os.environ.get("SHED_RETRY_AFTER", "1"))

# Publishing a drive: a pool up to DRIVE_TELL_INLINE people is told in the request, a larger one
# by a job in chunks of DRIVE_TELL_CHUNK (hub/volunteering/jobs.py).
DRIVE_TELL_INLINE = int(os.environ.get("DRIVE_TELL_INLINE", "50"))
DRIVE_TELL_CHUNK = int(os.environ.get("DRIVE_TELL_CHUNK", "200"))

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "hub.web.context.shell",
            ],
        },
    },
]

# Databases -----------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'shouwang.sqlite3'}")
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=0)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers: WAL, writes take the lock at BEGIN (no upgrade deadlocks), and
    # waiters queue for up to 20 s instead of failing with "database is locked".
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
        ),
    }
    # A file, not memory: concurrency tests share it across threads. Override per process
    # (SQLITE_TEST_NAME) to run several suites side by side.
    _db["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_NAME", str(VAR_DIR / "test.sqlite3"))}
else:
    _db["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["hub.accounts.backends.PhoneOrUsernameBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Security headers; the deploy checks pass with DJANGO_ENV=production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Language: Chinese first, English second ----------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# Static files: no CDN. htmx comes from npm (package-lock.json) and is served from node_modules.
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    # Camera barcode scanning (hub/web/static/web/scanner.js): pure-JS UMD build, no wasm.
    ("vendor/zxing", BASE_DIR / "node_modules" / "@zxing" / "browser" / "umd"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# `make run` runs the demo with DEBUG off (visitors get the product's 404/500 pages, never
# Django's debug pages) and WhiteNoise serving static files straight from the finders.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Background jobs: Django's Tasks API (backport). Database queue by default; RQ on Redis for
# multi-machine deployments (TASKS_BACKEND=rq).
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
_TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
TASKS = {"default": _TASK_BACKENDS[TASKS_BACKEND]}
# A running job whose worker has not reported progress for this long is reclaimed
# (manage.py reclaim_jobs); after JOB_MAX_ATTEMPTS claims it is given up (hub/jobs/actions.py).
JOB_LEASE_SECONDS = int(os.environ.get("JOB_LEASE_SECONDS", "300"))
JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", "3"))
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}

# Caches: local memory by default, Redis when configured (shared by several app servers).
if os.environ.get("CACHE_URL", "").startswith("redis"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
        }
    }

# Imports -------------------------------------------------------------------------------------
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "200000"))
# Files with more rows than this are validated and written by a background job with progress.
IMPORT_INLINE_ROWS = int(os.environ.get("IMPORT_INLINE_ROWS", "500"))
# Uploaded files (full phones and ID numbers) are dropped when applied, and by the retention
# purge this many days after upload if they never were (hub.imports.actions.purge_import_files).
IMPORT_FILE_RETENTION_DAYS = int(os.environ.get("IMPORT_FILE_RETENTION_DAYS", "7"))
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024

# Notifications: routed to what each organization configured (docs/notifications.md). With
# nothing configured a message goes to the console log only in development; elsewhere it is
# recorded as "no channel configured" and shown on the notification settings page.
NOTIFY_CONSOLE_FALLBACK = env_bool("NOTIFY_CONSOLE_FALLBACK", DEBUG and not PRODUCTION)

# API -----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # The token first: an anonymous request is answered 401 with ``WWW-Authenticate: Token``
    # (DRF takes the header from the first class; the session has none, which gave 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "hub.accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "hub.api.errors.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "hub.api.pagination.CappedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "hub.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "hub.api.schema.add_error_responses",
    ],
    "TITLE": "Shouwang 守望 API",
    "DESCRIPTION": "Volunteer service coordination for emergency lockdowns.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CheckInOutcomeEnum": [
            "checked_in",
            "already_checked_in",
            "checked_out",
            "already_checked_out",
        ],
        "CampaignVisitOutcomeEnum": "hub.campaigns.models.Visit.Outcome",
        "CareContactOutcomeEnum": "hub.care.models.ContactLog.Outcome",
        "OfficeEntryKindEnum": "hub.office.models.Entry.Kind",
        "OfficeEntryOutcomeEnum": "hub.office.models.Entry.Outcome",
        "OfficeSiteKindEnum": "hub.office.models.Site.Kind",
        "OrganizationKindEnum": "hub.people.models.Organization.Kind",
        "ParcelKindEnum": "hub.supplies.models.Parcel.Kind",
        "ParcelFailureEnum": "hub.supplies.models.Parcel.Failure",
        "ParcelStatusEnum": "hub.supplies.models.Parcel.Status",
        "TripStatusEnum": "hub.supplies.models.Trip.Status",
        "BranchKindEnum": "hub.people.models.Branch.Kind",
        "ImportKindEnum": "hub.imports.models.ImportBatch.Kind",
        "AreaStatusEnum": "hub.places.models.AreaStatus.Status",
        "JobStatusEnum": "hub.jobs.models.Job.Status",
        "ImportStatusEnum": "hub.imports.models.ImportBatch.Status",
        "HourEntryStatusEnum": "hub.hours.models.HourEntry.Status",
        "HourEntryKindEnum": "hub.hours.models.HourEntry.Kind",
        "HourEntryTypeEnum": "hub.hours.models.HourEntry.EntryType",
        "CorrectionRequestStatusEnum": "hub.hours.models.CorrectionRequest.Status",
        "StarAwardStatusEnum": "hub.hours.models.StarAward.Status",
        "ExportRequestStatusEnum": "hub.hours.models.ExportRequest.Status",
        "SignUpStatusEnum": "hub.volunteering.models.SignUp.Status",
        "PostKindEnum": "hub.volunteering.models.Post.Kind",
        "PoliticalStatusEnum": "hub.people.models.Person.PoliticalStatus",
    },
}

# Audit trail: never store a raw phone or ID number in the change log.
AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Sign-in attempts: per client address and per account, in a database token bucket.
LOGIN_RATE_PER_IP = (int(os.environ.get("LOGIN_RATE_PER_IP", "20")), 300)
LOGIN_RATE_PER_ACCOUNT = (int(os.environ.get("LOGIN_RATE_PER_ACCOUNT", "5")), 300)
# Reverse proxies in front of the app that append to X-Forwarded-For (hub/ratelimit/client.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# API tokens expire this long after they were issued (signing in again issues a new one).
API_TOKEN_TTL = dt.timedelta(days=int(os.environ.get("API_TOKEN_TTL_DAYS", "30")))
