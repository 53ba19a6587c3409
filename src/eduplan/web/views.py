from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def index(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<!doctype html><title>eduplan</title><h1>区域教育规划监测与督导平台</h1>")
