"""The two wrappers every view wears: ``page`` for HTML and ``api`` for the read-only JSON API.

Both require a logged-in user and turn eduplan's errors into the same message the CLI prints:
not found / out of scope → 404, bad request → 400.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from eduplan.errors import EduplanError, NotFound, OutOfScope

View = Callable[..., HttpResponseBase]


def page(view: View) -> View:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except (NotFound, OutOfScope) as exc:
            raise Http404(str(exc)) from None
        except EduplanError as exc:
            return render(request, "web/common/error.html", {"message": str(exc)}, status=400)

    return login_required(wrapper)


def api(view: Callable[..., Any]) -> View:
    """A read-only JSON endpoint: GET only, JSON errors, 401 without a session (no redirect to a login page)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return JsonResponse({"error": "未登录 / authentication required"}, status=401)
        try:
            body = view(request, *args, **kwargs)
        except (Http404, NotFound, OutOfScope):
            return JsonResponse({"error": "未找到 / not found"}, status=404)
        except PermissionDenied:
            return JsonResponse({"error": "无权限 / forbidden"}, status=403)
        except EduplanError as exc:
            return JsonResponse({"error": str(exc)}, status=400)
        if isinstance(body, HttpResponse):
            return body
        return JsonResponse(body, safe=False, json_dumps_params={"ensure_ascii": False})

    return require_GET(wrapper)
