"""The WSGI application (served by waitress in ``eduplan serve``)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eduplan.settings")
application = get_wsgi_application()

# Import every view (and with them pandas, Ibis and the core) now, not during the first person's request.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018
