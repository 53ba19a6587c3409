from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "eduplan.web"
    label = "web"
    verbose_name = "eduplan web"
