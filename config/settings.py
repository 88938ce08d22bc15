"""Jinpin's one settings module: every value comes from the environment, with embedded defaults.

Unset, everything runs on this machine alone: SQLite under var/, Celery tasks run eagerly, the
embedded search engine, mail printed to the console. `DJANGO_ENV=production` switches the defaults
to a hardened deployment (no debug, secure cookies, HSTS, mandatory e-mail verification) and then
SECRET_KEY and ALLOWED_HOSTS must be given. Every variable is listed in the README.
"""

import secrets
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from config import storage

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _development_secret_key() -> str:
    """A key generated once per checkout and kept under var/, so sessions survive restarts."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if PRODUCTION or not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off or in production.")
    SECRET_KEY = _development_secret_key()

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    # WeChat sign-in (accounts.wechat.WeChatProvider stands in for allauth's class, see below).
    "allauth.socialaccount.providers.weixin",
    "captcha",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_prometheus",
    # Jinpin
    "core",
    "outbox",
    "accounts",
    "associations",
    "jobs",
    "candidates",
    "fairs",
    "outcomes",
    "search",
    "listings",
    "feedback",
    "api",
    "ops",
]

MIDDLEWARE = [
    # First and last: request counts and latencies for /metrics (django-prometheus).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # The request's id, in every log line and every task it causes (ops/logs.py).
    "ops.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A limit allauth raises where its view does not catch it: its "too many requests" page.
    "accounts.middleware.RateLimitedMiddleware",
    # An API write sent with an Idempotency-Key is carried out once (api/idempotency.py).
    "api.idempotency.IdempotencyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "accounts.context_processors.roles",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several web and worker processes share the file: wait for locks instead of failing at once.
    # In WAL mode synchronous=NORMAL keeps the file consistent and skips a disk flush at each
    # commit (SQLite's advice for WAL): the setup's thousands of small commits stop waiting on
    # the disk.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_PREPARED_STATEMENTS", default=True
):
    # PostgreSQL parses and plans every statement it is sent, which cost more than running the
    # short statements of a request. Parameters bound by the server let psycopg prepare a
    # statement once a connection has run it five times; afterwards it is only executed (half
    # of PostgreSQL's CPU per application, bench/apply.py). Turn it off behind a pooler in
    # transaction mode that cannot keep prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )
# The same engines, counting queries, their durations and errors for /metrics (django-prometheus).
_ENGINE = DATABASES["default"]["ENGINE"]
if _ENGINE in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
    DATABASES["default"]["ENGINE"] = _ENGINE.replace("django.db.", "django_prometheus.db.")
    if _ENGINE.endswith("sqlite3"):
        # Tests in memory, as with Django's own engine (pytest-django recognises only that one).
        DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Seconds to connect to Redis, or wait for its answer, before treating it as down (the cache and
# the broker): a dead Redis must cost a request milliseconds, not the client's default seconds.
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.5)

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://jinpin")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Rate-limit counters and cached fragments may be lost: with Redis down the site answers
    # without them (config/cache.py) instead of failing every login.
    CACHES["default"]["BACKEND"] = "config.cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT}
    )

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
# People sign in with an e-mail address or a mainland mobile number (+86), by password or by a
# code sent to them. Sign-up asks for a number or an address (accounts.forms.SignupForm says
# which is needed): e-mail is optional for those who sign up with a number.
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
ACCOUNT_SIGNUP_FIELDS = ["phone", "email", "password1", "password2"]
# Neither field is required on its own (the form asks for one of them): allauth's check cannot
# see that.
SILENCED_SYSTEM_CHECKS = ["account.W001"]
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = 2
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = 2
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_CHANGE = 2
# A code is six digits, valid five minutes, used once; five wrong tries end it.
SMS_CODE_VALID_SECONDS = env.int("SMS_CODE_VALID_SECONDS", default=300)
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = SMS_CODE_VALID_SECONDS
ACCOUNT_PHONE_VERIFICATION_TIMEOUT = SMS_CODE_VALID_SECONDS
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 5
ACCOUNT_PHONE_VERIFICATION_MAX_ATTEMPTS = 5
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_FORMS = {
    "request_login_code": "accounts.auth_forms.RequestLoginCodeForm",
    "change_phone": "accounts.auth_forms.ChangePhoneForm",
    "signup": "accounts.auth_forms.AccountSignupForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# E-mail is optional, so its confirmation cannot be mandatory (allauth refuses that unless every
# account has an address): confirming it is offered, and invitations wait for it.
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="optional")
if ACCOUNT_EMAIL_VERIFICATION == "mandatory":
    ACCOUNT_SIGNUP_FIELDS = ["email*", "phone", "password1*", "password2*"]
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[晋聘] "
# Links allauth builds without a request (the request's own scheme is used otherwise).
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# Behind a reverse proxy the connection's address is the proxy's: the client's is read from
# X-Forwarded-For, counting this many proxies of ours from the right (each appends the address it
# was reached from; whatever a client wrote further left is ignored), or from a header our proxy
# sets (TRUSTED_CLIENT_IP_HEADER, e.g. X-Real-IP). Login limits and API throttles key on it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = TRUSTED_CLIENT_IP_HEADER
# Wrong passwords on the login page and on the API's token endpoint count together: ten a minute
# from one address, five in five minutes for one account (then even the right one waits).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    # Codes: allauth's own limits per address and per number; accounts.sms adds the cool-down,
    # the hourly and daily limits per number, address and session, and the captcha.
    "request_login_code": "20/m/ip,3/m/key",
    "verify_phone": "1/30s/key,5/m/ip",
    "change_phone": "3/m/user",
}

# --- SMS --------------------------------------------------------------------------------------
# Where SMS go (core/sms.py): console:// prints them, file:// writes them under var/sms/,
# aliyun://KEY_ID:KEY_SECRET@dysmsapi.aliyuncs.com and tencent://SECRET_ID:SECRET_KEY@REGION
# ?app_id=SDK_APP_ID send them through Alibaba Cloud or Tencent Cloud (requirements/sms.txt).
SMS_URL = env.str("SMS_URL", default="console://")
SMS_SIGN_NAME = env.str("SMS_SIGN_NAME", default="晋聘")
# The provider's template id of each kind of message (accounts.models.SmsKind), `kind:en` for the
# English one: "code=SMS_1234,interview=SMS_2345,code:en=SMS_3456,…".
SMS_TEMPLATES = env.dict("SMS_TEMPLATES", default={})
# Providers cap a template variable's length: longer values (a long place name) are cut.
SMS_PARAM_MAX_LENGTH = env.int("SMS_PARAM_MAX_LENGTH", default=16)
SMS_CODE_COOLDOWN = env.int("SMS_CODE_COOLDOWN", default=60)
SMS_PER_NUMBER_HOUR = env.int("SMS_PER_NUMBER_HOUR", default=5)
SMS_PER_NUMBER_DAY = env.int("SMS_PER_NUMBER_DAY", default=10)
SMS_PER_IP_HOUR = env.int("SMS_PER_IP_HOUR", default=30)
SMS_PER_SESSION_HOUR = env.int("SMS_PER_SESSION_HOUR", default=6)
SMS_CAPTCHA_AFTER = env.int("SMS_CAPTCHA_AFTER", default=2)
CAPTCHA_IMAGE_SIZE = (120, 40)
CAPTCHA_FONT_SIZE = 28
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 5  # minutes

# --- WeChat sign-in ---------------------------------------------------------------------------
# A website application of WeChat's Open Platform (微信开放平台) for the QR code on computers, and
# an official account (公众号) for sign-in inside WeChat's own browser; either may be left out.
# With UnionID (both bound to one Open Platform account) a person is the same account in both.
WECHAT_APP_ID = env.str("WECHAT_APP_ID", default="")
WECHAT_APP_SECRET = env.str("WECHAT_APP_SECRET", default="")
WECHAT_MP_APP_ID = env.str("WECHAT_MP_APP_ID", default="")
WECHAT_MP_APP_SECRET = env.str("WECHAT_MP_APP_SECRET", default="")
SOCIALACCOUNT_ADAPTER = "accounts.wechat.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "weixin": {
        "provider_class": "accounts.wechat.WeChatProvider",
        "APPS": [
            app
            for app in (
                {
                    "client_id": WECHAT_APP_ID,
                    "secret": WECHAT_APP_SECRET,
                    "settings": {"context": "qr", "scope": ["snsapi_login"]},
                },
                {
                    "client_id": WECHAT_MP_APP_ID,
                    "secret": WECHAT_MP_APP_SECRET,
                    "settings": {"context": "in_wechat", "scope": ["snsapi_userinfo"]},
                },
            )
            if app["client_id"] and app["secret"]
        ],
    }
}
# WeChat gives no e-mail address or number: a new person says who they are (name, graduate or
# recruiter) on the sign-up form, which WeChat's nickname fills in.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_QUERY_EMAIL = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
# Absolute links in e-mails (https://jinpin.example.cn); unset, e-mails carry site-relative paths.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if not PRODUCTION else "").rstrip(
    "/"
)
# A recruiter opening more resumes than this in an hour is refused (bulk harvesting guard).
RESUME_VIEWS_PER_HOUR = env.int("RESUME_VIEWS_PER_HOUR", default=100)
# 人才推荐: invitations to apply a position may send a day (all its recruiters together).
INVITATIONS_PER_POSITION_PER_DAY = env.int("INVITATIONS_PER_POSITION_PER_DAY", default=20)
# Invitations to join an association's staff stay valid this long.
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)
# Tickets are checked in from this many hours before a fair starts until it ends.
CHECKIN_OPENS_HOURS_BEFORE = env.float("CHECKIN_OPENS_HOURS_BEFORE", default=3)
# A fair page's booth table and position lists (the same for every visitor) are rendered once and
# kept this many seconds (per language, search, page and kind of visitor); 0 renders every time.
FAIR_PAGE_CACHE_SECONDS = env.int("FAIR_PAGE_CACHE_SECONDS", default=10)

# --- Trust: responsiveness, unanswered applications, "still hiring?", fair feedback ------------
# An enterprise's responsiveness counts the applications of the last RESPONSE_WINDOW_DAYS days and
# is shown only from RESPONSE_MIN_APPLICATIONS of them; it reads "slow to reply" when it answers
# fewer than RESPONSE_SLOW_RATE of them or its median first answer takes over RESPONSE_SLOW_DAYS.
RESPONSE_WINDOW_DAYS = env.int("RESPONSE_WINDOW_DAYS", default=90)
RESPONSE_MIN_APPLICATIONS = env.int("RESPONSE_MIN_APPLICATIONS", default=5)
RESPONSE_SLOW_RATE = env.float("RESPONSE_SLOW_RATE", default=0.5)
RESPONSE_SLOW_DAYS = env.int("RESPONSE_SLOW_DAYS", default=7)
# An application unanswered this many days reminds the recruiters (once); after the longer limit,
# or once its position closes, it is closed for the graduate as "no answer".
UNANSWERED_REMIND_DAYS = env.int("UNANSWERED_REMIND_DAYS", default=14)
UNANSWERED_CLOSE_DAYS = env.int("UNANSWERED_CLOSE_DAYS", default=30)
# A published position with no pipeline activity for STILL_HIRING_IDLE_DAYS, or with
# STILL_HIRING_UNANSWERED applications waiting a week and none answered, asks its recruiters
# "still hiring?"; unconfirmed after STILL_HIRING_CONFIRM_DAYS it leaves search (unlisted).
STILL_HIRING_IDLE_DAYS = env.int("STILL_HIRING_IDLE_DAYS", default=21)
STILL_HIRING_UNANSWERED = env.int("STILL_HIRING_UNANSWERED", default=10)
STILL_HIRING_CONFIRM_DAYS = env.int("STILL_HIRING_CONFIRM_DAYS", default=7)
# Fair feedback is given, and may be changed, until this many days after a fair ends; a fair's
# public page shows its average from FAIR_RATING_PUBLIC_MIN ratings.
FAIR_FEEDBACK_DAYS = env.int("FAIR_FEEDBACK_DAYS", default=7)
FAIR_RATING_PUBLIC_MIN = env.int("FAIR_RATING_PUBLIC_MIN", default=10)

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing folder
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Resumes and contracts: outside MEDIA_ROOT, served only through views that check permission.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
# Files every app node must see (config/storage.py): two folders on a shared volume by default,
# an S3-compatible bucket with STORAGE_URL or AWS_STORAGE_BUCKET_NAME.
STORAGE_URL = env.str("STORAGE_URL", default="")
STORAGES = storage.storages(
    url=STORAGE_URL,
    bucket=env.str("AWS_STORAGE_BUCKET_NAME", default=""),
    endpoint=env.str("AWS_S3_ENDPOINT_URL", default=""),
    region=env.str("AWS_S3_REGION_NAME", default=""),
    access_key=env.str("AWS_ACCESS_KEY_ID", default=""),
    secret_key=env.str("AWS_SECRET_ACCESS_KEY", default=""),
    staticfiles={
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
)
# Where `manage.py backup` writes its folders when none is given (ops/backup.py).
BACKUP_ROOT = Path(env.str("BACKUP_ROOT", default=str(VAR_DIR / "backups")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

# --- E-mail -----------------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
# filemail:// writes each message to a file under var/mail (a path after it is relative to the
# working directory, as django-environ reads it).
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH") or str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="晋聘 Jinpin <noreply@jinpin.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# No broker configured: run tasks in the calling process, so the embedded setup needs no service.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # Celery still opens a producer to run a task eagerly; the in-memory transport spares the
    # log kombu's "No hostname was supplied" warning.
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis as the broker. A publish tries once and gives up fast when Redis is down (the outbox keeps
# the row; its sweep sends it later) instead of kombu's default of retrying for seconds inside the
# request. A message a worker took and never acknowledged goes back to the queue after the
# visibility timeout, which must outlast the longest task (a PDF report: 30 minutes at most).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "socket_connect_timeout": REDIS_TIMEOUT,
    "socket_timeout": 5.0,
    "socket_keepalive": True,
    "health_check_interval": 10,
    "visibility_timeout": 3600,
}
# The worker itself reconnects for as long as Redis is away, never giving up and exiting.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# A task running when the connection drops finishes; if its message comes back, the outbox finds
# it done and runs nothing twice.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_TASK_IGNORE_RESULT = True
# One queue per kind of work, so each gets its own workers and concurrency (deploy/systemd):
# a burst of index updates after a bulk import never holds up e-mail, a PDF report never holds up
# index updates, and beat's housekeeping (the outbox sweep above all) never waits behind any of
# them. A worker started without -Q consumes every queue (`make worker`, the tests).
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = [
    Queue(name) for name in ("default", "search", "messages", "documents", "reminders")
]
CELERY_TASK_ROUTES = {
    "search.tasks.*": {"queue": "search"},
    "core.tasks.send_email": {"queue": "messages"},
    "candidates.tasks.send_recommendation_digest": {"queue": "messages"},
    "*.send_sms": {"queue": "messages"},
    "fairs.tasks.generate_brochure": {"queue": "documents"},
    "outcomes.tasks.generate_report": {"queue": "documents"},
    "fairs.tasks.send_*_reminder": {"queue": "reminders"},
}
# Log through Django's LOGGING (JSON lines with the request id), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Side effects wait in the outbox (outbox/): beat re-sends what is due this often, and what was
# done is kept this many days (failed tasks stay until retried or deleted in the admin). A sweep
# is one indexed query; with the run lease below it bounds how soon the task of a worker that
# died is run again (the drill: within 20 s, bench/drill.py).
OUTBOX_SWEEP_SECONDS = env.float("OUTBOX_SWEEP_SECONDS", default=5.0)
OUTBOX_KEEP_DAYS = env.int("OUTBOX_KEEP_DAYS", default=7)
# A task handed to the broker and not started within this many seconds is sent again (the broker
# lost it: Redis restarted without persistence); a second copy finds it done and does nothing.
OUTBOX_SEND_LEASE_SECONDS = env.int("OUTBOX_SEND_LEASE_SECONDS", default=120)
# A running task renews its claim every third of this; a worker that died mid-task (killed, out
# of memory, its machine lost) stops renewing, and the task is sent again once this has passed.
OUTBOX_RUN_LEASE_SECONDS = env.int("OUTBOX_RUN_LEASE_SECONDS", default=15)

CELERY_BEAT_SCHEDULE: dict = {
    "expire-positions": {
        "task": "jobs.tasks.expire_positions",
        "schedule": crontab(minute=5, hour=0),
    },
    "advance-fair-statuses": {
        "task": "fairs.tasks.advance_fair_statuses",
        "schedule": crontab(minute="*/5"),
    },
    "send-due-reminders": {
        "task": "fairs.tasks.send_due_reminders",
        "schedule": crontab(minute="*"),
    },
    "reconcile-search-index": {
        "task": "search.tasks.reconcile_index",
        "schedule": crontab(minute=30, hour=2),
    },
    "follow-up-unanswered-applications": {
        "task": "candidates.tasks.follow_up_unanswered_applications",
        "schedule": crontab(minute=15),
    },
    "ask-whether-still-hiring": {
        "task": "candidates.tasks.check_positions_still_hiring",
        "schedule": crontab(minute=20, hour=9),
    },
    "ask-for-fair-feedback": {
        "task": "feedback.tasks.ask_for_fair_feedback",
        "schedule": crontab(minute=25),
    },
    "recommendation-digests": {
        "task": "candidates.tasks.send_recommendation_digests",
        "schedule": crontab(minute=30, hour=7),
    },
    "outbox-sweep": {
        "task": "outbox.tasks.sweep",
        "schedule": OUTBOX_SWEEP_SECONDS,
        "options": {"expires": OUTBOX_SWEEP_SECONDS},  # sweeps never pile up in a backlog
    },
    "outbox-prune": {
        "task": "outbox.tasks.prune",
        "schedule": crontab(minute=40, hour=3),
    },
    "api-prune-idempotent-requests": {
        "task": "api.tasks.prune_idempotent_requests",
        "schedule": crontab(minute=45, hour=3),
    },
    "outcomes-daily-snapshot": {
        "task": "outcomes.tasks.take_snapshot",
        "schedule": crontab(minute=50, hour=23),
    },
}

# The answers to API writes sent with an Idempotency-Key are kept this long (api/idempotency.py).
IDEMPOTENCY_KEEP_HOURS = env.int("IDEMPOTENCY_KEEP_HOURS", default=24)

# --- Search -----------------------------------------------------------------------------------
SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="embedded")
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="jinpin")
# A new index is made with these; a cluster of n data nodes can hold up to n - 1 replicas.
ELASTICSEARCH_SHARDS = env.int("ELASTICSEARCH_SHARDS", default=1)
ELASTICSEARCH_REPLICAS = env.int("ELASTICSEARCH_REPLICAS", default=0)
# Seconds a request may take, and how often a failed one is retried on another node.
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=5.0)
ELASTICSEARCH_MAX_RETRIES = env.int("ELASTICSEARCH_MAX_RETRIES", default=2)
SEARCH_INDEX_DIR = Path(env.str("SEARCH_INDEX_DIR", default=str(VAR_DIR / "search")))

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: a request without credentials is told to authenticate (401 with
        # `WWW-Authenticate: Token`), not refused (403) as the session scheme would answer.
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_RATES": {"token": "10/min"},
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "晋聘 Jinpin API",
    "DESCRIPTION": (
        "Job-fair matching platform of the provincial graduate employment campaign. "
        "Authenticate with the session (browser) or with a token: "
        "POST email and password to /api/v1/auth/token/ (or a mobile number and the SMS code "
        "POST /api/v1/auth/sms/ sent to it) and send `Authorization: Token <key>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "candidates.models.ApplicationStatus",
        "InvitationStatusEnum": "candidates.models.InvitationStatus",
    },
}

# --- Security ---------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts only from our own static files (no inline script,
# no eval: htmx is configured without it in base.html), nothing framed, forms posted only here.
# Inline style attributes are allowed: they carry no code, and a few pages and the admin use them.
# Public images (logos, posters) come from the object store's signed URLs when files live there.
_MEDIA_ORIGINS = [
    options["endpoint_url"]
    for options in [STORAGES["default"].get("OPTIONS", {})]
    if options.get("endpoint_url")
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *_MEDIA_ORIGINS],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # WeChat sign-in posts here and is redirected to WeChat's page (form-action covers it).
        "form-action": ["'self'", "https://open.weixin.qq.com"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Operations: logs, metrics, error reports ---------------------------------------------------
# json: one JSON object a line with the request id (ops/logs.py); text: for a developer's terminal.
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT must be 'json' or 'text'.")
# /metrics wants `Authorization: Bearer <token>` when this is set.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# The load balancer and Prometheus reach the nodes over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint narrates every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Eager tasks (the embedded setup) would log every run at INFO.
        "celery.app.trace": {"level": env.str("CELERY_TASK_LOG_LEVEL", default="WARNING")},
    },
}

SITE_NAME = _("Jinpin")

# Errors to Sentry (or a compatible server such as GlitchTip) only when SENTRY_DSN is set; no
# personal data is sent, and each event carries the request id of the logs.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    from outbox import correlation

    def _tag_request_id(event, hint):
        if correlation.current():
            event.setdefault("tags", {})["request_id"] = correlation.current()
        return event

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default=DJANGO_ENV),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
        before_send=_tag_request_id,
    )
