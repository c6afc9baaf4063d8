"""The README lists the demo accounts the seed makes (so nobody has to dig them out of a log)."""

from __future__ import annotations

from pathlib import Path

from hub.demo.world import ACCOUNTS, DEMO_PASSWORD

README = Path(__file__).resolve().parents[3] / "README.md"


def test_every_demo_account_is_in_the_readme_with_its_phone_and_the_password():
    text = README.read_text(encoding="utf-8")
    assert f"`{DEMO_PASSWORD}`" in text
    for account in ACCOUNTS:
        assert f"| `{account.username}` | {account.phone} |" in text, account.username


def test_the_readme_says_how_to_choose_the_host_and_port():
    text = README.read_text(encoding="utf-8")
    assert "`HOST`" in text and "`PORT`" in text
