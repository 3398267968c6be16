"""Guichet settings: one module, every knob read from the environment (12-factor).

Development defaults are safe for a laptop (SQLite, files instead of e-mails and SMS). With
GUICHET_ENV=production the process refuses to start on an insecure secret key or with DEBUG on.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from guichet.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent


GUICHET_ENV = env_choice("GUICHET_ENV", "development", ("development", "production"))
IS_PRODUCTION = GUICHET_ENV == "production"

DEV_SECRET_KEY = "django-insecure-guichet-development-only-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", not IS_PRODUCTION)

if IS_PRODUCTION:
    if (
        SECRET_KEY == DEV_SECRET_KEY
        or SECRET_KEY.startswith("django-insecure")
        or len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
    ):
        raise ImproperlyConfigured(
            "GUICHET_ENV=production exige une variable SECRET_KEY aléatoire d'au moins 50 caractères."
        )
    if DEBUG:
        raise ImproperlyConfigured("GUICHET_ENV=production interdit DEBUG=true.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if IS_PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "dsfr",
    "widget_tweaks",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "guichet.core",
    "guichet.accounts",
    "guichet.procedures",
    "guichet.instruction",
    "guichet.mandates",
    "guichet.mediation",
    "guichet.screening",
    "guichet.places",
    "guichet.appointments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed (a result page: 40 KiB → 6 KiB on a weak connection). Django pads each
    # compressed response with random bytes against BREACH, and its CSRF tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    "guichet.core.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "guichet.core.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "guichet.core.nul_characters.RefuseNulCharactersMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "guichet.accounts.session_expiry.StaffSessionExpiryMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "guichet.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "guichet.core.middleware.GuichetErrorMiddleware",
]

ROOT_URLCONF = "guichet.urls"
ADMIN_URL = env_str("ADMIN_URL", "administration/")
WSGI_APPLICATION = "guichet.wsgi.application"

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
                "csp.context_processors.nonce",
                "guichet.core.context_processors.guichet",
            ],
        },
    },
]

# Database: SQLite by default (no service needed), PostgreSQL when DATABASE_URL says so.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'guichet.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout so the web process and the task worker can share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "guichet.accounts.backends.EmailOrIdentifierBackend",
    "guichet.accounts.oidc.IdentityProviderBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/comptes/accueil/"
LOGOUT_REDIRECT_URL = "core:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "guichet.accounts.passwords.BreachedPasswordValidator"},
]
# Argon2id (OWASP's first choice); PBKDF2 still checks passwords stored before, upgraded at sign-in.
PASSWORD_HASHERS = env_list(
    "PASSWORD_HASHERS",
    "guichet.accounts.passwords.Argon2idHasher,django.contrib.auth.hashers.PBKDF2PasswordHasher",
)
GUICHET_ARGON2 = {  # OWASP's baseline; raise them where the servers can afford it
    "time_cost": env_int("GUICHET_ARGON2_TIME_COST", 2),
    "memory_kib": env_int("GUICHET_ARGON2_MEMORY_KIB", 19 * 1024),
    "parallelism": env_int("GUICHET_ARGON2_PARALLELISM", 1),
}

# Failed-login throttling (django-axes), per account whatever spelling was typed (accounts/lockout.py).
# The holder unlocks at once by resetting the password through their own channel.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "guichet.accounts.lockout.axes_username"
AXES_CLIENT_IP_CALLABLE = "guichet.accounts.lockout.client_address"
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
# Per account on purpose: a France Services or a médiathèque goes out through one address, which a
# per-address lock would close for everyone there (docs/exploitation.md, `axes.W006`).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Reverse proxies whose X-Forwarded-For is believed (addresses, comma-separated); nobody else's is.
GUICHET_TRUSTED_PROXIES = env_list("GUICHET_TRUSTED_PROXIES", "")
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Optional sign-in with an identity provider (FranceConnect or any OpenID Connect provider), never
# required. Off while OIDC_RP_CLIENT_ID is empty.
GUICHET_OIDC_PROVIDER_NAME = env_str("GUICHET_OIDC_PROVIDER_NAME", "FranceConnect")
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid profile email")
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", True)
OIDC_AUTHENTICATE_CLASS = "guichet.accounts.oidc.AuthenticationRequestView"
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
LOGIN_REDIRECT_URL_FAILURE = "/comptes/connexion/?echec_identification=1"

# Two-factor authentication (django-otp, TOTP).
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Guichet")
GUICHET_ROLES_REQUIRING_2FA = ("agent", "aidant", "responsable")
# Staff sessions (the roles above): signed out after this much inactivity, and after this length at most.
GUICHET_STAFF_SESSION_IDLE_MINUTES = env_int("GUICHET_STAFF_SESSION_IDLE_MINUTES", 30)
GUICHET_STAFF_SESSION_MAX_HOURS = env_int("GUICHET_STAFF_SESSION_MAX_HOURS", 10)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "guichet" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", BASE_DIR / "var" / "static"))
# Documents (attachments, personal folders) are encrypted at rest: see guichet/core/encryption.py.
# Fernet keys separated by commas; the first encrypts, every one decrypts (rotation: rotate_document_key).
GUICHET_DOCUMENT_KEYS = env_list("GUICHET_DOCUMENT_KEYS", "")
if IS_PRODUCTION and not GUICHET_DOCUMENT_KEYS:
    raise ImproperlyConfigured(
        "GUICHET_ENV=production exige GUICHET_DOCUMENT_KEYS (clé Fernet : "
        "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')."
    )
STORAGES = {
    "default": {"BACKEND": "guichet.core.encryption.EncryptedFileSystemStorage"},
    "staticfiles": {
        # Hashed names (cached for a year, immutable) and brotli/gzip copies made by collectstatic;
        # whitenoise serves them. GUICHET_STATIC_COMPRESSED=1 does the same outside production (benchmark).
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("GUICHET_STATIC_COMPRESSED", IS_PRODUCTION)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)

# Interface theme: "dsfr" is reserved to State services; "neutre" carries no Marianne and no State logo.
GUICHET_THEME = env_str("GUICHET_THEME", "dsfr")
if GUICHET_THEME not in {"dsfr", "neutre"}:
    raise ImproperlyConfigured("GUICHET_THEME doit valoir « dsfr » ou « neutre ».")
# "sous-ensemble": the DSFR rules the pages use (core/dsfr_subset.py, ~20 KiB compressed); "complet": DSFR's
# whole stylesheets (~130 KiB compressed), kept to measure the difference (bench/page_weight.py).
GUICHET_DSFR_CSS = env_str("GUICHET_DSFR_CSS", "sous-ensemble")
if GUICHET_DSFR_CSS not in {"sous-ensemble", "complet"}:
    raise ImproperlyConfigured("GUICHET_DSFR_CSS doit valoir « sous-ensemble » ou « complet ».")
GUICHET_SERVICE_NAME = env_str("GUICHET_SERVICE_NAME", "Guichet")
# The address people type to reach the service, printed in documents issued outside a request (receipts).
GUICHET_PUBLIC_URL = env_str("GUICHET_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
GUICHET_OPERATOR_NAME = env_str("GUICHET_OPERATOR_NAME", "Ville de Villeneuve-sur-Lot")
DSFR_MARK_OPTIONAL_FIELDS = True

# Notifications: e-mail, SMS and postal letters. Development writes every message to files.
NOTIFICATIONS_DIR = Path(env_str("NOTIFICATIONS_DIR", BASE_DIR / "var" / "notifications"))
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = NOTIFICATIONS_DIR / "email"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Guichet <ne-pas-repondre@guichet.localhost>")
GUICHET_SMS_BACKEND = env_str("GUICHET_SMS_BACKEND", "guichet.core.notifications.backends.FileSmsBackend")
GUICHET_LETTER_BACKEND = env_str(
    "GUICHET_LETTER_BACKEND", "guichet.core.notifications.backends.PdfLetterBackend"
)
# SMS providers (guichet/core/notifications/providers.py), used when GUICHET_SMS_BACKEND names one.
GUICHET_SMS_SENDER = env_str("GUICHET_SMS_SENDER", "Guichet")
GUICHET_SMS_TIMEOUT = env_int("GUICHET_SMS_TIMEOUT", 10, minimum=1)
GUICHET_SMS_MAX_ATTEMPTS = env_int("GUICHET_SMS_MAX_ATTEMPTS", 5, minimum=1)
# Secret part of the address where the provider posts its delivery receipts (/notifications/accuses/…).
GUICHET_SMS_RECEIPT_TOKEN = env_str("GUICHET_SMS_RECEIPT_TOKEN", "")
BREVO_API_URL = env_str("BREVO_API_URL", "https://api.brevo.com/v3")
BREVO_API_KEY = env_str("BREVO_API_KEY", "")
OVH_API_URL = env_str("OVH_API_URL", "https://eu.api.ovh.com/1.0")
OVH_SMS_SERVICE_NAME = env_str("OVH_SMS_SERVICE_NAME", "")
OVH_APPLICATION_KEY = env_str("OVH_APPLICATION_KEY", "")
OVH_APPLICATION_SECRET = env_str("OVH_APPLICATION_SECRET", "")
OVH_CONSUMER_KEY = env_str("OVH_CONSUMER_KEY", "")

# Audit journal: where `export_journal_head` appends the daily head hash (copy it to another machine).
JOURNAL_EXPORT_DIR = Path(env_str("JOURNAL_EXPORT_DIR", BASE_DIR / "var" / "journal"))

# Background jobs (django-tasks): the database backend, a worker started by `make run`.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Personal data (RGPD): modules declaring what they hold (see guichet/core/privacy), and how long it is
# kept before `manage.py apply_retention` (run daily) deletes or pseudonymises it.
# Erasure runs through them in reverse order, so the account (accounts) is deleted last.
GUICHET_PRIVACY_PROVIDERS = [
    "guichet.accounts.privacy",
    "guichet.core.privacy_provider",
    "guichet.procedures.privacy",
    "guichet.instruction.privacy",
    "guichet.mandates.privacy",
    "guichet.mediation.privacy",
    "guichet.appointments.privacy",
    "guichet.places.privacy",
]
GUICHET_RETENTION_DRAFT_DAYS = env_int("GUICHET_RETENTION_DRAFT_DAYS", 180)
GUICHET_RETENTION_ATTACHMENT_DAYS = env_int("GUICHET_RETENTION_ATTACHMENT_DAYS", 365)
GUICHET_RETENTION_FOLLOWUP_CODE_DAYS = env_int("GUICHET_RETENTION_FOLLOWUP_CODE_DAYS", 365)
GUICHET_RETENTION_CLOSED_DOSSIER_YEARS = env_int("GUICHET_RETENTION_CLOSED_DOSSIER_YEARS", 5)
GUICHET_RETENTION_NOTIFICATION_DAYS = env_int("GUICHET_RETENTION_NOTIFICATION_DAYS", 365)
GUICHET_RETENTION_APPOINTMENT_DAYS = env_int("GUICHET_RETENTION_APPOINTMENT_DAYS", 365)
GUICHET_RETENTION_REFERRAL_DAYS = env_int("GUICHET_RETENTION_REFERRAL_DAYS", 365)
GUICHET_RETENTION_IDENTITY_LINK_DAYS = env_int("GUICHET_RETENTION_IDENTITY_LINK_DAYS", 3 * 365)
GUICHET_RETENTION_LOGIN_LOG_DAYS = env_int("GUICHET_RETENTION_LOGIN_LOG_DAYS", 90)
GUICHET_RETENTION_CONSENT_CODE_DAYS = env_int("GUICHET_RETENTION_CONSENT_CODE_DAYS", 30)
GUICHET_RETENTION_MANDATE_YEARS = env_int("GUICHET_RETENTION_MANDATE_YEARS", 5)
GUICHET_RETENTION_MEDIATION_YEARS = env_int("GUICHET_RETENTION_MEDIATION_YEARS", 3)

# A job still « running » after this long was abandoned by a dead worker: requeue_abandoned_tasks reruns it.
GUICHET_TASK_ABANDONED_MINUTES = env_int("GUICHET_TASK_ABANDONED_MINUTES", 15)

# Demo data loaded by `manage.py load_demo`, module by module, in this order.
GUICHET_DEMO_LOADERS = [
    "guichet.accounts.demo.load_demo",
    "guichet.procedures.demo.load_demo",
    "guichet.instruction.demo.load_demo",
    "guichet.mandates.demo.load_demo",
    "guichet.mediation.demo.load_demo",
    "guichet.screening.demo.load_demo",
    "guichet.places.demo.load_demo",
    "guichet.appointments.demo.load_demo",
]

# Rights screening: caseload files (personal data of many households) are deleted after this many days
# (`manage.py purge_screening`, daily); the same delay applies to questionnaires without a usager account.
SCREENING_RETENTION_DAYS = env_int("SCREENING_RETENTION_DAYS", 30)
SCREENING_CASELOAD_MAX_MB = env_int("SCREENING_CASELOAD_MAX_MB", 50)
# Each web process loads and warms OpenFisca-France in a background thread as it starts (guichet/wsgi.py),
# so that the first screening does not pay it (a few seconds); off where no screening is served.
SCREENING_WARM_UP_AT_START = env_bool("SCREENING_WARM_UP_AT_START", True)

# API tokens for organisations.
GUICHET_API_TOKEN_PREFIX = "gui_"

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Flash messages in a signed cookie: a saved step does not cost two session writes.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", IS_PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", IS_PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", IS_PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if IS_PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = IS_PRODUCTION
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: no inline script, no inline style attribute, nothing from elsewhere.
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
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")),
    },
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
