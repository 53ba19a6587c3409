"""The audit log in words: who did what to which object, and which field changed from what to what — never the raw
action code, model name or JSON of the entry (issue #15: no raw identifiers in the UI)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from eduplan.contract import SHEETS_BY_NAME

DOMAINS = {
    "admission": "积分入学",
    "attendance": "控辍保学",
    "census": "普查数据",
    "collection": "数据填报",
    "db": "数据库",
    "dossier": "评估档案",
    "fitness": "体质健康",
    "manual_item": "人工填报指标",
    "plan": "规划",
    "pseudonym": "化名密钥",
    "quality": "质量监测",
    "regions": "行政区划",
    "registry": "学校名录",
    "scores": "学业成绩",
    "supervision": "督导",
    "teachers": "教师",
    "unit_costs": "生均成本",
    "user": "用户",
}
VERBS = {
    "import": "导入",
    "restore": "恢复",
    "correct": "更正",
    "demo": "演示数据",
    "run": "运行",
    "applicants": "申请人",
    "rubric": "积分细则",
    "seats": "学位",
    "open": "开办",
    "close": "撤并",
    "census": "按普查更新",
    "load": "载入",
    "named_view": "查看实名",
    "view_named": "查看实名",
    "report": "报告",
    "step": "处理",
    "evidence": "佐证材料",
    "record": "填报",
    "actual": "实际值",
    "bind": "绑定指标",
    "compute": "计算",
    "confirm": "确认",
    "progress": "进度",
    "task": "任务",
    "benchmarks": "基准",
    "cut_scores": "分数线",
    "monitoring_import": "监测结果导入",
    "action": "问责",
    "assign": "分派",
    "inspector": "督学",
    "note": "记录",
    "recheck": "复查",
    "rectification": "整改",
    "rectify": "整改",
    "visit": "督导",
    "edit": "修改",
    "export": "导出",
    "set": "设定",
    "scope": "权限范围",
    "unlock": "解锁",
    "key": "密钥",
    "pgdump": "备份",
    "save": "保存草稿",
    "submit": "上报",
    "approve": "审核通过",
    "return": "退回",
    "collection": "审核通过入库",
    "county": "按县区恢复",
    "restore_county": "按县区恢复",
    "create": "新建",
    "add": "添加",
    "replace": "替换",
    "plan": "计划",
    "activate": "启用",
    "deactivate": "停用",
    "reset_password": "重置密码",
}
OBJECTS = {
    "AdmissionImport": "积分入学导入",
    "AdmissionRubric": "积分细则",
    "AdmissionSeats": "积分入学学位",
    "AnalysisRun": "分析结果",
    "CensusVersion": "普查版本",
    "RosterVersion": "教师名册版本",
    "SupervisionPlan": "督导计划",
    "School": "学校",
    "Region": "行政区",
    "Plan": "规划",
    "PlanIndicator": "规划指标",
    "PlanProject": "规划项目",
    "Teacher": "教师",
    "User": "用户",
    "ManualItem": "人工填报指标",
    "Rectification": "整改",
    "Visit": "督导",
}
FIELDS = {
    "name": "名称",
    "school_type": "学校类型",
    "urban_rural": "城乡类别",
    "county_code": "所属区县",
    "parent_code": "上级行政区",
    "current_version": "当前版本",
    "valid_from": "起始年",
    "valid_to": "截止年",
    "status": "状态",
    "value": "数值",
    "target": "目标值",
    "actual": "实际值",
    "year": "年份",
    "seats": "学位",
    "role": "角色",
    "region_id": "行政区",
    "required_visits": "应督导次数",
    "visits_due": "待督导次数",
}


def action_label(action: str) -> str:
    domain, _dot, verb = action.partition(".")
    where = DOMAINS.get(domain)
    if where is None:
        return _("其他操作")
    return f"{_(where)}·{_(VERBS[verb])}" if verb in VERBS else f"{_(where)}·{_('操作')}"


def object_label(object_type: str, object_id: str) -> str:
    name = OBJECTS.get(object_type, "记录")
    return f"{_(name)} {object_id}".strip()


def _value(value: Any) -> str:
    if value is None or value == "":
        return _("空")
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, int):
        return f"{value:,}" if not 1949 <= value <= 2100 else str(value)
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, (dict, list)):
        return _("（多项）")
    return str(value)


def field_label(key: str) -> str | None:
    """A field in words: a named one (``FIELDS``), or a collection form's field ``学段|小学|teachers`` as
    "学段 小学 专任教师数" (sheet, row, the contract's column label); None for a field without a name."""
    if key in FIELDS:
        return _(FIELDS[key])
    sheet_name, _bar, rest = key.partition("|")
    where, _bar, column = rest.rpartition("|")
    sheet = SHEETS_BY_NAME.get(sheet_name)
    if sheet is None or not where or column not in sheet.keys:
        return None
    row = " ".join(_(part) for part in where.split("/"))
    return f"{_(sheet.name)} {row} {_(sheet.column(column).label)}"


def changes(before: Any, after: Any) -> list[str]:
    """ "字段：旧 → 新" for every named field that changed; the rest counted as "其他 N 项"."""
    old = before if isinstance(before, dict) else {}
    new = after if isinstance(after, dict) else {}
    out, others = [], 0
    colon = "：" if (get_language() or "zh").startswith("zh") else ": "
    for key in sorted({*old, *new}):
        if old.get(key) == new.get(key):
            continue
        label = field_label(key)
        if label is None:
            others += 1
            continue
        out.append(f"{label}{colon}{_value(old.get(key))} → {_value(new.get(key))}")
    if others:
        out.append(_("其他 %(n)s 项") % {"n": others})
    return out


def in_words(entry: Any) -> dict[str, Any]:
    return {
        "action": action_label(entry.action),
        "object": object_label(entry.object_type, entry.object_id or ""),
        "changes": changes(entry.before, entry.after),
    }
