"""The audit log in words in both locales (web/areas/audit_words.py): every word of its vocabulary has its English,
and a clerk's saved draft reads as who changed which field from what to what."""

from __future__ import annotations

import pytest
from django.utils import translation

from eduplan.web.areas.audit_words import DOMAINS, FIELDS, OBJECTS, VERBS, action_label, changes, object_label

BEFORE = {"年级|小学/1|students": 160, "学段|小学|teachers": 52, "findings": []}
AFTER = {"年级|小学/1|students": 9_999_999, "学段|小学|teachers": 53, "findings": [1]}


@pytest.mark.parametrize("word", sorted({*DOMAINS.values(), *VERBS.values(), *OBJECTS.values(), *FIELDS.values()}))
def test_every_audit_word_has_its_english(word: str) -> None:
    with translation.override("en"):
        assert translation.gettext(word) != word


def test_a_saved_draft_in_chinese() -> None:
    with translation.override("zh-hans"):
        assert action_label("collection.save") == "数据填报·保存草稿"
        assert action_label("census.restore_county") == "普查数据·按县区恢复"
        assert object_label("School", "4418020001") == "学校 4418020001"
        assert changes(BEFORE, AFTER) == [
            "学段 小学 专任教师数：52 → 53",
            "年级 小学 1 在校生数：160 → 9,999,999",
            "其他 1 项",
        ]


def test_a_saved_draft_in_english() -> None:
    with translation.override("en"):
        assert action_label("collection.approve") == "Data collection·Approve"
        assert action_label("user.reset_password") == "Users·Set password"
        assert object_label("School", "4418020001") == "Schools 4418020001"  # 学校 is the menu's word
        assert changes(BEFORE, AFTER) == [
            "Stage Primary Full-time teachers: 52 → 53",
            "Grade Primary 1 Students: 160 → 9,999,999",
            "1 other fields",
        ]


def test_a_census_source_in_words() -> None:
    from eduplan.web.templatetags.eduplan_tags import census_source

    with translation.override("zh-hans"):
        assert [census_source(s) for s in ("import", "demo", "collection", "county")] == [
            "导入",
            "演示数据",
            "网上填报审核通过",
            "按县区恢复",
        ]
    with translation.override("en"):
        assert census_source("collection") == "Approved collection" and census_source("county") == "County restore"
