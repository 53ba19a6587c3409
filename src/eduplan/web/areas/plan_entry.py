"""The forms of plan work in the browser: a plan typed in by hand, an item added by hand, and the yearly tracking
(an indicator's actual, a project's progress, a task's status). Each form checks its fields and says what is wrong
on the field, in Chinese; a valid form is turned into the arguments of one ``store.plans`` ``do_*`` function.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet

from eduplan.contract import STAGES
from eduplan.core.plan_tracking import COMPARATORS, PROJECT_STATUSES
from eduplan.ingest.plans.model import PROJECT_CATEGORIES
from eduplan.store.models import Region
from eduplan.store.models.plans import NATURES, TASK_STATUSES
from eduplan.store.plans import (
    do_add_plan_item,
    do_create_plan,
    do_record_actual,
    do_record_progress,
    do_set_task_status,
)
from eduplan.web.access import AnyUser

FIRST_YEAR, LAST_YEAR = 2000, 2100
MONEY_LIMIT = 10_000_000.0  # 万元: a thousand 亿, above any county's plan
SEATS_LIMIT = 1_000_000


def _year(label: str, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "required": f"请填写{label}",
            "invalid": f"{label}应为四位数的年份，如 2025",
            "min_value": f"{label}应为 {FIRST_YEAR}–{LAST_YEAR} 之间的年份",
            "max_value": f"{label}应为 {FIRST_YEAR}–{LAST_YEAR} 之间的年份",
        },
    )


def _number(label: str, required: bool = False, minimum: float | None = None, maximum: float | None = None) -> Any:
    messages = {"required": f"请填写{label}", "invalid": f"{label}应为数字，如 95.5"}
    if minimum is not None:
        messages["min_value"] = f"{label}不能小于 {minimum:g}"
    if maximum is not None:
        messages["max_value"] = f"{label}不能大于 {maximum:g}"
    return forms.FloatField(
        label=label, required=required, min_value=minimum, max_value=maximum, error_messages=messages
    )


def _count(label: str, maximum: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=maximum,
        error_messages={
            "invalid": f"{label}应为整数，如 1620",
            "min_value": f"{label}不能为负数",
            "max_value": f"{label}不能大于 {maximum}",
        },
    )


def _text(label: str, max_length: int, required: bool = False, area: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 3}) if area else None,
        error_messages={"required": f"请填写{label}", "max_length": f"{label}不能超过 {max_length} 个字"},
    )


def _choice(label: str, values: Iterable[str], required: bool = False) -> forms.ChoiceField:
    choices = ([] if required else [("", "—")]) + [(v, v) for v in values]
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=choices,
        error_messages={"required": f"请选择{label}", "invalid_choice": f"{label}应为 {'、'.join(values)} 之一"},
    )


def _date(label: str, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": f"请填写{label}", "invalid": f"{label}应为日期，如 2025-12-31"},
    )


def _after(form: forms.Form, first: str, last: str, message: str) -> None:
    start, end = form.cleaned_data.get(first), form.cleaned_data.get(last)
    if start is not None and end is not None and end < start:
        form.add_error(last, message)


# --- a plan typed in by hand ----------------------------------------------------------------------------------------


class PlanForm(forms.Form):
    title = _text("规划名称", 300, required=True)
    region = forms.ChoiceField(
        label="区域", error_messages={"required": "请选择区域", "invalid_choice": "请选择您权限范围内的区域"}
    )
    period_start = _year("规划期起始年")
    period_end = _year("规划期结束年")
    issuing_body = _text("印发机关", 200)
    doc_number = _text("文号", 100)

    def __init__(self, regions: QuerySet[Region], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, f"{r.name}（{r.code}）") for r in regions]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _after(self, "period_start", "period_end", "结束年不能早于起始年")
        return data

    def save(self, user: AnyUser) -> Any:
        d = self.cleaned_data
        return do_create_plan(
            d["title"],
            d["region"],
            d["period_start"],
            d["period_end"],
            user,
            issuing_body=d["issuing_body"],
            doc_number=d["doc_number"],
        )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="规划文件", error_messages={"required": "请选择规划文件", "empty": "文件是空的：请选择规划文件"}
    )
    region = forms.ChoiceField(
        label="区域", error_messages={"required": "请选择区域", "invalid_choice": "请选择您权限范围内的区域"}
    )

    def __init__(self, regions: QuerySet[Region], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, f"{r.name}（{r.code}）") for r in regions]  # type: ignore[attr-defined]


# --- items added by hand ----------------------------------------------------------------------------------------------


class IndicatorForm(forms.Form):
    name = _text("指标名称", 300, required=True)
    unit = _text("单位", 50)
    stage = _choice("学段", STAGES)
    baseline_year = _year("基期年份", required=False)
    baseline_value = _number("基期值")
    target_year = _year("目标年份", required=False)
    target_value = _number("目标值")
    comparator = _choice("比较方式", COMPARATORS, required=True)
    nature = _choice("指标属性", NATURES)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _after(self, "baseline_year", "target_year", "目标年份不能早于基期年份")
        return data

    def fields_for_store(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ProjectForm(forms.Form):
    name = _text("项目名称", 300, required=True)
    category = _choice("类别", PROJECT_CATEGORIES)
    stage = _choice("学段", STAGES)
    seats = _count("新增学位", SEATS_LIMIT)
    investment = _number("总投资（万元）", minimum=0, maximum=MONEY_LIMIT)
    start_year = _year("开工年份", required=False)
    finish_year = _year("竣工年份", required=False)
    responsible = _text("责任单位", 300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _after(self, "start_year", "finish_year", "竣工年份不能早于开工年份")
        if data.get("seats") and not data.get("stage"):
            self.add_error("stage", "填写了学位时请选择学段")
        return data

    def fields_for_store(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        seats = data.pop("seats")
        data["seats"] = {data["stage"]: seats} if seats else {}
        return data


class TaskForm(forms.Form):
    text = _text("任务内容", 2000, required=True, area=True)
    lead = _text("牵头单位", 100)
    others = _text("配合单位（用顿号分隔）", 300)
    deadline = _date("完成期限")

    def fields_for_store(self) -> dict[str, Any]:
        d = self.cleaned_data
        others = [part.strip() for part in d["others"].replace(",", "、").replace("，", "、").split("、")]
        departments = [d["lead"].strip(), *others]
        responsible = list(dict.fromkeys(p for p in departments if p))  # lead first, each once
        deadline = d["deadline"]
        return {
            "text": d["text"].strip(),
            "responsible": responsible,
            "deadline": deadline,
            "deadline_text": f"{deadline.year}年{deadline.month}月{deadline.day}日前" if deadline else "",
        }


ITEM_FORMS: dict[str, type[IndicatorForm] | type[ProjectForm] | type[TaskForm]] = {
    "indicator": IndicatorForm,
    "project": ProjectForm,
    "task": TaskForm,
}
ITEM_LABELS = {"indicator": "指标", "project": "建设项目", "task": "任务"}


def add_item(user: AnyUser, plan_id: int, kind: str, form: IndicatorForm | ProjectForm | TaskForm) -> Any:
    return do_add_plan_item(plan_id, kind, form.fields_for_store(), user)


# --- the yearly tracking ----------------------------------------------------------------------------------------------


class ActualForm(forms.Form):
    year = _year("年份")
    value = _number("实际值", required=True)
    note = _text("数据来源或说明", 500)

    def save(self, user: AnyUser, item_id: int) -> Any:
        d = self.cleaned_data
        return do_record_actual(item_id, d["year"], d["value"], user, note=d["note"])


class ProgressForm(forms.Form):
    year = _year("年份")
    status = _choice("项目状态", PROJECT_STATUSES, required=True)
    seats_delivered = _count("当年交付学位", SEATS_LIMIT)
    investment_spent = _number("累计完成投资（万元）", minimum=0, maximum=MONEY_LIMIT)

    def save(self, user: AnyUser, item_id: int) -> Any:
        d = self.cleaned_data
        return do_record_progress(
            item_id,
            d["year"],
            d["status"],
            seats_delivered=d["seats_delivered"] or 0,
            investment_spent=d["investment_spent"] or 0.0,
            user=user,
        )


class TaskStatusForm(forms.Form):
    status = _choice("任务状态", TASK_STATUSES, required=True)
    completed_on = _date("完成日期")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("completed_on") and data.get("status") != "已完成":
            self.add_error("completed_on", "只有已完成的任务才填写完成日期")
        return data

    def save(self, user: AnyUser, item_id: int) -> Any:
        d = self.cleaned_data
        return do_set_task_status(item_id, d["status"], user, completed_on=d["completed_on"])


TRACK_FORMS: dict[str, type[ActualForm] | type[ProgressForm] | type[TaskStatusForm]] = {
    "indicator": ActualForm,
    "project": ProgressForm,
    "task": TaskStatusForm,
}
