"""``eduplan import plan`` and ``eduplan plan show``: plan documents in, every item with its source out.

``--json`` prints one object when the file holds one document and a list when it holds several
(docs/plans.md says why).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from eduplan.commands import store_user
from eduplan.commands.groups import import_, plan

# The store user a write is recorded under in the audit (as the web records the signed-in user).
_USER = click.option("--user", "username", help="The store user recorded in the audit (default: system).")


def _lines(discrepancy: dict[str, Any]) -> str:
    return "、".join(str(n) for n in sorted({location["line"] for location in discrepancy["locations"]}))


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _summary(data: dict[str, Any]) -> str:
    meta = data["plan"]
    counts = "，".join(
        f"{label} {len(data[key])}"
        for key, label in (
            ("indicators", "指标"),
            ("targets", "目标句"),
            ("projects", "项目"),
            ("tasks", "任务"),
            ("discrepancies", "不一致"),
        )
    )
    where = f"第 {meta['first_line']}–{meta['last_line']} 行" if "first_line" in meta else ""
    if meta.get("first_page"):
        where = f"第 {meta['first_page']}–{meta['last_page']} 页"
    ident = f"规划 {meta['id']}：" if meta.get("id") is not None else ""
    return f"{ident}《{meta['title']}》{where}：{counts}"


class _ProgressBars:
    """A progress bar on stderr per stage of reading (PDF pages, then OCR pages), shown only on a terminal."""

    def __init__(self) -> None:
        self.stage = ""
        self.bar: Any = None
        self.done = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.stage, self.done = stage, 0
            bar: Any = click.progressbar(length=total, label=stage, file=click.get_text_stream("stderr"))  # type: ignore[operator]
            self.bar = bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@import_.command("plan")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--region", "region_code", required=True, help="统计用区划代码 of the plan's region, e.g. 441802.")
@click.option("--json", "as_json", is_flag=True, help="Print the extracted plan(s) as JSON.")
@click.option("--dry-run", is_flag=True, help="Parse and check only; store nothing.")
@click.option("--replace", is_flag=True, help="Replace a plan already imported from the same document.")
@_USER
def import_plan(
    file: Path, region_code: str, as_json: bool, dry_run: bool, replace: bool, username: str | None
) -> None:
    """Import a plan document (PDF, scanned PDF, Word, web page, text, workbook); a gazette's documents become
    separate plans, and a document outside education is left out with a message."""
    from eduplan.ingest.plans import read_plan_file

    bars = _ProgressBars()
    try:
        read = read_plan_file(file, bars)
    finally:
        bars.close()
    documents = read.documents
    results = [d.as_dict() for d in documents]
    if not dry_run:
        from eduplan import store

        store.open_store()
        from eduplan.store.plans import do_import_plan

        plans = do_import_plan(
            documents, region_code, store_user(username), file_bytes=file.read_bytes(), replace=replace
        )
        for data, stored in zip(results, plans, strict=True):
            data["plan"] = {"id": stored.pk, "region": region_code, **data["plan"]}
    for message in read.left_out:
        click.echo(f"未导入：{message}", err=True)
    if as_json:
        _echo_json(results[0] if len(results) == 1 else results)
        return
    for data in results:
        click.echo(_summary(data))
        meta = data["plan"]
        click.echo(f"  格式：{meta['format']}；类型：{meta['kind']}（{meta['kind_reason']}）")
        for note in meta["notes"]:
            click.echo(f"  说明：{note}")
        for discrepancy in data["discrepancies"]:
            click.echo(f"  不一致（第 {_lines(discrepancy)} 行）：{discrepancy['message']}")


def _flags(item: dict[str, Any]) -> str:
    marks = []
    if item.get("confirmed"):
        marks.append("已确认")
    if item.get("uncertain"):
        marks.append("存疑：" + "；".join(item["reasons"]))
    return f" 【{'，'.join(marks)}】" if marks else ""


def _where(item: dict[str, Any]) -> str:
    source = item["source"]
    return source.get("where") or (f"第 {source['line']} 行" if source.get("line") else "")


@plan.command("show")
@click.argument("plan_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the plan with every item and its tracking as JSON.")
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Track as of this date (default today); eduplan report plan --year Y uses Y-12-31.",
)
def show_plan(plan_id: int, as_json: bool, as_of: datetime | None) -> None:
    """Show a stored plan: every extracted item with its source line, flags and tracking."""
    from eduplan import store

    store.open_store()
    from eduplan.store.plans import get_plan, plan_detail

    data = plan_detail(get_plan(plan_id), today=as_of.date() if as_of else None)
    if as_json:
        _echo_json(data)
        return
    meta = data["plan"]
    click.echo(f"规划 {meta['id']}：《{meta['title']}》 {meta['doc_number']} {meta['issuer']} 区划 {meta['region']}")
    for key, label in (("indicators", "指标"), ("targets", "目标句")):
        for item in data[key]:
            status = item["track"][-1]["status"] if item["track"] else "—"
            target = f"{item['comparator']}{item['target_value'] if item['target_value'] is not None else ''}"
            click.echo(
                f"  [{label} {item['id']}] {item['name']} {target}{item['unit']} "
                f"({item['target_year'] or '—'}) {status} {_where(item)}{_flags(item)}"
            )
    for item in data["projects"]:
        tracking = item["tracking"]
        click.echo(
            f"  [项目 {item['id']}] {item['category']} {item['name']} 学位 {tracking['seats_planned']:g} "
            f"投资 {item['investment'] if item['investment'] is not None else '—'} {tracking['status']} "
            f"{_where(item)}{_flags(item)}"
        )
    for item in data["tasks"]:
        overdue = " 逾期" if item["overdue"] else ""
        who = "、".join(item["responsible"]) or "—"
        click.echo(
            f"  [任务 {item['id']}] {item['text'][:40]} 责任：{who} 期限：{item['deadline'] or '—'} "
            f"{item['status']}{overdue} {_where(item)}{_flags(item)}"
        )
    for discrepancy in data["discrepancies"]:
        click.echo(f"  [不一致] {discrepancy['message']}（第 {_lines(discrepancy)} 行）")


_KINDS = click.Choice(["indicator", "project", "task"])


def _value(text: str) -> Any:
    """``85`` → 85, ``null`` → None, ``["区教育局"]`` → a list; anything else stays text."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


@plan.command("correct")
@click.argument("kind", type=_KINDS)
@click.argument("item_id", type=int)
@click.argument("changes", nargs=-1, required=True, metavar="FIELD=VALUE...")
@_USER
def correct_item(kind: str, item_id: int, changes: tuple[str, ...], username: str | None) -> None:
    """Correct an extracted item (recorded in the audit with before and after), e.g. investment=8600."""
    from eduplan.errors import UsageError

    parsed: dict[str, Any] = {}
    for change in changes:
        field, sep, value = change.partition("=")
        if not sep or not field:
            raise UsageError(f"“{change}”不是 字段=值 的形式，例如 investment=8600")
        parsed[field.strip()] = _value(value.strip())
    from eduplan import store

    store.open_store()
    from eduplan.store.plans import do_correct_plan_item

    do_correct_plan_item(kind, item_id, parsed, store_user(username))
    click.echo(f"已更正 {kind} {item_id}：" + "，".join(f"{k}={v}" for k, v in parsed.items()))


@plan.command("confirm")
@click.argument("kind", type=_KINDS)
@click.argument("item_id", type=int)
@_USER
def confirm_item(kind: str, item_id: int, username: str | None) -> None:
    """Confirm an extracted item as it stands."""
    from eduplan import store

    store.open_store()
    from eduplan.store.plans import do_confirm_plan_item

    do_confirm_plan_item(kind, item_id, store_user(username))
    click.echo(f"已确认 {kind} {item_id}")


@plan.command("actual")
@click.argument("indicator_id", type=int)
@click.argument("year", type=click.IntRange(2000, 2100))
@click.argument("value", type=float)
@click.option("--note", default="", help="Where the value comes from.")
@_USER
def record_actual(indicator_id: int, year: int, value: float, note: str, username: str | None) -> None:
    """Enter an indicator's actual value for a year."""
    from eduplan import store

    store.open_store()
    from eduplan.store.plans import do_record_actual

    do_record_actual(indicator_id, year, value, store_user(username), note=note)
    click.echo(f"已记录指标 {indicator_id} {year}年实际值 {value:g}")


@plan.command("progress")
@click.argument("project_id", type=int)
@click.argument("year", type=click.IntRange(2000, 2100))
@click.argument("status", metavar="STATUS")
@click.option("--seats", "seats_delivered", type=click.IntRange(min=0), default=0, help="Seats delivered that year.")
@click.option(
    "--spent", "investment_spent", type=click.FloatRange(min=0), default=0.0, help="Investment spent so far (万元)."
)
@_USER
def record_progress(
    project_id: int, year: int, status: str, seats_delivered: int, investment_spent: float, username: str | None
) -> None:
    """Report a project's year: STATUS is 未开工, 在建, 竣工 or 延期."""
    from eduplan import store

    store.open_store()
    from eduplan.store.plans import do_record_progress

    do_record_progress(
        project_id,
        year,
        status,
        seats_delivered=seats_delivered,
        investment_spent=investment_spent,
        user=store_user(username),
    )
    click.echo(
        f"已记录项目 {project_id} {year}年：{status}，交付学位 {seats_delivered}，累计投资 {investment_spent:g} 万元"
    )


@plan.command("task")
@click.argument("task_id", type=int)
@click.argument("status", metavar="STATUS")
@click.option("--completed-on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="YYYY-MM-DD")
@_USER
def set_task_status(task_id: int, status: str, completed_on: datetime | None, username: str | None) -> None:
    """Set a task's status: 未开始, 进行中 or 已完成."""
    from eduplan import store

    store.open_store()
    from eduplan.store.plans import do_set_task_status

    do_set_task_status(
        task_id, status, store_user(username), completed_on=completed_on.date() if completed_on else None
    )
    click.echo(f"任务 {task_id} 状态：{status}")


@plan.command("bind")
@click.argument("indicator_id", type=int)
@click.argument("metric")
@_USER
def bind_metric(indicator_id: int, metric: str, username: str | None) -> None:
    """Bind an indicator to a census metric (e.g. public_kindergarten_share); "" unbinds."""
    from eduplan import store

    store.open_store()
    from eduplan.store.plans import do_bind_metric

    do_bind_metric(indicator_id, metric, store_user(username))
    click.echo(f"指标 {indicator_id} 已绑定普查指标 {metric or '（无）'}")


@plan.command("compute")
@click.argument("plan_id", type=int)
@click.option("--bind-suggested", is_flag=True, help="First bind every unbound indicator whose wording names a metric.")
@click.option("--year", "years", type=int, multiple=True, help="Census year(s); default every stored year.")
@_USER
def compute_actuals(plan_id: int, bind_suggested: bool, years: tuple[int, ...], username: str | None) -> None:
    """Compute the actuals of a plan's bound indicators from the census."""
    from eduplan import store

    store.open_store()
    from eduplan.store.plans import do_bind_metric, do_compute_actuals, get_plan, suggested_metrics

    user = store_user(username)
    if bind_suggested:
        for indicator_id, metric in suggested_metrics(get_plan(plan_id)).items():
            do_bind_metric(indicator_id, metric, user)
            click.echo(f"指标 {indicator_id} → {metric}")
    written = do_compute_actuals(plan_id, user, years=list(years) or None)
    click.echo(f"规划 {plan_id}：由普查数据写入实际值 {written} 个")
