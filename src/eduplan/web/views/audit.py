"""The audit trail, read-only, filtered by object and user (within the viewer's scope)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from eduplan.web import forms
from eduplan.web.access import audit_for_user
from eduplan.web.areas.audit_words import OBJECTS, in_words
from eduplan.web.decorators import page


@page
@require_GET  # read-only: the app has no way to change or delete an entry
def audit_page(request: HttpRequest) -> HttpResponse:
    entries = audit_for_user(request.user).select_related("user")
    filters = {key: forms.text(request.GET, key) for key in ("object_type", "object_id", "username", "action")}
    for key, value in filters.items():
        if value:
            entries = entries.filter(**{key: value})
    types = sorted(set(audit_for_user(request.user).values_list("object_type", flat=True)))
    page_obj = Paginator(entries, 50).get_page(request.GET.get("page"))
    words = [in_words(e) for e in page_obj]  # the entries in words, never their codes or JSON
    type_names = [(t, OBJECTS.get(t, "记录")) for t in types]
    context = {"active": "audit", "page": page_obj, "words": words, "filters": filters, "types": type_names}
    return render(request, "web/audit/audit.html", context)
