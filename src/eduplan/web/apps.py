from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "eduplan.web"
    label = "web"
    verbose_name = "eduplan web"

    def ready(self) -> None:
        # The job kinds the pages start register on import: the worker process (eduplan worker) needs them too.
        from eduplan.web.areas import jobs  # noqa: F401
