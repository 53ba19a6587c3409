"""``eduplan import plan`` and ``eduplan plan show`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_eduplan

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
GAZETTE = str(SEEDS / "000_287a84df7b129c81.txt")


def store_env(tmp_path: Path) -> dict[str, str]:
    return {"EDUPLAN_VAR": str(tmp_path), "EDUPLAN_DATABASE_URL": f"sqlite:///{tmp_path / 'eduplan.sqlite3'}"}


def test_dry_run_json_of_a_gazette_is_its_education_plan_and_the_transport_plan_is_left_out():
    result = run_eduplan("import", "plan", GAZETTE, "--region", "441802", "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    education = json.loads(result.stdout)
    assert education["plan"]["title"] == "清远市清城区教育发展“十四五”规划（2021—2025年）"
    assert (education["plan"]["kind"], education["plan"]["format"]) == ("规划", "文本（UTF-8）")
    assert (len(education["indicators"]), len(education["projects"])) == (22, 49)
    assert result.stderr.startswith(
        "未导入：《清远市清城区推进多式联运发展优化调整运输结构实施方案》（第 819–913 行）不是教育规划，未导入："
    )


def test_json_of_a_single_document_is_one_object():
    result = run_eduplan(
        "import", "plan", str(SEEDS / "004_458e35a3c5bc5943.txt"), "--region", "440114", "--dry-run", "--json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["plan"]["title"] == "广州市花都区教育事业发展第十四个五年规划"
    assert data["indicators"][12]["target_value"] == 35000.0


def test_import_stores_the_education_plan_and_show_lists_items_with_their_lines(tmp_path):
    env = store_env(tmp_path)
    assert run_eduplan("init", env=env).returncode == 0
    imported = run_eduplan("import", "plan", GAZETTE, "--region", "441802", env=env)
    assert imported.returncode == 0, imported.stderr
    first = imported.stdout.splitlines()[0]
    assert first.startswith("规划 1：《清远市清城区教育发展“十四五”规划（2021—2025年）》第 15–817 行：指标 22，")
    assert first.endswith("项目 49，任务 14，不一致 3")
    shown = run_eduplan("plan", "show", "1", env=env)
    assert shown.returncode == 0, shown.stderr
    assert "[项目 1] 新建 清城区清飞小学（暂名） 学位 2160 投资 16000.0" in shown.stdout
    assert "第 677 行" in shown.stdout
    assert run_eduplan("plan", "show", "2", env=env).returncode == 3  # the transport plan was left out
    again = run_eduplan("import", "plan", GAZETTE, "--region", "441802", env=env)
    assert again.returncode == 2
    assert "同一文件已导入过：规划 1《清远市清城区教育发展“十四五”规划（2021—2025年）》" in again.stderr
    replaced = run_eduplan("import", "plan", GAZETTE, "--region", "441802", "--replace", env=env)
    assert replaced.returncode == 0, replaced.stderr
    assert replaced.stdout.startswith("规划 2：")
    assert run_eduplan("plan", "show", "1", env=env).returncode == 3


def test_bad_input_stores_nothing_and_says_where(tmp_path):
    env = store_env(tmp_path)
    assert run_eduplan("init", env=env).returncode == 0
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run_eduplan("import", "plan", str(empty), "--region", "441802", env=env)
    assert (result.returncode, result.stderr.strip()) == (3, "错误 / error: empty.txt: 文件为空；应为 规划文本")
    missing = run_eduplan("plan", "show", "1", env=env)
    assert missing.returncode == 3
    assert "规划 1 不存在" in missing.stderr


def test_an_unknown_region_stores_nothing(tmp_path):
    env = store_env(tmp_path)
    assert run_eduplan("init", env=env).returncode == 0
    result = run_eduplan("import", "plan", GAZETTE, "--region", "449999", env=env)
    assert result.returncode == 3
    assert "区划代码 449999 不在区划表中" in result.stderr
    assert run_eduplan("plan", "show", "1", env=env).returncode == 3


def test_corrections_confirmations_and_actuals_from_the_command_line(tmp_path):
    env = store_env(tmp_path)
    assert run_eduplan("init", env=env).returncode == 0
    assert run_eduplan("import", "plan", GAZETTE, "--region", "441802", env=env).returncode == 0
    corrected = run_eduplan("plan", "correct", "project", "7", "investment=8600", env=env)
    assert (corrected.returncode, corrected.stdout.strip()) == (0, "已更正 project 7：investment=8600")
    bad = run_eduplan("plan", "correct", "project", "7", "investment", env=env)
    assert (bad.returncode, bad.stderr.strip()) == (
        2,
        "错误 / error: “investment”不是 字段=值 的形式，例如 investment=8600",
    )
    assert run_eduplan("plan", "confirm", "task", "1", env=env).returncode == 0
    # indicator 18 is 公办小学本科以上学历占比 (81.37 → 85); E(2022) = 82.822, so 83.0 is on track
    assert run_eduplan("plan", "actual", "18", "2022", "83.0", env=env).returncode == 0
    data = json.loads(run_eduplan("plan", "show", "1", "--json", env=env).stdout)
    project = next(p for p in data["projects"] if p["id"] == 7)
    assert (project["investment"], project["confirmed"]) == (8600, True)
    indicator = next(i for i in data["indicators"] if i["id"] == 18)
    assert indicator["name"] == "公办小学本科以上学历占比"
    assert indicator["track"][0]["status"] == "正常推进"


def test_each_kind_of_bad_input_is_a_clear_message_and_stores_nothing(tmp_path):
    env = store_env(tmp_path)
    assert run_eduplan("init", env=env).returncode == 0
    files = {
        "empty.txt": b"",
        "notes.txt": "会议纪要\n\n今天上午召开了例会，大家交流了近期工作情况。\n".encode(),
        "plan.pdf": b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n",
        "scan.png": b"\x89PNG\r\n\x1a\n" + bytes(64),
        "cut.txt": (
            "测试区幼儿园建设规划（2021—2025年）\n\n一、新建幼儿园\n\n"
            "编号\t建设项目\t启动时间\t完成时间\t计划投入资金(万元)\t责任单位\n"
            "1\t新建测试区第一幼儿园，办学规模 9 个班、270 个学位。\t2021 年\t2022 年\t2000\t测试区政府\n"
            "2\t新建测试区第二幼儿园，办学规模 12 个班、360 个学位。\t2022 年\t2023 年\t3500\t测试区政府\n"
            "3\t新建测试区第三幼儿园，办学规\n"
        ).encode(),
    }
    expected = {
        "empty.txt": "empty.txt: 文件为空；应为 规划文本",
        "notes.txt": "notes.txt: 文件不像规划文件：没有找到规划标题、指标表、项目表、量化目标或任务；"
        "应为 规划、计划或实施方案的正文，实际为 会议纪要",
        "plan.pdf": "plan.pdf: PDF 文件已损坏，无法读取：请重新下载或重新导出后再导入；应为 完整的 PDF，"
        "实际为 No /Root object! - Is this really a PDF?",
        "scan.png": "scan.png: 文件是一张图片（PNG 图片），不是规划文档：请上传规划的 PDF、Word、网页或文本文件"
        "（扫描件请先合成 PDF）；应为 PDF、Word、网页、Excel 或文本，实际为 PNG 图片",
        "cut.txt": "cut.txt: 第 8 行：项目表在文件末尾被截断，最后一行缺少finish_year、investment、responsible；"
        "应为 完整的表格行，实际为 3 | 新建测试区第三幼儿园，办学规",
    }
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = run_eduplan("import", "plan", str(path), "--region", "441802", env=env)
        assert (result.returncode, result.stderr.strip()) == (3, f"错误 / error: {expected[name]}"), name
        assert "Traceback" not in result.stderr
    assert run_eduplan("plan", "show", "1", env=env).returncode == 3  # nothing was stored
    # a GBK file without tables is a plan all the same: one target, one task, stored as plan 1
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("某县教育发展规划（2021—2025年）\n\n到2025年，全县创建10所劳动教育特色学校。\n".encode("gbk"))
    result = run_eduplan("import", "plan", str(gbk), "--region", "441802", env=env)
    assert (result.returncode, result.stdout.strip().splitlines()) == (
        0,
        [
            "规划 1：《某县教育发展规划（2021—2025年）》第 1–3 行：指标 0，目标句 1，项目 0，任务 1，不一致 0",
            "  格式：文本（GB18030）；类型：规划（标题为规划，但没有主要指标表）",
            "  说明：文中没有主要指标表（带“指标”和基期、目标年份两列的表格）；量化目标见“目标句”",
        ],
    )


def test_stored_import_prints_the_plan_with_its_id(tmp_path):
    env = store_env(tmp_path)
    assert run_eduplan("init", env=env).returncode == 0
    result = run_eduplan("import", "plan", GAZETTE, "--region", "441802", "--json", env=env)
    assert result.returncode == 0, result.stderr
    education = json.loads(result.stdout)
    assert (education["plan"]["id"], education["plan"]["region"]) == (1, "441802")
    counts = (
        len(education["indicators"]),
        len(education["projects"]),
        len(education["rollups"]),
        len(education["discrepancies"]),
    )
    assert counts == (22, 49, 20, 3)
    assert all(task["source"]["line"] < 819 for task in education["tasks"])


def test_project_progress_and_task_status_from_the_command_line(tmp_path):
    env = store_env(tmp_path)
    assert run_eduplan("init", env=env).returncode == 0
    assert run_eduplan("import", "plan", GAZETTE, "--region", "441802", env=env).returncode == 0
    # project 1 is 清飞小学 (2020–2021, 2,160 seats, 16,000 万元); task 3 is "到2025年，全区创建10所社会实践特色学校。"
    done = run_eduplan("plan", "progress", "1", "2021", "竣工", "--seats", "2160", "--spent", "15800", env=env)
    assert (done.returncode, done.stdout.strip()) == (
        0,
        "已记录项目 1 2021年：竣工，交付学位 2160，累计投资 15800 万元",
    )
    bad = run_eduplan("plan", "progress", "1", "2022", "完工", env=env)
    assert (bad.returncode, bad.stderr.strip()) == (
        2,
        "错误 / error: 项目状态“完工”无效；应为 未开工、在建、竣工、延期",
    )
    task = run_eduplan("plan", "task", "3", "已完成", "--completed-on", "2024-06-30", env=env)
    assert (task.returncode, task.stdout.strip()) == (0, "任务 3 状态：已完成")
    data = json.loads(run_eduplan("plan", "show", "1", "--json", env=env).stdout)
    tracking = next(p for p in data["projects"] if p["id"] == 1)["tracking"]
    assert (tracking["status"], tracking["seats_delivered"], tracking["investment_spent"]) == ("竣工", 2160.0, 15800.0)
    assert tracking["delivered_by_year"] == {"2021": 2160.0}
    finished = next(t for t in data["tasks"] if t["id"] == 3)
    assert (finished["text"], finished["status"], finished["overdue"]) == (
        "到2025年，全区创建10所社会实践特色学校。",
        "已完成",
        False,
    )
