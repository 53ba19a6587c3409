"""Writing audit entries. Every ``do_*`` write calls :func:`record` inside its own transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

from eduplan.store.models import AuditEntry

# Reading personal data is audited (个人信息保护法: who saw which named list, when). These are the only audit entries
# a GET may write; every other read writes nothing (tests/web/test_access.py).
PERSONAL_DATA_READS = frozenset(
    {
        "teachers.view_named",  # the named teacher registry (docs/teachers.md)
        "teachers.export",  # a teacher report downloaded
        "admission.applicants.view",  # named 积分入学 applicants (docs/admission.md)
        "attendance.named_view",  # the 控辍保学 register and cases (docs/attendance.md)
        "supervision.named_view",  # a rectification's responsible person at the school (docs/supervision.md)
    }
)


def record(
    user: AbstractBaseUser | AnonymousUser | None,
    action: str,
    object_type: str,
    object_id: object = "",
    *,
    summary: str = "",
    before: Any = None,
    after: Any = None,
    region_code: str = "",
) -> AuditEntry:
    real_user = user if isinstance(user, User) else None
    return AuditEntry.objects.create(
        user=real_user,
        username=real_user.get_username() if real_user is not None else "system",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        region_code=region_code,
        summary=summary[:500],
        before=before,
        after=after,
    )


def do_record_personal_read(
    user: AbstractBaseUser | AnonymousUser | None,
    action: str,
    object_type: str,
    object_id: object = "",
    *,
    summary: str,
    region_code: str = "",
) -> AuditEntry:
    """Audit a read of personal data (who saw which named list); the one audit entry a GET may write."""
    if action not in PERSONAL_DATA_READS:
        raise ValueError(f"{action!r} is not a personal-data read (store.audit.PERSONAL_DATA_READS)")
    return record(user, action, object_type, object_id, summary=summary, region_code=region_code)
