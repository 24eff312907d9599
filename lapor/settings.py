"""Django settings for lapor, read from the environment (see docs/operations.md).

Bad values fail at start-up with a sentence naming the variable, never later at run time.
"""

from __future__ import annotations

from pathlib import Path

import xstatic.pkg.leaflet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lapor.env import database_from_url, env, env_bool, env_int, env_list, redis_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env("LAPOR_DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()
try:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
except OSError as exc:
    raise ImproperlyConfigured(f"LAPOR_DATA_DIR={DATA_DIR} cannot be created: {exc}") from exc

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is not set: set it (or DEBUG=true for development)")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105
elif len(SECRET_KEY) < 32 and not DEBUG:
    raise ImproperlyConfigured("SECRET_KEY is too short: use at least 32 random characters")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Before django.contrib.admin: our registration/ templates win over the admin's.
    "lapor.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "huey.contrib.djhuey",
    "django_htmx",
    "lapor.directory",
    "lapor.reports",
    "lapor.deadlines",
    "lapor.channels",
    "lapor.routing",
    "lapor.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "lapor.urls"
WSGI_APPLICATION = "lapor.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(env("DATABASE_URL"), sqlite_default=DATA_DIR / "lapor.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
REDIS_URL = redis_url()

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
LOGIN_URL = "/masuk/"
LOGIN_REDIRECT_URL = "/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Leaflet from the xstatic-leaflet package (no CDN, no copied source).
STATICFILES_DIRS = [("leaflet", xstatic.pkg.leaflet.BASE_DIR)]
# Map tiles are optional (no network at run time by default): without them the map is a grid.
LAPOR_MAP_TILES = env("LAPOR_MAP_TILES", "")
LAPOR_MAP_ATTRIBUTION = env("LAPOR_MAP_ATTRIBUTION", "")
CSRF_FAILURE_VIEW = "lapor.web.citizen.views.csrf_failure"
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))  # for the file-based backend
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "LAPOR! <no-reply@lapor.invalid>")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "lapor.api.auth.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "lapor.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "lapor.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LAPOR! API",
    "DESCRIPTION": "SP4N-LAPOR! REST API v1",
    "VERSION": "1.0.0",
    # Swagger UI assets from the drf-spectacular-sidecar package: no CDN at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# Shared cache (idempotency guards, rate limits) on Redis when available.
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }

# --- background work (Huey): SQLite file by default, Redis with REDIS_URL -------------------
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": env("HUEY_NAME", "lapor"),
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": env_int("HUEY_WORKERS", 2, minimum=1), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "lapor",
        "filename": env("HUEY_FILE", str(DATA_DIR / "huey.sqlite3")),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": env_int("HUEY_WORKERS", 2, minimum=1), "worker_type": "thread"},
    }

# --- deadlines (DOMAIN.md, leg table); lengths are settings, never literals in code ----------
LAPOR_LEGS = {
    # name: (length, unit) — unit "working" (hari kerja) or "calendar" (hari kalender)
    "verification": (env_int("LAPOR_VERIFICATION_DAYS", 3, minimum=1), "working"),
    "follow_up": (env_int("LAPOR_FOLLOW_UP_DAYS", 5, minimum=1), "working"),
    "resolution": (None, "working"),  # the report's tier: 5 / 14 / 60
    "reporter_reply": (env_int("LAPOR_REPLY_DAYS", 10, minimum=1), "working"),
    "completeness": (env_int("LAPOR_COMPLETENESS_DAYS", 30, minimum=1), "calendar"),
    "overall": (
        env_int("LAPOR_OVERALL_DAYS", 60, minimum=1),
        "working" if env_bool("LAPOR_OVERALL_WORKING_DAYS", False) else "calendar",
    ),
}
LAPOR_RESOLUTION_TIERS = (5, 14, 60)
# Escalation ladder: (working days after the due moment, roles notified).
LAPOR_ESCALATION_LADDER = (
    (0, ("institution_admin",)),
    (env_int("LAPOR_ESCALATION_SECOND_DAYS", 2, minimum=1), ("supervisor", "national_admin")),
)
LAPOR_MAX_ATTACHMENT_BYTES = env_int("LAPOR_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024, minimum=1024)
LAPOR_MAX_ATTACHMENTS = env_int("LAPOR_MAX_ATTACHMENTS", 5, minimum=1)

# --- notifications ----------------------------------------------------------------------------
SMS_BACKEND = env("SMS_BACKEND", "log")  # "log" or "twilio"
if SMS_BACKEND not in ("log", "twilio"):
    raise ImproperlyConfigured(f"SMS_BACKEND={SMS_BACKEND!r}: use log or twilio")
TWILIO_ACCOUNT_SID = env("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = env("TWILIO_AUTH_TOKEN", "")
TWILIO_FROM = env("TWILIO_FROM", "")
TWILIO_API_URL = env("TWILIO_API_URL", "https://api.twilio.com")
if SMS_BACKEND == "twilio" and not (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN and TWILIO_FROM):
    raise ImproperlyConfigured(
        "SMS_BACKEND=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM"
    )
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 10, minimum=1)

# --- routing -----------------------------------------------------------------------------------
LAPOR_ROUTING_MODEL_DIR = Path(env("LAPOR_ROUTING_MODEL_DIR", str(DATA_DIR / "routing")))
# How often (seconds) each process checks for a newly trained routing model.
LAPOR_ROUTING_RELOAD_SECONDS = env_int("LAPOR_ROUTING_RELOAD_SECONDS", 30, minimum=0)
# Retrain from the disposition history every night (the worker's periodic task).
LAPOR_ROUTING_TRAIN_HOUR = env_int("LAPOR_ROUTING_TRAIN_HOUR", 2, minimum=0)
LAPOR_ROUTING_MIN_REPORTS = env_int("LAPOR_ROUTING_MIN_REPORTS", 50, minimum=2)
# Auto-disposition is off by default; the national admin switches it on per category
# (`lapor routing auto-dispose`), each with its own minimum confidence.
