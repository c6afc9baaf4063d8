"""The checks browser tests make on every page, on text a page could show (no browser needed)."""

from __future__ import annotations

import pytest

from hub.testing.browser import _missing_browser, chromium_path, untranslated


def test_chinese_text_passes():
    assert untranslated(["报名", "青年公寓 1号楼", "共 3 人", "下载 PDF", "扫描 QR 码"]) == []


def test_an_english_msgid_of_the_catalog_is_caught():
    assert untranslated(["Places"]) == ["Places"]
    assert untranslated(["状态：Pending"]) == ["'Pending' in '状态：Pending'"]


def test_a_run_of_english_words_is_caught_even_without_a_msgid():
    assert untranslated(["已确认 Acknowledged at 12月3日"]) != []
    assert untranslated(["ok True"]) != []


def test_internal_keys_and_python_literals_are_caught():
    assert untranslated(["political_status 党员"]) != []
    assert untranslated(["是否有效：True"]) != []


def test_the_english_hours_unit_is_caught():
    assert untranslated(["0.00 h"]) == ["0.00 h"]
    assert untranslated(["0.00 小时"]) == []


def test_chromium_path_honours_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "nowhere"))
    assert chromium_path() is None
    fake = tmp_path / "chromium"
    fake.write_text("")
    monkeypatch.setenv("CHROMIUM", str(fake))
    assert chromium_path() == str(fake)


def test_a_missing_browser_is_a_skip_that_says_so(monkeypatch):
    monkeypatch.delenv("REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium is not installed"):
        _missing_browser("Chromium is not installed")


def test_a_missing_browser_fails_when_one_is_required(monkeypatch):
    monkeypatch.setenv("REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_BROWSER=1 but Chromium"):
        _missing_browser("Chromium is not installed")
