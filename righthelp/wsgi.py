"""WSGI entry point (gunicorn righthelp.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "righthelp.settings")
application = get_wsgi_application()
