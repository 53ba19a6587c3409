from __future__ import annotations

from django.urls import path

from eduplan.web import views

urlpatterns = [
    path("", views.index, name="index"),
]
