"""Production settings: PostgreSQL, HTTPS, real secrets. Refuses to start on unsafe values."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from righthelp.settings import *  # noqa: F403
from righthelp.settings import DATABASES, LOCAL_DEVELOPMENT_SECRET_KEY, SECRET_KEY, env_bool

DEBUG = False
if SECRET_KEY == LOCAL_DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters.")
if "DATABASE_URL" not in os.environ or DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    raise ImproperlyConfigured("Set DATABASE_URL to the PostgreSQL database (postgres://...).")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
