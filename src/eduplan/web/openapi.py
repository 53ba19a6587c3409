"""The OpenAPI 3.1 description of /api/, written by hand from one table of endpoints (tests walk it)."""

from __future__ import annotations

from typing import Any

# path → (summary, path parameters, query parameters)
ENDPOINTS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "/api/openapi.json": ("本接口的 OpenAPI 描述", (), ()),
    "/api/regions/": ("权限范围内的行政区划", (), ()),
    "/api/regions/{code}/schools/": ("某区域某学年名录中的学校", ("code",), ("year",)),
    "/api/schools/{code}/": ("一所学校的名录变更历史", ("code",), ()),
    "/api/census/versions/": ("普查数据的学年与版本", (), ()),
    "/api/plans/": ("权限范围内的规划", (), ()),
    "/api/plans/{plan_id}/": ("一份规划的指标（含实际值）、项目和任务", ("plan_id",), ()),
    "/api/regions/{code}/{year}/quality-balance/": ("义务教育优质均衡评估结果（每县）", ("code", "year"), ()),
    "/api/regions/{code}/{year}/value-added/": (
        "学校增值评价（某学年、年级、科目；不指定则为最后一个可选项）",
        ("code", "year"),
        ("grade", "subject"),
    ),
    "/api/regions/{code}/{year}/quality/": (
        "学业质量与差异率（某学年、年级、科目；不指定则为最后一个可选项）",
        ("code", "year"),
        ("grade", "subject", "exam"),
    ),
    "/api/audit/": ("审计日志（最多 500 条）", (), ("object_type", "object_id", "username", "action")),
    "/api/regions/{code}/{year}/teachers/": (
        "教师队伍汇总：交流轮岗、继续教育、年龄、退休、职称、均衡指标所需教师数（不含实名，不足5人的分组不显示）",
        ("code", "year"),
        (),
    ),
    "/api/regions/{code}/{year}/supervision/": (
        "督导学期统计：校校到、整改状态、问题分布、逾期与约谈（不指定计划则为该学年最后一个）",
        ("code", "year"),
        ("plan",),
    ),
    "/api/visits/{visit_id}/": (
        "一次督导的记录：学校、日期、督学、检查项结果与发现的问题（责任人按权限显示实名或化名）",
        ("visit_id",),
        (),
    ),
    "/api/rectifications/{rect_id}/": (
        "一项整改：问题、严重程度、期限、状态、整改报告与复查（整改通知书的数字）",
        ("rect_id",),
        (),
    ),
}
_INTEGER = {"plan_id", "year", "visit_id", "rect_id"}
# The endpoints answering a JSON array; every other answers an object.
_ARRAYS = {
    "/api/regions/",
    "/api/regions/{code}/schools/",
    "/api/census/versions/",
    "/api/plans/",
    "/api/regions/{code}/{year}/quality-balance/",
    "/api/audit/",
}
_ERROR = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _parameter(name: str, where: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path" or name == "year",
        "schema": {"type": "integer" if name in _INTEGER else "string"},
    }


def openapi_document() -> dict[str, Any]:
    paths = {
        path: {
            "get": {
                "summary": summary,
                "parameters": [_parameter(p, "path") for p in in_path] + [_parameter(q, "query") for q in query],
                "responses": {
                    "200": _json({"type": "array" if path in _ARRAYS else "object"}, "JSON"),
                    "400": _json(_ERROR, "参数有误（说明在 error 中）"),
                    "401": _json(_ERROR, "未登录"),
                    "403": _json(_ERROR, "无权限"),
                    # Unknown paths (e.g. a non-numeric year) get the site's 404 page, not JSON.
                    "404": {"description": "不存在或不在权限范围内"},
                },
            }
        }
        for path, (summary, in_path, query) in ENDPOINTS.items()
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "eduplan API",
            "version": "1",
            "description": "只读 JSON 接口；与网页相同的登录会话和权限范围（范围外一律 404）。",
        },
        "components": {"securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "sessionid"}}},
        "security": [{"session": []}],
        "paths": paths,
    }
