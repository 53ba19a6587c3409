"""The supervision checklist: every item cites a known source, and the 办法's items say their wording is restated."""

from __future__ import annotations

from eduplan.standards import supervision as s


def test_every_item_cites_a_known_source() -> None:
    assert s.ITEMS, "the checklist is empty"
    for item in s.ITEMS.values():
        assert item.sources and set(item.sources) <= set(s.SOURCES), item.key


def test_the_regular_list_is_the_eight_matters_of_the_banfa_restated_not_quoted() -> None:
    assert len(s.REGULAR.items) == 8
    assert s.REGULAR.items[5].text == "校园及周边安全情况"
    assert {i.wording for i in s.REGULAR.items} == {"restated"}
    assert "not at hand" in s.SOURCES["banfa2013"].note
    assert s.SOURCES["banfa2013"].title.endswith("（国教督办〔2013〕7号）")


def test_thematic_lists_are_the_bureaus_own() -> None:
    assert [c.name for c in s.THEMATIC] == ["五项管理专项督导", "双减专项督导", "校园安全专项督导", "食堂专项督导"]
    assert {i.wording for c in s.THEMATIC for i in c.items} == {"bureau"}
    assert len(s.CHECKLISTS["five"].items) == 5


def test_restatements_have_an_address() -> None:
    assert s.SOURCES["qidong2017"].url == "http://jsqdsx.com/news/show-1507.html"
    assert s.SOURCES["nanguan2017"].url.startswith("https://")


def test_an_unknown_item_key_shows_as_itself() -> None:
    assert s.item_text("regular_06") == "校园及周边安全情况"
    assert s.item_text("gone_01") == "gone_01"


def test_the_doc_lists_every_regular_item_and_each_source_address() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "supervision.md").read_text(encoding="utf-8")
    for item in s.REGULAR.items:
        assert f"| `{item.key}` | {item.text} |" in doc, item.key
    for source in s.SOURCES.values():
        assert not source.url or source.url in doc, source.key
