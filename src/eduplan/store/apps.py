from __future__ import annotations

from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "eduplan.store"
    label = "store"
    verbose_name = "eduplan store"
    default_auto_field = "django.db.models.BigAutoField"
