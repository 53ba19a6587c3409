"""Reading a census workbook (xlsx) or a folder of CSV files into raw rows, located as Excel shows them.

The reader finds each contract sheet, its header row (Chinese label or English key, possibly below
a title row) and its data rows, and reports what makes a file unreadable — empty, not a workbook,
encrypted, merged cells in the header or data, formulas without cached values — as located
:class:`Problem` s. Typing the cells is the validator's job (``census_validate``).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import python_calamine as calamine

from eduplan.contract import SHEETS, Sheet
from eduplan.errors import IngestError, Problem
from eduplan.ingest.census_formulas import sheet_parts, uncached_formulas
from eduplan.ingest.file_limits import Limits, check_file, limits_for, refuse

HEADER_SEARCH_ROWS = 20  # a header below this many title rows is not looked for
IGNORED_SHEETS = ("说明",)  # the template's instructions sheet
_SPACE = re.compile(r"\s+")


def column_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (as Excel names columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class RawSheet:
    """One contract sheet as found in the file: where its header is and its non-blank data rows."""

    sheet: Sheet
    file: str
    header_row: int  # as Excel shows it
    columns: dict[str, int]  # contract key → 0-based column index
    rows: list[tuple[int, list[Any]]]  # (Excel row, cell values)
    broken: bool = False  # the header itself is wrong: the rows cannot be read column by column

    def letter(self, key: str) -> str:
        return column_letters(self.columns[key]) if key in self.columns else ""


@dataclass
class RawWorkbook:
    file: str
    sheets: dict[str, RawSheet] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def read_census(path: Path, limits: Limits | None = None) -> RawWorkbook:
    """Read an xlsx workbook, or a folder (or zip) of CSV files, one per sheet, named as the sheet.

    The file is first checked against the upload limits (``file_limits``): size, zip members, sheet extent."""
    limits = limits or limits_for("census")
    if path.exists():
        check_file(path, limits)
    if path.is_dir():
        return _read_csv_folder(path, limits)
    if path.suffix.lower() == ".zip":
        return _read_csv_zip(path, limits)
    return _read_workbook(path, limits)


def _fatal(file: str, message: str, expected: str = "", found: str = "") -> IngestError:
    return IngestError([Problem(file, message, expected=expected, found=found)])


def _read_workbook(path: Path, limits: Limits) -> RawWorkbook:
    name = path.name
    if path.suffix.lower() == ".csv":
        raise _fatal(
            name, "CSV 文件请放在一个文件夹里导入，每个工作表一个文件（学校.csv、学段.csv、年级.csv、人口.csv）"
        )
    size = path.stat().st_size
    if size == 0:
        raise _fatal(name, "文件是空的（0 字节）", "Excel 工作簿（.xlsx）", "空文件")
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError:
        raise _fatal(
            name,
            "工作簿设置了打开密码（已加密），无法读取：请在 Excel 中取消密码后另存再导入",
            "未加密的 .xlsx",
            "加密的工作簿",
        ) from None
    except calamine.CalamineError:  # a zip, XML or format error: the file is not a workbook
        raise _fatal(name, "不是 Excel 工作簿，无法读取", "Excel 工作簿（.xlsx）", _what_file(path)) from None
    result = RawWorkbook(name)
    parts = _zip_parts(path)
    present = {s.strip(): s for s in book.sheet_names}
    for sheet in SHEETS:
        if sheet.name not in present:
            continue
        try:
            data = book.get_sheet_by_name(present[sheet.name])
            start_row, start_col = data.start or (0, 0)
            pad = [None] * start_col
            rows = ((start_row + i, pad + values if pad else values) for i, values in enumerate(data.iter_rows(), 1))
            raw = _take_sheet(result, sheet, rows, name, limits.max_rows)
            if raw is None:
                continue
            _check_merged(result, raw, data.merged_cell_ranges or [])
            if sheet.name in parts:
                _check_formulas(result, raw, str(path), parts[sheet.name])
        except (calamine.CalamineError, zipfile.BadZipFile, zlib.error, EOFError):
            result.sheets.pop(sheet.name, None)
            result.problems.append(
                Problem(
                    name,
                    "工作表已损坏，无法读取：请在 Excel 中打开后另存为 .xlsx 再导入",
                    sheet=sheet.name,
                    expected="完整的工作表",
                    found="损坏的工作表",
                )
            )
    _check_sheet_names(result, list(present))
    return result


def _zip_parts(path: Path) -> dict[str, str]:
    """The XML member of each sheet, keyed by the stripped sheet name (xlsx only; empty for xls)."""
    try:
        return {k.strip(): v for k, v in sheet_parts(str(path)).items()}
    except Exception:  # an xls (OLE) file has no XML parts; it cannot hold uncached formulas either
        return {}


def _what_file(path: Path) -> str:
    """What a file that is not a workbook looks like, from its first bytes."""
    with path.open("rb") as stream:
        head = stream.read(4096)
    if head.startswith(b"%PDF"):
        return "PDF 文件"
    if head.startswith(b"PK"):
        return "损坏的或非 Excel 的压缩文件"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "无法识别的 Office 文件"
    if b"\0" not in head and _decode(head[:-4] if len(head) == 4096 else head) is not None:
        return "文本文件（可能是改了扩展名的 CSV）"
    return "无法识别的文件"


def _check_sheet_names(result: RawWorkbook, names: list[str]) -> None:
    known = {s.name for s in SHEETS}
    for sheet in SHEETS:
        if sheet.name not in names:
            result.problems.append(
                Problem(
                    result.file,
                    f"缺少工作表“{sheet.name}”",
                    sheet=sheet.name,
                    expected="工作表 " + "、".join(s.name for s in SHEETS),
                    found="、".join(names) or "（没有工作表）",
                )
            )
    for name in names:
        if name not in known and name not in IGNORED_SHEETS:
            result.warnings.append(Problem(result.file, "未知的工作表，已忽略", sheet=name, severity="warning"))


def _blank_row(values: list[Any]) -> bool:
    # is_blank for each cell, inlined: a census has a row per grade of every school, so this runs ~10⁵–10⁶ times.
    for value in values:  # noqa: SIM110 - a loop, not all() over a generator: half the time
        if value is not None and (type(value) is not str or value.strip()):
            return False
    return True


def _normalise_header(value: Any) -> str:
    return _SPACE.sub("", str(value)) if value is not None else ""


def _header_names(sheet: Sheet) -> dict[str, str]:
    names = {}
    for column in sheet.columns:
        names[_normalise_header(column.label)] = column.key
        names[column.key] = column.key
    return names


def _take_sheet(result: RawWorkbook, sheet: Sheet, rows: Any, file: str, limit: int) -> RawSheet | None:
    """Find the header row among the first rows, map its columns, and keep the non-blank rows below it
    (at most ``limit`` of them: more refuse the file)."""
    names = _header_names(sheet)
    header: tuple[int, list[Any]] | None = None
    data: list[tuple[int, list[Any]]] = []
    seen_any = False
    for excel_row, values in rows:
        if header is None:
            seen_any = seen_any or not _blank_row(values)
            if excel_row > HEADER_SEARCH_ROWS:
                break
            if sum(1 for v in values if _normalise_header(v) in names) >= 2:
                header = (excel_row, values)
            continue
        if not _blank_row(values):
            data.append((excel_row, values))
            if len(data) > limit:
                raise refuse(file, "工作表行数过多，未读取", f"不超过 {limit} 行", f"超过 {limit} 行数据", sheet.name)
    if header is None:
        result.problems.append(
            Problem(
                file,
                f"找不到表头行：前 {HEADER_SEARCH_ROWS} 行中没有本表的列名",
                sheet=sheet.name,
                expected="、".join(c.label for c in sheet.columns[:3]) + " 等列名",
                found="空表" if not seen_any else "没有可识别的列名",
            )
        )
        return None
    before = len(result.problems)
    raw = RawSheet(sheet, file, header[0], _map_columns(result, sheet, header, names, file), data)
    raw.broken = len(result.problems) > before
    result.sheets[sheet.name] = raw
    _data_without_header(result, raw, header[1])
    return raw


def _data_without_header(result: RawWorkbook, raw: RawSheet, header: list[Any]) -> None:
    """Values in a column with no header are not read: say so once per column (a warning, nothing is guessed)."""
    width = max((len(values) for _, values in raw.rows), default=0)
    unnamed = [i for i in range(width) if i >= len(header) or not _normalise_header(header[i])]
    for index in unnamed:
        for excel_row, values in raw.rows:
            if index < len(values) and not _blank_row([values[index]]):
                result.warnings.append(
                    Problem(
                        raw.file,
                        "这一列没有列名，其中的数据未导入",
                        sheet=raw.sheet.name,
                        row=excel_row,
                        column=column_letters(index),
                        found=str(values[index]),
                        severity="warning",
                    )
                )
                break


def _map_columns(
    result: RawWorkbook, sheet: Sheet, header: tuple[int, list[Any]], names: dict[str, str], file: str
) -> dict[str, int]:
    header_row, values = header
    columns: dict[str, int] = {}
    for index, value in enumerate(values):
        text = _normalise_header(value)
        if not text:
            continue
        where: dict[str, Any] = {"sheet": sheet.name, "row": header_row, "column": column_letters(index)}
        key = names.get(text)
        if key is None:
            result.warnings.append(Problem(file, "未知的列，已忽略", found=str(value), severity="warning", **where))
        elif key in columns:
            result.problems.append(
                Problem(
                    file,
                    f"列“{sheet.column(key).label}”重复（已在 {column_letters(columns[key])} 列）",
                    column_key=key,
                    expected="每列只出现一次",
                    found=str(value),
                    **where,
                )
            )
        else:
            columns[key] = index
    for column in sheet.columns:
        if column.required and column.key not in columns:
            result.problems.append(
                Problem(
                    file,
                    f"缺少必需的列“{column.label}”",
                    sheet=sheet.name,
                    row=header_row,
                    column_key=column.key,
                    expected=f"{column.label}（或 {column.key}）",
                    found="没有这一列",
                )
            )
    return columns


def _check_merged(result: RawWorkbook, raw: RawSheet, ranges: list[Any]) -> None:
    """Merged cells in the header or data hide values from every reader; a merged title row above is fine."""
    for (top, left), (bottom, right) in ranges:
        if bottom + 1 < raw.header_row:
            continue
        if top + 1 <= raw.header_row:
            raw.broken = True
        first, last = f"{column_letters(left)}{top + 1}", f"{column_letters(right)}{bottom + 1}"
        result.problems.append(
            Problem(
                result.file,
                f"表头或数据区有合并单元格 {first}:{last}：合并后只有左上角单元格有值",
                sheet=raw.sheet.name,
                row=top + 1,
                column=column_letters(left),
                expected="每个单元格单独填写（取消合并）",
                found=f"合并单元格 {first}:{last}",
            )
        )


def _check_formulas(result: RawWorkbook, raw: RawSheet, path: str, member: str) -> None:
    for letters, row in uncached_formulas(path, member):
        result.problems.append(
            Problem(
                result.file,
                "公式没有计算结果（文件未经 Excel 保存）：请在 Excel 中打开并保存，或把公式改成数值",
                sheet=raw.sheet.name,
                row=row,
                column=letters,
                expected="数值",
                found="未计算的公式",
            )
        )


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _read_csv_folder(folder: Path, limits: Limits) -> RawWorkbook:
    files = {p.stem.strip(): (p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.suffix.lower() == ".csv"}
    return _read_csv_files(folder.name, files, "文件夹里没有 CSV 文件", limits)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, file: str) -> bytes:
    """A member's bytes, read in pieces and never more than ``budget`` (whatever size the zip claims)."""
    pieces, size = [], 0
    with archive.open(info) as stream:
        while piece := stream.read(1 << 20):
            size += len(piece)
            if size > budget:
                raise refuse(file, "解压后过大，未读取", "解压后不超过上限", f"{info.filename} 超过上限")
            pieces.append(piece)
    return b"".join(pieces)


def _read_csv_zip(path: Path, limits: Limits) -> RawWorkbook:
    """A zip of the CSV files (how a folder travels by e-mail or through the web upload)."""
    if path.stat().st_size == 0:
        raise _fatal(path.name, "文件是空的（0 字节）", "CSV 文件的 zip 压缩包", "空文件")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _fatal(path.name, "不是 zip 压缩包，无法读取", "CSV 文件的 zip 压缩包", _what_file(path)) from None
    files: dict[str, tuple[str, bytes]] = {}
    budget = limits.max_uncompressed
    with archive:
        for info in archive.infolist():
            name = PurePosixPath(_member_name(info)).name
            if info.is_dir() or not name.lower().endswith(".csv") or "__MACOSX" in info.filename:
                continue
            try:
                data = _read_member(archive, info, budget, path.name)
            except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
                raise _fatal(
                    path.name, f"压缩包已损坏，无法读取（{info.filename}）", "完整的 zip 压缩包", str(exc)
                ) from None
            budget -= len(data)
            files[name[:-4].strip()] = (name, data)
    return _read_csv_files(path.name, files, "压缩包里没有 CSV 文件", limits)


def _member_name(info: zipfile.ZipInfo) -> str:
    """A member's name; zips made on Chinese Windows write GBK names without saying so (Python reads them as cp437)."""
    if info.flag_bits & 0x800:  # the name is marked as UTF-8
        return info.filename
    return _decode(info.filename.encode("cp437")) or info.filename


def _read_csv_files(label: str, files: dict[str, tuple[str, bytes]], none_message: str, limits: Limits) -> RawWorkbook:
    """CSV files by sheet name (file name, bytes), from a folder or a zip called ``label``."""
    result = RawWorkbook(label)
    if not files:
        raise _fatal(label, none_message, "学校.csv、学段.csv、年级.csv、人口.csv", "没有 .csv 文件")
    for sheet in SHEETS:
        if sheet.name not in files:
            continue
        file = f"{label}/{files[sheet.name][0]}"
        data = files[sheet.name][1]
        lines = data.count(b"\n") + 1
        if lines > limits.max_rows:
            raise refuse(file, "CSV 文件行数过多，未读取", f"不超过 {limits.max_rows} 行", f"{lines} 行", sheet.name)
        if b"\0" in data:
            result.problems.append(
                Problem(
                    file,
                    "文件含有空字符（NUL），不是文本 CSV",
                    sheet=sheet.name,
                    expected="文本 CSV",
                    found="二进制内容",
                )
            )
            continue
        text = _decode(data)
        if text is None:
            result.problems.append(
                Problem(file, "无法识别文件编码", sheet=sheet.name, expected="UTF-8 或 GBK/GB18030", found="其他编码")
            )
            continue
        records = csv.reader(io.StringIO(text, newline=""))
        rows = _csv_rows(records, file, sheet.name, limits)
        _take_sheet(result, sheet, rows, file, limits.max_rows)
    _check_sheet_names(result, list(files))
    return result


def _csv_rows(records: Any, file: str, sheet: str, limits: Limits) -> Any:
    """The CSV rows with their numbers; a row wider than the column limit or a field beyond csv's field limit
    (128 KiB) refuses the file."""
    row = 0
    try:
        for row, values in enumerate(records, start=1):
            if len(values) > limits.max_columns:
                raise refuse(
                    file,
                    "CSV 文件列数过多，未读取",
                    f"不超过 {limits.max_columns} 列",
                    f"第 {row} 行有 {len(values)} 列",
                    sheet,
                )
            yield row, values
    except csv.Error as exc:
        raise refuse(
            file,
            f"第 {row + 1} 行不是有效的 CSV：{exc}",
            "每个单元格不超过 128 KB 的文本 CSV",
            "过长的单元格或损坏的内容",
            sheet,
        ) from None
