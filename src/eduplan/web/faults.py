"""Faults of the machine, not of the request: the database unreachable (a PostgreSQL restart, SQLite locked past
its timeout) or the disk full. The request fails cleanly with a Chinese page (JSON under /api/) saying that nothing
was saved and when to retry, the error is logged for the operator, and the next request works again as soon as the
fault is gone (Django opens a fresh connection; ``CONN_HEALTH_CHECKS`` drops a dead persistent one first)."""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.template.loader import render_to_string

log = logging.getLogger("eduplan.faults")
DISK_FULL = {errno.ENOSPC, errno.EDQUOT}
RETRY_AFTER_SECONDS = 30


def fault_response(request: HttpRequest, exception: BaseException) -> HttpResponse | None:
    """The answer to a fault of the machine, or None for any other exception (Django's 500 handles it)."""
    if isinstance(exception, OperationalError | InterfaceError):
        # No closing here: Django's request_finished handler drops a connection that failed, after the response.
        status, title, message = (
            503,
            "数据库暂时无法访问",
            "本次操作没有保存。请稍候半分钟再试；如持续出现，请联系系统管理员。",
        )
    elif isinstance(exception, OSError) and exception.errno in DISK_FULL:
        status, title, message = 507, "服务器存储空间已满", "本次上传或操作没有保存。请联系系统管理员清理磁盘后再试。"
    else:
        return None
    log.error("%s %s: %s (%s)", request.method, request.path, title, exception)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"error": f"{title}：{message}"}, status=status)
    else:
        page = render_to_string("fault.html", {"title": title, "message": message})
        response = HttpResponse(page, status=status)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class FaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return fault_response(request, exception)
