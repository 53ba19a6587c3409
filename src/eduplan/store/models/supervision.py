"""The supervision loop: inspectors and their 责任区, the term plan, visits with a checklist, evidence,
rectifications with the school's 整改报告 and the inspector's 复查, escalations and incentives.

Schools are referred to by their 学校标识码 (``school_code``), like the census: a school's registry versions come
and go, its code stays. The checklist items are keys of ``standards.supervision.ITEMS``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from eduplan.standards.supervision import ESCALATIONS, INCENTIVES, INSPECTOR_KINDS, RESULTS, SEVERITIES, VISIT_KINDS

RECTIFICATION_STATES = {"open": "待整改", "reported": "已报告待复查", "closed": "已销号", "returned": "退回重改"}


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


class Inspector(models.Model):
    """A 督学 of a county's 教育督导室: full-time (专职) or part-time (兼职), usually with a login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="inspector"
    )
    name = models.CharField(max_length=50)
    kind = models.CharField(max_length=2, choices=_choices(INSPECTOR_KINDS))
    region = models.ForeignKey("store.Region", on_delete=models.PROTECT, related_name="+")  # the county

    def __str__(self) -> str:
        return f"{self.name}（{self.kind}督学）"


class Assignment(models.Model):
    """A school in an inspector's 责任区 for the dates ``[valid_from, valid_to)`` (``valid_to`` None: still)."""

    inspector = models.ForeignKey(Inspector, on_delete=models.CASCADE, related_name="assignments")
    school_code = models.CharField(max_length=10, db_index=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=models.F("valid_from")),
                name="assignment_ends_after_it_starts",
            )
        ]


class SupervisionPlan(models.Model):
    """A county's supervision plan for a term or a year: the visits due, and how many regular visits count."""

    region = models.ForeignKey("store.Region", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=60)  # e.g. 2023年秋季学期
    start = models.DateField()
    end = models.DateField()  # last day of the term
    required_visits = models.PositiveSmallIntegerField(default=1)  # visits each school needs for 校校到

    class Meta:
        ordering = ["-start", "id"]


class PlannedVisit(models.Model):
    plan = models.ForeignKey(SupervisionPlan, on_delete=models.CASCADE, related_name="visits_due")
    school_code = models.CharField(max_length=10, db_index=True)
    kind = models.CharField(max_length=4, choices=_choices(VISIT_KINDS))
    checklist = models.CharField(max_length=20)
    due = models.DateField()

    class Meta:
        ordering = ["due", "school_code"]


class Visit(models.Model):
    school_code = models.CharField(max_length=10, db_index=True)
    date = models.DateField()
    kind = models.CharField(max_length=4, choices=_choices(VISIT_KINDS))
    checklist = models.CharField(max_length=20)
    inspectors = models.ManyToManyField(Inspector, related_name="visits")
    summary = models.TextField(blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]


class ItemResult(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="results")
    item_key = models.CharField(max_length=30)
    result = models.CharField(max_length=4, choices=_choices(RESULTS))
    note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["item_key"]
        constraints = [models.UniqueConstraint(fields=["visit", "item_key"], name="one_result_per_item")]


class Rectification(models.Model):
    """A finding the school must put right: from a 不合格 item or written freely, with a deadline."""

    number = models.CharField(max_length=40, unique=True)  # 文号 of its 整改通知书
    school_code = models.CharField(max_length=10, db_index=True)
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.PROTECT, related_name="rectifications")
    item_key = models.CharField(max_length=30, blank=True, default="")  # "" for a free-form finding
    finding = models.TextField()
    requirement = models.TextField(blank=True, default="")
    severity = models.CharField(max_length=2, choices=_choices(SEVERITIES))
    responsible = models.CharField(max_length=50)  # the person at the school
    issued_on = models.DateField()
    deadline = models.DateField()
    state = models.CharField(max_length=10, choices=list(RECTIFICATION_STATES.items()), default="open")
    closed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["deadline", "id"]

    @property
    def state_label(self) -> str:
        return RECTIFICATION_STATES[self.state]


class RectificationReport(models.Model):
    """The school's 整改报告."""

    rectification = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_on = models.DateField()

    class Meta:
        ordering = ["id"]


class Recheck(models.Model):
    """The inspector's 复查 of a report: closes the rectification or returns it with a reason."""

    rectification = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="rechecks")
    report = models.ForeignKey(RectificationReport, on_delete=models.CASCADE, related_name="rechecks")
    closed = models.BooleanField()
    reason = models.TextField(blank=True, default="")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    checked_on = models.DateField()

    class Meta:
        ordering = ["id"]


class Evidence(models.Model):
    """A photo or PDF kept in the database with its checksum: of a visit, of a 整改报告, or of a hand-recorded
    item of the county's 创建 dossier (``manual_item``, placed by ``region_code``)."""

    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    report = models.ForeignKey(
        RectificationReport, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    manual_item = models.ForeignKey(
        "store.ManualItem", null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    school_code = models.CharField(max_length=10, db_index=True, blank=True, default="")
    region_code = models.CharField(max_length=12, blank=True, default="")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=30)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visit__isnull=False)
                | models.Q(report__isnull=False)
                | models.Q(manual_item__isnull=False),
                name="evidence_belongs",
            )
        ]


class SupervisionAction(models.Model):
    """An escalation (约谈, 通报, 问责) or an incentive (激励, 表扬) about a school, with its document."""

    school_code = models.CharField(max_length=10, db_index=True)
    rectification = models.ForeignKey(
        Rectification, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    kind = models.CharField(max_length=2, choices=_choices(ESCALATIONS + INCENTIVES))
    date = models.DateField()
    who = models.CharField(max_length=100)  # who was summoned / praised, or who decided
    document = models.CharField(max_length=100, blank=True, default="")  # 文号 of the document
    note = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-date", "-id"]


class SupervisionReading(models.Model):
    """The supervision office's switch for a county: whether its inspectors may read (never write) the supervision
    records of the county's schools outside their own 责任区. Without a row they read only their 责任区."""

    region = models.OneToOneField("store.Region", on_delete=models.CASCADE, related_name="+")  # the county
    wider = models.BooleanField(default=False)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)
