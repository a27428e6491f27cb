"""The one settings module: safe laptop defaults, no insecure default in production."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from qstrong.core.env import env_bool, env_int, env_list, env_secret, env_str
from qstrong.ops.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("QSTRONG_VAR_DIR", str(BASE_DIR / "var")))

QSTRONG_ENV = env_str("QSTRONG_ENV", "development")
PRODUCTION = QSTRONG_ENV == "production"

# A development key is only ever used off production; production refuses to start without one.
SECRET_KEY = env_secret(
    "QSTRONG_SECRET_KEY",
    required=PRODUCTION,
    fallback="dev-only-not-secret-qstrong-laptop-key-0123456789abcdef",
)
DEBUG = False if PRODUCTION else env_bool("QSTRONG_DEBUG", default=True)
ALLOWED_HOSTS = env_list(
    "QSTRONG_ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("QSTRONG_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # The stock widget templates, for FORM_RENDERER below.
    "django.forms",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "qstrong.core",
    "qstrong.accounts",
    "qstrong.registry",
    "qstrong.policies",
    "qstrong.portal",
    "qstrong.casework",
    "qstrong.quality",
    "qstrong.foodsafety",
    "qstrong.insights",
    "qstrong.nqi",
    "qstrong.ops",
    "qstrong.handbooks",
    "qstrong.changes",
]

MIDDLEWARE = [
    # Outermost: request id, request log and latency metrics; answers /healthz, /readyz, /metrics.
    "qstrong.ops.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "qstrong.accounts.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "qstrong.accounts.middleware.IdleTimeoutMiddleware",
    "qstrong.accounts.middleware.AccountPolicyMiddleware",
    "qstrong.core.middleware.SecurityAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "qstrong.core.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "qstrong.urls"
# Forms render with the project's template engine (its cached loader); selects are written in
# Python (qstrong/core/form_renderer.py: the stock template includes a template per option).
FORM_RENDERER = "qstrong.core.form_renderer.FormRenderer"
WSGI_APPLICATION = "qstrong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "qstrong" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qstrong.core.context_processors.site",
                "qstrong.accounts.context_processors.permissions",
                "qstrong.ops.context_processors.ops_nav",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'qstrong.sqlite3'}"),
        conn_max_age=env_int("QSTRONG_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server read while the worker writes an import.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's price of a random page read. PostgreSQL's default (4) assumes spinning
    # disks; on SSD storage 1.1 is the usual setting, and without it a county's push list walks
    # the province's pushes in time order instead of reading its own index (ADR 0019).
    # An empty value leaves the server's setting alone.
    _page_cost = env_str("QSTRONG_PG_RANDOM_PAGE_COST", "1.1")
    if _page_cost:
        try:
            float(_page_cost)
        except ValueError as _exc:
            raise ImproperlyConfigured(
                f"QSTRONG_PG_RANDOM_PAGE_COST must be a number, not {_page_cost!r}"
            ) from _exc
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = (
            f"{_options.get('options', '')} -c random_page_cost={_page_cost}".strip()
        )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "qstrong.accounts.validators.ComplexityValidator"},
    {"NAME": "qstrong.accounts.validators.PasswordHistoryValidator"},
]
# A new password may not be one of the last N; a password older than the maximum age must be
# changed before anything else (0 turns expiry off).
QSTRONG_PASSWORD_HISTORY = env_int("QSTRONG_PASSWORD_HISTORY", 5)
QSTRONG_PASSWORD_MAX_AGE_DAYS = env_int("QSTRONG_PASSWORD_MAX_AGE_DAYS", 90)
# Roles that must use the second factor (TOTP) unless the security administrator decides
# otherwise per role (TwoFactorPolicy): in production every administrator role.
QSTRONG_OTP_REQUIRED_ROLES = env_list(
    "QSTRONG_OTP_REQUIRED_ROLES", ["admin", "security_admin", "audit_admin"] if PRODUCTION else []
)
OTP_TOTP_ISSUER = "qstrong"
# Rate limits (django-ratelimit, counted in the cache: Redis in production), "count/period".
QSTRONG_RATE_LOGIN_PER_ADDRESS = env_str("QSTRONG_RATE_LOGIN_PER_ADDRESS", "30/10m")
QSTRONG_RATE_LOGIN_PER_ACCOUNT = env_str("QSTRONG_RATE_LOGIN_PER_ACCOUNT", "10/10m")
QSTRONG_RATE_PASSWORD_PER_ADDRESS = env_str("QSTRONG_RATE_PASSWORD_PER_ADDRESS", "10/10m")
QSTRONG_RATE_CALCULATOR_PER_ADDRESS = env_str("QSTRONG_RATE_CALCULATOR_PER_ADDRESS", "60/m")
QSTRONG_LOCKOUT_FAILURES = env_int("QSTRONG_LOCKOUT_FAILURES", 5)
QSTRONG_LOCKOUT_MINUTES = env_int("QSTRONG_LOCKOUT_MINUTES", 15)
QSTRONG_IDLE_TIMEOUT_SECONDS = env_int("QSTRONG_IDLE_TIMEOUT_SECONDS", 30 * 60)

# The security trail's HMAC key (falls back to one derived from SECRET_KEY; set it explicitly in
# production so that rotating SECRET_KEY does not orphan the chain).
QSTRONG_AUDIT_KEY = env_secret("QSTRONG_AUDIT_KEY", required=False)
# Security events are kept at least this long (GB/T 22239 level 3: ≥ 6 months); the application
# has no deletion path at all, so this is the floor for the DBA's archiving, never a purge.
QSTRONG_AUDIT_RETENTION_DAYS = max(183, env_int("QSTRONG_AUDIT_RETENTION_DAYS", 365))
# Behind nginx: take the client address from the right-most X-Forwarded-For entry.
QSTRONG_BEHIND_PROXY = env_bool("QSTRONG_BEHIND_PROXY", default=PRODUCTION)

SESSION_COOKIE_AGE = QSTRONG_IDLE_TIMEOUT_SECONDS
# Saved when it changes: IdleTimeoutMiddleware touches it once a minute (LAST_SEEN_RESOLUTION),
# which renews the expiry; saving on every request cost each page view an UPDATE and a commit.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_HSTS_SECONDS = env_int("QSTRONG_HSTS_SECONDS", 31536000)
    SECURE_SSL_REDIRECT = env_bool("QSTRONG_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "qstrong" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("QSTRONG_STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [BASE_DIR / "qstrong" / "static"]
# Front-end packages come from npm (package-lock.json) and are served by Django: no CDN.
NODE_MODULES = BASE_DIR / "node_modules"
if NODE_MODULES.exists():
    STATICFILES_DIRS.append(("vendor", NODE_MODULES))
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # Off production WhiteNoise serves through the finders; an empty root keeps it quiet.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env_str("QSTRONG_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
QSTRONG_IMPORT_MAX_BYTES = env_int("QSTRONG_IMPORT_MAX_BYTES", 512 * 1024 * 1024)
QSTRONG_EXPORT_INLINE_MAX = env_int("QSTRONG_EXPORT_INLINE_MAX", 5000)
# Where the handbook renderer finds Noto Serif / Sans CJK (Debian: fonts-noto-cjk).
QSTRONG_HANDBOOK_FONT_DIRS = env_str(
    "QSTRONG_HANDBOOK_FONT_DIRS", "/usr/share/fonts/opentype/noto"
).split(":")

TASKS = {
    "default": {
        "BACKEND": env_str("QSTRONG_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}
        if env_str("REDIS_URL")
        # The web server and the worker are separate processes: share progress through files.
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    )
}

EMAIL_BACKEND = env_str(
    "QSTRONG_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("QSTRONG_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("QSTRONG_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("QSTRONG_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_secret("QSTRONG_EMAIL_PASSWORD", required=False)
EMAIL_USE_TLS = env_bool("QSTRONG_EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("QSTRONG_EMAIL_FROM", "noreply@qstrong.local")
# Uploads of outreach photos and case evidence are refused above these sizes.
QSTRONG_CASEWORK_PHOTO_MAX_BYTES = env_int("QSTRONG_CASEWORK_PHOTO_MAX_BYTES", 5 * 1024 * 1024)
QSTRONG_CASEWORK_FILE_MAX_BYTES = env_int("QSTRONG_CASEWORK_FILE_MAX_BYTES", 20 * 1024 * 1024)
# An approved base map (GeoJSON with 审图号) replaces the schematic map of Shanxi when set.
QSTRONG_BASE_MAP_PATH = env_str("QSTRONG_BASE_MAP_PATH", "")
# Absolute links in emails (push digests, task reminders), e.g. https://qstrong.scjgj.shanxi.gov.cn
QSTRONG_SITE_URL = env_str("QSTRONG_SITE_URL", "")

NINJA_PAGINATION_PER_PAGE = 50

# One JSON object per line in production (for the log collector), readable text on a laptop;
# every record carries the request id, the user id and the path of the request it belongs to.
LOGGING = logging_config(
    log_format=env_str("QSTRONG_LOG_FORMAT", "json" if PRODUCTION else "text"),
    level=env_str("QSTRONG_LOG_LEVEL", "INFO"),
)

# /metrics answers a bearer token or a listed address (the connection's own, never a forwarded
# header). Behind nginx on the same host every visitor comes from 127.0.0.1: production lists no
# address by default, and the nginx example refuses /metrics from outside.
QSTRONG_METRICS_ALLOW_IPS = env_list(
    "QSTRONG_METRICS_ALLOW_IPS", [] if PRODUCTION else ["127.0.0.1", "::1"]
)
QSTRONG_METRICS_TOKEN = env_secret("QSTRONG_METRICS_TOKEN", required=False)

# Scheduled work (cron expressions in TIME_ZONE; "off" switches a job off). `qstrong scheduler`
# fires them; any number of schedulers may run, each slot fires once (ops.ScheduledRun).
QSTRONG_SCHEDULE_MATCH = env_str("QSTRONG_SCHEDULE_MATCH", "30 1 * * *")
QSTRONG_SCHEDULE_REMIND_TASKS = env_str("QSTRONG_SCHEDULE_REMIND_TASKS", "0 7 * * *")
QSTRONG_SCHEDULE_PRUNE_EXPORTS = env_str("QSTRONG_SCHEDULE_PRUNE_EXPORTS", "0 3 * * *")
# Lapsed certificates leave eligibility before the nightly match (docs/nqi.md).
QSTRONG_SCHEDULE_CERTIFICATES_EXPIRE = env_str("QSTRONG_SCHEDULE_CERTIFICATES_EXPIRE", "0 1 * * *")
# A slot missed while no scheduler ran still fires if it is at most this old.
QSTRONG_SCHEDULE_GRACE_MINUTES = env_int("QSTRONG_SCHEDULE_GRACE_MINUTES", 60)
QSTRONG_SCHEDULER_INTERVAL_SECONDS = env_int("QSTRONG_SCHEDULER_INTERVAL_SECONDS", 20)

SITE_NAME = _("质量强企强链强县服务平台")

# Matching engine (docs/scale.md, ADR 0017): "polars" on this host, or "spark" on a cluster. A run
# may choose its own (`qstrong match --engine spark`); single-enterprise re-matches stay local.
QSTRONG_MATCH_ENGINE = env_str("QSTRONG_MATCH_ENGINE", "polars")
# The Spark master: local[N] in-process, or spark://host:7077 for a standalone cluster.
QSTRONG_SPARK_MASTER = env_str("QSTRONG_SPARK_MASTER", "local[2]")
# Where the cluster reads the profiles: "" (PostgreSQL over JDBC, partitioned by region, when the
# database is PostgreSQL and the driver jar is there; else an export to Parquet), "export",
# "parquet:/path/to/profiles" or "table:db.profiles" (a Hive/catalog table in the engine's schema).
QSTRONG_SPARK_PROFILES = env_str("QSTRONG_SPARK_PROFILES", "")
# The PostgreSQL JDBC driver (Debian's libpostgresql-jdbc-java installs it here).
QSTRONG_SPARK_JDBC_JAR = env_str("QSTRONG_SPARK_JDBC_JAR", "/usr/share/java/postgresql.jar")
# JDBC partitions of the profile read (ranges of city codes); 0 = twice the cluster's cores.
QSTRONG_SPARK_PARTITIONS = env_int("QSTRONG_SPARK_PARTITIONS", 0)
# A directory the driver, the executors and this process all see (a shared mount on a cluster):
# exports in, changed pairs out; each run uses and removes its own subdirectory.
QSTRONG_SPARK_EXCHANGE_DIR = env_str("QSTRONG_SPARK_EXCHANGE_DIR", str(VAR_DIR / "spark"))
# More Spark configuration, "key=value,key=value" (ports, memory, spark.sql.shuffle.partitions).
QSTRONG_SPARK_CONF = env_list("QSTRONG_SPARK_CONF", [])
