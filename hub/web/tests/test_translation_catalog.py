"""The zh-hans catalog stays complete: every translatable string in the code has a translation."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> list[tuple[str, list[str], bool]]:
    """(msgid, msgstrs, fuzzy) for every entry of a PO file, header excluded."""
    entries = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.strip().splitlines() if not ln.startswith("#~")]
        if not lines:
            continue
        fuzzy = any(ln.startswith("#,") and "fuzzy" in ln for ln in lines)
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt) "(.*)"$', line)
            if match:
                key = match.group(1)
                fields[key] = match.group(2)
            elif key and line.startswith('"'):
                fields[key] += line[1:-1]
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        strs = [v for k, v in fields.items() if k.startswith("msgstr")]
        entries.append((fields["msgid"], strs, fuzzy))
    return entries


def test_every_catalog_entry_is_translated_and_none_is_fuzzy() -> None:
    missing = [mid for mid, strs, fuzzy in _entries(PO.read_text()) if fuzzy or not all(strs)]
    assert not missing, f"untranslated or fuzzy: {missing[:20]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (make install)")
def test_every_translatable_string_in_the_code_is_in_the_catalog(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "zh_Hans" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(PO, target / "django.po")
    settings.LOCALE_PATHS = [tmp_path]
    cwd = os.getcwd()
    # makemessages also writes to the project's own locale/ (every source file lies under it):
    # keep the repository's catalog as it was.
    original = PO.read_bytes()
    os.chdir(settings.BASE_DIR)
    try:
        call_command(
            "makemessages",
            locale=["zh_Hans"],
            no_obsolete=True,
            ignore_patterns=[".venv", "node_modules", "bench", "engines", "var", "*/tests/*"],
            verbosity=0,
        )
    finally:
        os.chdir(cwd)
        PO.write_bytes(original)
    fresh = _entries((target / "django.po").read_text())
    missing = [mid for mid, strs, fuzzy in fresh if fuzzy or not all(strs)]
    assert not missing, f"run `make messages` and translate: {missing[:20]}"
