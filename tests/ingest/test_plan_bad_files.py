"""Files that are not a readable plan: each a clear Chinese message naming the file (and page), never a traceback;
and a property test feeding the text parser random and mutated documents.

The property test runs 25 examples in the suite; ``EDUPLAN_FUZZ_EXAMPLES=2000`` runs it for about a minute.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eduplan.errors import IngestError
from eduplan.ingest.plans import parse_lines, read_plan_file

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


def error_of(path: Path) -> str:
    with pytest.raises(IngestError) as caught:
        read_plan_file(path)
    return str(caught.value)


def _pdf(objects: list[bytes], trailer: bytes) -> bytes:
    """A PDF written out by hand: objects, a cross-reference table with their offsets, a trailer."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % start)
    return out.getvalue()


def test_an_encrypted_pdf(tmp_path: Path) -> None:
    # the standard security handler with a user password: O and U entries that no empty password opens
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <" + b"41" * 32 + b"> /U <" + b"42" * 32 + b"> /P -4 >>"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>", encrypt]
    trailer = b"<< /Size 4 /Root 1 0 R /Encrypt 3 0 R /ID [<0102030405060708> <0102030405060708>] >>"
    path = tmp_path / "locked.pdf"
    path.write_bytes(_pdf(objects, trailer))
    assert error_of(path) == (
        "locked.pdf: PDF 已加密（需要密码才能打开）：请用密码打开后另存为不加密的 PDF，或上传 Word 原文；"
        "应为 未加密的 PDF，实际为 加密的 PDF"
    )


def test_a_pdf_of_no_pages(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(
        _pdf(
            [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"],
            b"<< /Size 3 /Root 1 0 R >>",
        )
    )
    assert error_of(path) == "empty.pdf: PDF 没有页面；应为 至少一页的规划文件，实际为 0 页"


def test_a_pdf_of_300_pages(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(300):
        document.new_page(200, 200)
    path = tmp_path / "volume.pdf"
    document.save(str(path))
    assert error_of(path) == (
        "volume.pdf: PDF 有 300 页，超过一次导入的上限 200 页：请只导入规划本身（可先用 PDF 工具拆出规划所在的页）；"
        "应为 不超过 200 页，实际为 300 页"
    )


def test_a_damaged_pdf_names_the_file(tmp_path: Path) -> None:
    text = (Path(__file__).resolve().parents[1] / "data" / "plans" / "formats" / "text.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(text[: len(text) // 3])  # a download broken off a third of the way
    message = error_of(path)
    assert message.startswith("cut.pdf: ")
    assert "损坏" in message or "不像规划文件" in message


def test_a_picture(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "scan.png"
    Image.new("L", (40, 20), 255).save(path)
    assert error_of(path) == (
        "scan.png: 文件是一张图片（PNG 图片），不是规划文档：请上传规划的 PDF、Word、网页或文本文件（扫描件请先合成 PDF）；"
        "应为 PDF、Word、网页、Excel 或文本，实际为 PNG 图片"
    )


def test_a_zip_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a Word document")
    assert error_of(path).startswith(
        "plan.docx: 无法读取 .docx 文件（文件已损坏，或不是 Word 文件）；应为 Word 2007 及以上的 .docx"
    )


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(random.Random(14).randbytes(4096))
    assert error_of(path) == (
        "plan.txt: 文件不是可读的文本，也不是可识别的 PDF、Word、网页或 Excel 文件（可能已损坏）；"
        "应为 PDF、Word（.docx/.doc/.wps）、网页（.html）、Excel 或 UTF-8/GBK 文本，实际为 无法识别的二进制内容"
    )


def test_a_text_file_under_a_pdf_name(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_text("某县教育发展规划", encoding="utf-8")
    assert error_of(path) == "plan.pdf: 文件扩展名是 .pdf，内容却不是 PDF（可能已损坏）；应为 PDF 文件"


# --- property test -----------------------------------------------------------------------------------------

SEED_LINES = (SEEDS / "001_2a7c526d3bbe7c3e.txt").read_text(encoding="utf-8").split("\n")[:400]
PIECES = [
    "\t",
    "",
    "到2025年",
    "达到",
    "%",
    "所",
    "个百分点",
    "两千",
    "百分之九十",
    "万",
    "—",
    "（",
    "）",
    "合计",
    "序号",
]


@st.composite
def documents(draw: st.DrawFn) -> list[str]:
    if draw(st.booleans()):  # random lines of Chinese-like text with the parser's own words mixed in
        words = st.sampled_from([*PIECES, "教育", "规划", "学校", "2025", "95", "。", "，", "\n", "一、", "1."])
        return draw(st.lists(st.lists(words, max_size=12).map("".join), min_size=1, max_size=30))
    lines = list(SEED_LINES)  # a real plan, mutated: lines dropped or cut, pieces put in
    rng = random.Random(draw(st.integers(0, 2**32)))
    for _ in range(draw(st.integers(1, 40))):
        index = rng.randrange(len(lines))
        action = rng.randrange(3)
        if action == 0:
            del lines[index]
        elif action == 1:
            lines[index] = lines[index][: rng.randrange(len(lines[index]) + 1)]
        else:
            at = rng.randrange(len(lines[index]) + 1)
            lines[index] = lines[index][:at] + rng.choice(PIECES) + lines[index][at:]
    return lines


@settings(
    max_examples=int(os.environ.get("EDUPLAN_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize="EDUPLAN_FUZZ_EXAMPLES" not in os.environ,
)
@given(documents())
def test_the_text_parser_returns_plans_or_an_ingest_error(lines: list[str]) -> None:
    try:
        plans = parse_lines(lines, "fuzz.txt")
    except IngestError as error:
        assert error.problems and all(p.file == "fuzz.txt" and p.message for p in error.problems)
        return
    assert plans
    for plan in plans:
        for item in plan.indicators + plan.targets:
            assert item.target_value is None or isinstance(item.target_value, float)
