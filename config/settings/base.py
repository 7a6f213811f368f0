"""Settings for every environment. Production differs only by environment variables."""

from datetime import time
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import env_bool, env_int, env_list, env_str, load_dotenv
from missionled.scheduling.rules import Blackout, SlotTimes, blackouts_parse, slot_bounds_parse

BASE_DIR = Path(__file__).resolve().parent.parent.parent
load_dotenv(BASE_DIR / ".env")

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "ninja",
    "missionled.core",
    "missionled.organisations",
    "missionled.catalogue",
    "missionled.api",
    "missionled.missions",
    "missionled.cohorts",
    "missionled.enrolments",
    "missionled.learning",
    "missionled.evaluation",
    "missionled.reporting",
    "missionled.facilitation",
    "missionled.notifications",
    "missionled.attendance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "organisations.User"
LOGIN_URL = "core:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "missionled.core.context_processors.service",
            ],
        },
    },
]


def _database_from_url(url: str) -> dict[str, object]:
    """PostgreSQL keeps connections open (a new one per request was 11x slower when measured);
    SQLite runs in WAL mode and takes its write lock at BEGIN, so concurrent writers queue
    instead of failing with "database is locked"."""
    config: dict[str, object] = dict(
        dj_database_url.parse(url, conn_max_age=env_int("CONN_MAX_AGE", 600))
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        name = str(config["NAME"])
        if name and name != ":memory:":
            # The embedded database lives under var/, which a fresh clone does not have yet.
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    else:
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'missionled.sqlite3'}")
DATABASES = {"default": _database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Background work: Django's tasks framework on the database by default (no extra server);
# TASKS_BACKEND=rq moves it to Redis (REDIS_URL) to scale out.
if env_str("TASKS_BACKEND", "database") == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": env_str("REDIS_URL", "redis://127.0.0.1:6379/0")}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Email: SMTP to EMAIL_HOST when set; otherwise the console while DEBUG, and the machine's own
# mail server (localhost:25) in production.
if env_str("EMAIL_HOST", "") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=False),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "missionled <noreply@missionled.localhost>")

# No inline script anywhere: every script is a file served from our own origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Behind a TLS-terminating load balancer in production; on by default, off for local runs.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"


def _slot_from_env(name: str, default: str) -> tuple[time, time]:
    value = env_str(name, default)
    try:
        return slot_bounds_parse(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is malformed: {exc} (see docs/envvars.md)") from exc


def _slot_times_from_env() -> SlotTimes:
    morning = _slot_from_env("SESSION_MORNING", "09:30-13:00")
    afternoon = _slot_from_env("SESSION_AFTERNOON", "13:30-17:00")
    if morning[1] > afternoon[0]:
        raise ImproperlyConfigured(
            "SESSION_MORNING must end by the time SESSION_AFTERNOON starts (see docs/envvars.md)."
        )
    return SlotTimes(*morning, *afternoon)


def _blackouts_from_env() -> tuple[Blackout, ...]:
    try:
        return blackouts_parse(
            env_str("SCHEDULING_BLACKOUTS", "12-24:01-01 Christmas and New Year")
        )
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"SCHEDULING_BLACKOUTS is malformed: {exc} (see docs/envvars.md)"
        ) from exc


# The calendar every cohort is scheduled on, parsed once here so that a malformed value stops
# start-up instead of surfacing at the first booking confirmed.
SCHEDULING_SLOT_TIMES = _slot_times_from_env()
SCHEDULING_BLACKOUTS = _blackouts_from_env()

SERVICE_NAME = "Mission-led Government leadership programme"
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
