"""RightHelp settings.

Every value comes from the environment, with safe defaults for a local, single-user run on the
embedded SQLite database. Production settings (``righthelp.settings.production``) refuse to
start without the values a real deployment must choose for itself.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext

# Lets admin and queryset classes be subscripted for type checking at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# A fixed key is only acceptable for local use; production.py refuses to start with it.
LOCAL_DEVELOPMENT_SECRET_KEY = "righthelp-local-development-only-not-secret"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", LOCAL_DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "righthelp.core",
    "righthelp.audit",
    "righthelp.accounts",
    "righthelp.notifications",
    "righthelp.people",
    "righthelp.thresholds",
    "righthelp.consent",
    "righthelp.frontdoor",
    "righthelp.matching",
    "righthelp.earlyhelp",
    "righthelp.chronology",
    "righthelp.escalations",
    "righthelp.workdue",
    "righthelp.demo",
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
    "django_htmx.middleware.HtmxMiddleware",
    # The service's "Page not found" in debug mode too, not Django's list of every URL.
    "righthelp.core.middleware.PageNotFoundMiddleware",
    # The one access checkpoint: every resolved URL must have a rule, or it is refused.
    "righthelp.core.checkpoint.CheckpointMiddleware",
    # On SQLite a GET reads without the write lock (BEGIN DEFERRED), retried once IMMEDIATE if
    # its access record is refused the lock. Last, so it sees the view's exceptions first.
    "righthelp.core.middleware_transactions.ReadTransactionMiddleware",
]

ROOT_URLCONF = "righthelp.urls"
WSGI_APPLICATION = "righthelp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "righthelp" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "righthelp.core.context_processors.service",
            ],
        },
    },
]

DEFAULT_SQLITE_URL = f"sqlite:///{BASE_DIR / 'var' / 'righthelp.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or DEFAULT_SQLITE_URL,
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a writer commits; a busy timeout instead of "locked".
    # A 64 MiB page cache and reads through a memory map (SQLite's default cache is 2 MiB):
    # a search over a million people reads index pages that no longer fit in 2 MiB.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                f"PRAGMA cache_size=-{int(os.environ.get('SQLITE_CACHE_KIB', 65536))}; "
                f"PRAGMA mmap_size={int(os.environ.get('SQLITE_MMAP_BYTES', 1 << 30))};"
            ),
        }
    )
    Path(str(DATABASES["default"]["NAME"])).parent.mkdir(parents=True, exist_ok=True)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it pays off for long reports, not for a page's queries, and compiling
    # one took a second of a people list at a million people (4.0 s with it, 1.5 s without).
    # A random read costs about what a sequential one does (SSD, data in memory): the planner's
    # default of 4 chose to read all million people to find 24,000 by key (290 ms, not 60 ms).
    # POSTGRES_OPTIONS adds libpq "options" after these (e.g. "-c statement_timeout=30s"; a
    # setting given again there wins).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(
        part
        for part in ("-c jit=off -c random_page_cost=1.1", os.environ.get("POSTGRES_OPTIONS", ""))
        if part
    )

# Each request is one transaction: a read and its access record commit together or not at all.
# On SQLite a read request begins it DEFERRED (core.middleware_transactions), writes IMMEDIATE.
DATABASES["default"]["ATOMIC_REQUESTS"] = True


def cache_from_url(url: str) -> dict[str, object]:
    """The cache every instance shares, from ``CACHE_URL`` (or ``REDIS_URL``).

    ``redis://`` / ``rediss://`` is Redis (needs the ``redis`` package); ``db://table`` is a
    table in the database (created by ``manage.py createcachetable``, which the tests' database
    gets too); ``locmem://`` keeps it in one process, for a single instance only; ``dummy://``
    keeps nothing. Nothing in RightHelp relies on a cache for correctness (rate limits and
    submission keys are rows), so a cache is a speed-up, never the only copy.
    """
    scheme, _, rest = url.partition("://")
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest or "righthelp_cache",
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ValueError(f"CACHE_URL: unknown cache {scheme!r} (redis, rediss, db, locmem, dummy)")


# Shared by every instance: a cache in one process would differ between instances.
CACHES = {
    "default": cache_from_url(
        os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or "db://righthelp_cache"
    )
}
# Sessions are rows in the database (Django's default, said here so nobody moves them into a
# process): any instance behind the proxy reads the session another started.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "righthelp" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env_bool("RIGHTHELP_PLAIN_STATIC", False) or DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "righthelp@localhost")

# The service's own name, shown in the header: a local authority sets its own.
RIGHTHELP_SERVICE_NAME = os.environ.get("RIGHTHELP_SERVICE_NAME", "RightHelp")
RIGHTHELP_ORGANISATION_NAME = os.environ.get("RIGHTHELP_ORGANISATION_NAME", "Children's services")
# The threshold framework this deployment works to; the others stay readable.
RIGHTHELP_ACTIVE_FRAMEWORK = os.environ.get("RIGHTHELP_ACTIVE_FRAMEWORK", "hull-2018")
# Bank holidays of this nation count as non-working days: england-and-wales, scotland,
# northern-ireland. Local closure days are added by administrators (core.ClosureDay).
RIGHTHELP_NATION = os.environ.get("RIGHTHELP_NATION", "england-and-wales")
# Front-door timescales (seed documents and Working Together), each configurable.
RIGHTHELP_TIMESCALES = {
    "decision_working_days": int(os.environ.get("RIGHTHELP_DECISION_WORKING_DAYS", "1")),
    "feedback_working_days": int(os.environ.get("RIGHTHELP_FEEDBACK_WORKING_DAYS", "3")),
    "declined_feedback_hours": int(os.environ.get("RIGHTHELP_DECLINED_FEEDBACK_HOURS", "24")),
    "written_confirmation_hours": int(os.environ.get("RIGHTHELP_WRITTEN_CONFIRMATION_HOURS", "48")),
    # A contact about significant harm is decided within this many clock hours.
    "significant_harm_decision_hours": int(
        os.environ.get("RIGHTHELP_SIGNIFICANT_HARM_DECISION_HOURS", "24")
    ),
    "csc_assessment_working_days": int(os.environ.get("RIGHTHELP_CSC_ASSESSMENT_DAYS", "45")),
}
# The end of the front door's working day (24-hour "HH:MM"): an urgent contact ("needs a
# decision today") is due by then on the working day it is received.
RIGHTHELP_WORKING_DAY_ENDS = os.environ.get("RIGHTHELP_WORKING_DAY_ENDS", "17:00")
# Front-door outcomes that need a front-door manager's sign-off before they take effect.
RIGHTHELP_SIGN_OFF_OUTCOMES = env_list(
    "RIGHTHELP_SIGN_OFF_OUTCOMES", "advice,signpost,csc_assessment,csc_strategy"
)
# The front door's telephone number, given wherever the service tells someone to phone.
RIGHTHELP_FRONT_DOOR_PHONE = os.environ.get("RIGHTHELP_FRONT_DOOR_PHONE", "01632 960 000")
# The most characters a long text box takes when its form sets no limit of its own; the page
# shows the limit and counts as you type (the GOV.UK character count).
RIGHTHELP_LONG_TEXT_LIMIT = int(os.environ.get("RIGHTHELP_LONG_TEXT_LIMIT", "10000"))
# Public forms: at most this many submissions per sender per hour.
RIGHTHELP_PUBLIC_FORM_LIMIT = int(os.environ.get("RIGHTHELP_PUBLIC_FORM_LIMIT", "5"))
# The contacts API stamps a token's last use at most once per this many seconds, so concurrent
# calls with one token do not queue on its row.
RIGHTHELP_API_TOKEN_LAST_USED_SECONDS = int(
    os.environ.get("RIGHTHELP_API_TOKEN_LAST_USED_SECONDS", "60")
)
# Identity matching: pairs at or above this probability go to the duplicates queue; search
# candidates below RIGHTHELP_MATCH_SHOW are not shown.
RIGHTHELP_DUPLICATE_THRESHOLD = float(os.environ.get("RIGHTHELP_DUPLICATE_THRESHOLD", "0.8"))
RIGHTHELP_MATCH_SHOW = float(os.environ.get("RIGHTHELP_MATCH_SHOW", "0.5"))
RIGHTHELP_PAGE_SIZE = int(os.environ.get("RIGHTHELP_PAGE_SIZE", "25"))
# "Is this child known?": more than this many checks by one user within this many minutes are
# answered, and raise one alert per burst for the information governance lead.
RIGHTHELP_KNOWN_CHECK_ALERT_LIMIT = int(os.environ.get("RIGHTHELP_KNOWN_CHECK_ALERT_LIMIT", "30"))
RIGHTHELP_KNOWN_CHECK_ALERT_MINUTES = int(
    os.environ.get("RIGHTHELP_KNOWN_CHECK_ALERT_MINUTES", "10")
)
# Early help timescales and outcome scales (seed 002: assessment, TAF, reviews), configurable.
RIGHTHELP_EARLY_HELP = {
    # An early help assessment is due this many working days after the episode starts.
    "assessment_working_days": int(os.environ.get("RIGHTHELP_EH_ASSESSMENT_WORKING_DAYS", "20")),
    # The first Team Around the Family meeting within this many working days of the assessment.
    "first_taf_working_days": int(os.environ.get("RIGHTHELP_EH_FIRST_TAF_WORKING_DAYS", "10")),
    # Reviews at this interval (weeks).
    "review_weeks": int(os.environ.get("RIGHTHELP_EH_REVIEW_WEEKS", "6")),
    # An episode with no active lead for longer than this is flagged for the locality.
    "no_lead_flag_days": int(os.environ.get("RIGHTHELP_EH_NO_LEAD_FLAG_DAYS", "10")),
    # The areas of the outcome scales, each scored 1-10 with the family.
    "outcome_areas": env_list(
        "RIGHTHELP_EH_OUTCOME_AREAS",
        "Physical health,Your well-being,Meeting emotional needs,Keeping your children safe,"
        "Social networks,Education and learning,Boundaries and behaviour,"
        "Family routine,Home and money,Progress to work",
    ),
    # An assessment is signed off by a team manager other than anyone who wrote it.
    "assessment_sign_off_by_other_manager": env_bool(
        "RIGHTHELP_EH_ASSESSMENT_SIGN_OFF_BY_OTHER_MANAGER", True
    ),
    # A Signs of Safety "how worried are we?" score at or below this, from anyone, prompts the
    # worker to consider stepping up (0 is the most worried end of the scale).
    "step_up_prompt_at_or_below": int(
        os.environ.get("RIGHTHELP_EH_STEP_UP_PROMPT_AT_OR_BELOW", "1")
    ),
}
# Consent: a child younger than this gives their own consent only with a recorded assessment of
# their competence; withdrawing consent sets a review of each open piece of work about the
# person, due this many working days later.
RIGHTHELP_CHILD_CONSENT_COMPETENCE_AGE = int(
    os.environ.get("RIGHTHELP_CHILD_CONSENT_COMPETENCE_AGE", "12")
)
RIGHTHELP_CONSENT_WITHDRAWN_REVIEW_WORKING_DAYS = int(
    os.environ.get("RIGHTHELP_CONSENT_WITHDRAWN_REVIEW_WORKING_DAYS", "1")
)
# Professional disagreements: the escalation ladder this partnership climbs (a partnership in
# escalations/ladders.json, such as nottingham-2018; any other name gives the default ladder).
RIGHTHELP_ESCALATION_LADDER = os.environ.get(
    "RIGHTHELP_ESCALATION_LADDER", RIGHTHELP_ACTIVE_FRAMEWORK
)
# Who takes up a disagreement nobody on the ladder can hold: a username or e-mail address, or
# per service "childrens_social_care=a@example.org,early_help=b@example.org" (the agency the
# disagreement is with, by organisation kind). With none, such a disagreement is refused.
RIGHTHELP_ESCALATION_LEAD = os.environ.get("RIGHTHELP_ESCALATION_LEAD", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
