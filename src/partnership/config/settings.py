"""Settings for Partnership, every one read from the environment with a safe default for a trial."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("PARTNERSHIP_HOME", SRC_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("PARTNERSHIP_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no setting from the environment."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """Read a whole-number setting from the environment."""
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated setting from the environment."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# "development" (default), "demo" or "production". Production turns on every transport protection.
ENVIRONMENT = os.environ.get("PARTNERSHIP_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
DEMO_MODE = env_bool("PARTNERSHIP_DEMO", ENVIRONMENT in {"development", "demo"})
DEBUG = env_bool("PARTNERSHIP_DEBUG", False)


def _secret_key() -> str:
    key = os.environ.get("PARTNERSHIP_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise RuntimeError("PARTNERSHIP_SECRET_KEY must be set in production.")
    # A trial installation keeps a random key in its own var folder so sessions survive restarts.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("PARTNERSHIP_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("PARTNERSHIP_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "govuk_frontend_django",
    "partnership.core",
    "partnership.access",
    "partnership.frontend",
    "partnership.plans",
    "partnership.children",
    "partnership.strategy",
    "partnership.frontdoor",
    "partnership.encompass",
    "partnership.measures",
    "partnership.audits",
    "partnership.records",
    "partnership.reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "partnership.frontend.methods.AllowedMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "partnership.access.middleware.SessionLifetimeMiddleware",
    "partnership.access.middleware.OTPMiddleware",
    "partnership.access.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "partnership.access.middleware.NoStoreMiddleware",
    "partnership.frontend.unavailable.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partnership.config.urls"
WSGI_APPLICATION = "partnership.config.wsgi.application"

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
                "partnership.frontend.context_processors.service",
            ],
        },
    },
]

# Database: the embedded SQLite file by default, PostgreSQL through DATABASE_URL.
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'partnership.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", DEFAULT_SQLITE), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "access.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if PRODUCTION and env_bool("PARTNERSHIP_FAST_HASHER"):
    raise RuntimeError("PARTNERSHIP_FAST_HASHER is for tests and the demo; it cannot be set in production.")
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if env_bool("PARTNERSHIP_FAST_HASHER")
    else ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
)
LOGIN_URL = "access:sign-in"
LOGIN_REDIRECT_URL = "frontend:home"

# Sessions: idle timeout and absolute lifetime (ASVS V7).
SESSION_IDLE_SECONDS = env_int("PARTNERSHIP_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("PARTNERSHIP_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "partnership_session"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "partnership.frontend.views.csrf_failure"

# Lockout after repeated failures (django-axes).
AXES_FAILURE_LIMIT = env_int("PARTNERSHIP_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = env_int("PARTNERSHIP_LOCKOUT_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_TEMPLATE = "access/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "token"]
# Lockout is per account on purpose: council staff share a few egress IP addresses, so an IP-based
# lockout would lock out a whole office after one person's mistakes. Two-factor covers the rest.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Single sign-on with OpenID Connect (docs/single-sign-on.md). Endpoints are explicit, never discovered at start-up,
# so a provider that is down cannot stop the service booting. On only when every value below is set; some but not
# all is "misconfigured": no button is offered and a system check warns.
PARTNERSHIP_LOCAL_SIGN_IN = env_bool("PARTNERSHIP_LOCAL_SIGN_IN", True)
PARTNERSHIP_OIDC_PROVIDER_NAME = os.environ.get("PARTNERSHIP_OIDC_PROVIDER_NAME", "Microsoft")
PARTNERSHIP_OIDC_MFA_VALUES = env_list("PARTNERSHIP_OIDC_MFA_VALUES", "mfa")
PARTNERSHIP_OIDC_ISSUER = os.environ.get("PARTNERSHIP_OIDC_ISSUER", "")
OIDC_RP_CLIENT_ID = os.environ.get("PARTNERSHIP_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("PARTNERSHIP_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("PARTNERSHIP_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("PARTNERSHIP_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("PARTNERSHIP_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("PARTNERSHIP_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("PARTNERSHIP_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_CREATE_USER = False
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env_int("PARTNERSHIP_OIDC_TIMEOUT_SECONDS", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "access:oidc-callback"
OIDC_STORE_ID_TOKEN = False
OIDC_STORE_ACCESS_TOKEN = False

OTP_TOTP_ISSUER = os.environ.get("PARTNERSHIP_SERVICE_NAME", "Partnership")
OTP_TOTP_THROTTLE_FACTOR = 1

# Transport protection: on in production, where every connection is HTTPS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("PARTNERSHIP_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # An API call over plain HTTP is not redirected (its token has already crossed the wire): the proxy refuses it.
    SECURE_REDIRECT_EXEMPT = [r"^api/"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("PARTNERSHIP_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_NAME = "__Host-partnership_session"
    # Every cookie is a __Host- cookie (HTTPS only, this host only, the whole site): the CSRF token by name, and
    # flash messages kept in the session instead of a cookie of their own.
    CSRF_COOKIE_NAME = "__Host-partnership_csrf"
    MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("PARTNERSHIP_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(os.environ.get("PARTNERSHIP_MEDIA_ROOT", VAR_DIR / "media"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "partnership.access.authentication.BearerTokenAuthentication",
        "partnership.access.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "partnership.core.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Partnership API",
    "DESCRIPTION": "The REST API of Partnership: the improvement plan and the multi-agency practice it measures.",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"BragEnum": "partnership.plans.models.Brag"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "partnership.core.problem_schema.document_problems",
    ],
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("PARTNERSHIP_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

EMAIL_BACKEND = os.environ.get("PARTNERSHIP_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("PARTNERSHIP_FROM_EMAIL", "partnership@example.org")

PARTNERSHIP_BASE_URL = os.environ.get("PARTNERSHIP_BASE_URL", "http://127.0.0.1:8000")
# Reminders of missing quarterly updates: days before and after the deadline.
PARTNERSHIP_REMINDER_DAYS_BEFORE = [int(d) for d in env_list("PARTNERSHIP_REMINDER_DAYS_BEFORE", "7,2")]
PARTNERSHIP_REMINDER_DAYS_AFTER = [int(d) for d in env_list("PARTNERSHIP_REMINDER_DAYS_AFTER", "1,7")]
PARTNERSHIP_EVIDENCE_MAX_BYTES = env_int("PARTNERSHIP_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# How long a worker that claimed a notification may take to send it before another worker may take it over.
PARTNERSHIP_OUTBOX_LEASE_SECONDS = env_int("PARTNERSHIP_OUTBOX_LEASE_SECONDS", 300)
# A failed send is tried again after base × 2^(tries − 1) seconds, never more than the cap.
PARTNERSHIP_OUTBOX_RETRY_BASE_SECONDS = env_int("PARTNERSHIP_OUTBOX_RETRY_BASE_SECONDS", 60)
PARTNERSHIP_OUTBOX_RETRY_CAP_SECONDS = env_int("PARTNERSHIP_OUTBOX_RETRY_CAP_SECONDS", 3600)
# E-mail delivery: "django" (EMAIL_BACKEND above) or "notify" (GOV.UK Notify; see docs/notify.md).
PARTNERSHIP_EMAIL_DELIVERY = os.environ.get("PARTNERSHIP_EMAIL_DELIVERY", "django").strip().lower()
PARTNERSHIP_NOTIFY_API_KEY = os.environ.get("PARTNERSHIP_NOTIFY_API_KEY", "")
PARTNERSHIP_NOTIFY_BASE_URL = os.environ.get("PARTNERSHIP_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
PARTNERSHIP_NOTIFY_TEMPLATE_ID = os.environ.get("PARTNERSHIP_NOTIFY_TEMPLATE_ID", "")
PARTNERSHIP_NOTIFY_TEMPLATES = os.environ.get("PARTNERSHIP_NOTIFY_TEMPLATES", "")  # "kind=template-id,..." or JSON
PARTNERSHIP_NOTIFY_REPLY_TO_ID = os.environ.get("PARTNERSHIP_NOTIFY_REPLY_TO_ID", "")
PARTNERSHIP_NOTIFY_TIMEOUT_SECONDS = env_int("PARTNERSHIP_NOTIFY_TIMEOUT_SECONDS", 30)
# Delivery statuses: asked for no more often than every N minutes per message, at most a batch per worker cycle.
PARTNERSHIP_NOTIFY_STATUS_MINUTES = env_int("PARTNERSHIP_NOTIFY_STATUS_MINUTES", 5)
PARTNERSHIP_NOTIFY_STATUS_BATCH = env_int("PARTNERSHIP_NOTIFY_STATUS_BATCH", 50)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SERVICE_NAME = os.environ.get("PARTNERSHIP_SERVICE_NAME", "Partnership")
PARTNERSHIP_AREA = os.environ.get("PARTNERSHIP_AREA", "County Durham")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "partnership": {"handlers": ["console"], "level": os.environ.get("PARTNERSHIP_LOG_LEVEL", "INFO")},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # Server errors: the method, path and traceback (never the request body), whether DEBUG is on or off.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Children's records
# Roles that see every child's record (the front door triages every contact); others need their agency involved.
PARTNERSHIP_CHILD_RECORD_ROLES = env_list("PARTNERSHIP_CHILD_RECORD_ROLES", "front_door")
PARTNERSHIP_BREAK_GLASS_HOURS = env_int("PARTNERSHIP_BREAK_GLASS_HOURS", 4)
PARTNERSHIP_NO_VOICE_MONTHS = env_int("PARTNERSHIP_NO_VOICE_MONTHS", 3)
PARTNERSHIP_UNBORN_REFERRAL_WEEKS = env_int("PARTNERSHIP_UNBORN_REFERRAL_WEEKS", 16)
PARTNERSHIP_PREBIRTH_CONFERENCE_WEEKS = env_int("PARTNERSHIP_PREBIRTH_CONFERENCE_WEEKS", 30)

# Strategy meetings
PARTNERSHIP_STRATEGY_CONVENE_HOURS = env_int("PARTNERSHIP_STRATEGY_CONVENE_HOURS", 24)
PARTNERSHIP_STRATEGY_SHARE_WORKING_DAYS = env_int("PARTNERSHIP_STRATEGY_SHARE_WORKING_DAYS", 1)
PARTNERSHIP_STRATEGY_REMINDER_HOURS = env_int("PARTNERSHIP_STRATEGY_REMINDER_HOURS", 4)
PARTNERSHIP_ICPC_WORKING_DAYS = env_int("PARTNERSHIP_ICPC_WORKING_DAYS", 15)
PARTNERSHIP_ASSESSMENT_WORKING_DAYS = env_int("PARTNERSHIP_ASSESSMENT_WORKING_DAYS", 45)
# Short names of the agencies every meeting invites; empty means the first children's social care, police and
# health agency.
PARTNERSHIP_STRATEGY_REQUIRED_AGENCIES = env_list("PARTNERSHIP_STRATEGY_REQUIRED_AGENCIES", "")

# Front door and MASH
PARTNERSHIP_CONTACT_DECISION_WORKING_DAYS = env_int("PARTNERSHIP_CONTACT_DECISION_WORKING_DAYS", 1)
# Research deadlines by priority: hours, counted on the clock (day and night) or in working hours (09:00-17:00).
PARTNERSHIP_MASH_RESEARCH_DEADLINES = os.environ.get(
    "PARTNERSHIP_MASH_RESEARCH_DEADLINES", "red:4:clock,amber:24:working,green:72:clock"
)
# Children living in the area, for rates per 10,000 children.
PARTNERSHIP_CHILD_POPULATION = env_int("PARTNERSHIP_CHILD_POPULATION", 101000)

# Operation Encompass
# When a school day starts where a setting does not say (HH:MM, Europe/London).
PARTNERSHIP_ENCOMPASS_DAY_STARTS = os.environ.get("PARTNERSHIP_ENCOMPASS_DAY_STARTS", "08:45")
# Hours after the deadline to chase an unacknowledged notification, then to escalate it.
PARTNERSHIP_ENCOMPASS_CHASE_HOURS = env_int("PARTNERSHIP_ENCOMPASS_CHASE_HOURS", 1)
PARTNERSHIP_ENCOMPASS_ESCALATE_HOURS = env_int("PARTNERSHIP_ENCOMPASS_ESCALATE_HOURS", 6)
# Where exceptions and escalations go at the council; empty means the children's social care agency's contact.
PARTNERSHIP_ENCOMPASS_COUNCIL_EMAIL = os.environ.get("PARTNERSHIP_ENCOMPASS_COUNCIL_EMAIL", "")
# School ages: a child outside them with no setting recorded needs no notification (DOMAIN: reception to 17).
PARTNERSHIP_ENCOMPASS_MIN_AGE = env_int("PARTNERSHIP_ENCOMPASS_MIN_AGE", 4)
PARTNERSHIP_ENCOMPASS_MAX_AGE = env_int("PARTNERSHIP_ENCOMPASS_MAX_AGE", 17)
