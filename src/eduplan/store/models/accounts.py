"""Roles and scopes: a user sees a region subtree or one school, nothing else."""

from __future__ import annotations

from django.conf import settings
from django.db import models

ROLE_ADMIN = "admin"
ROLE_LEADER = "leader"
ROLE_PLANNING = "planning"
ROLE_SUPERVISION = "supervision"
ROLE_PERSONNEL = "personnel"
ROLE_INSPECTOR = "inspector"
ROLE_CLERK = "clerk"
ROLE_ADMISSIONS = "admissions"
ROLES: dict[str, str] = {
    ROLE_ADMIN: "系统管理员",
    ROLE_LEADER: "局领导",
    ROLE_PLANNING: "规划科",
    ROLE_SUPERVISION: "督导室",
    ROLE_PERSONNEL: "人事科",
    ROLE_INSPECTOR: "督学",
    ROLE_CLERK: "学校填报员",
    ROLE_ADMISSIONS: "招生办",
}
ANALYST_ROLES = (ROLE_PLANNING, ROLE_SUPERVISION, ROLE_PERSONNEL)


class UserScope(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scope")
    role = models.CharField(max_length=20, choices=list(ROLES.items()))
    region = models.ForeignKey("store.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    school_code = models.CharField(max_length=10, blank=True, default="")  # a clerk's one school

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(region__isnull=False) & models.Q(school_code=""))
                | (models.Q(region__isnull=True) & ~models.Q(school_code="")),
                name="scope_is_a_region_or_one_school",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {ROLES.get(self.role, self.role)}"
