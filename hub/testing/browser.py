"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Registered as a pytest plugin from ``hub/conftest.py``. A browser test is marked ``browser``
and asks for ``phone_page`` (390×844, the product's target) or ``desktop_page`` (1280×800);
both are opened on ``live_server`` (so the test's database is transactional: rows the test
writes are committed and seen by the server thread, and every table is emptied afterwards).
Sign in with ``login(page, user)``: the login form and the cast's PASSWORD, as a person would.

Chromium is the distribution's package (``chromium``, installed by ``make install`` through
scripts/system-packages.txt); nothing downloads a browser. Where it is missing the tests are
skipped with a reason saying so, and with ``REQUIRE_BROWSER=1`` (set by ``.ci/run``) they fail.
``CHROMIUM`` names another executable.

Two checks every journey makes on each page it reaches:

- ``assert_no_horizontal_overflow(page)``: nothing sticks out past the viewport's right edge
  (a scrolling container such as the nav may scroll; the page itself may not).
- ``assert_no_untranslated_text(page)``: on a Chinese page no visible text (nor placeholder,
  aria-label, title or button value) is an English msgid of the compiled catalog, a run of
  English words, an internal key (``political_status``) or a Python literal (``True``).
  Content marked ``translate="no"`` (user-entered text, codes) or declared in another language
  (``lang="en"``: the switch to English) is not checked.

Screenshots go to ``var/browser/`` (``screenshot(page, name)``), which git ignores.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

import pytest

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Words that stay Latin on a Chinese page: products, formats and units people read as such.
ALLOWED_LATIN = {
    "QR",
    "PDF",
    "CSV",
    "Excel",
    "SMS",
    "URL",
    "API",
    "ID",
    "WeCom",
    "DingTalk",
    "Feishu",
    "Webhook",
    "webhook",
    "http",
    "https",
    "Email",
    "email",
    "Shouwang",
    "PM",
    "AM",
}


def chromium_path() -> str | None:
    """The Chromium executable to drive, or None when the machine has none."""
    named = os.environ.get("CHROMIUM")
    if named:
        return named if Path(named).exists() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _missing_browser(reason: str) -> NoReturn:
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(f"{reason}: browser tests skipped (apt package chromium; `make install`)")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the session (Debian's; skipped or failed where it is missing)."""
    executable = chromium_path()
    if executable is None:
        _missing_browser("Chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        _missing_browser("Playwright is not installed")
    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are
    # plain synchronous code all the same, so Django's async guard must not refuse them.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as exc:
            _missing_browser(f"Chromium at {executable} did not start ({exc})")
        yield browser
        browser.close()


def _page(chromium: Any, live_server: Any, viewport: dict[str, int]) -> Iterator[Any]:
    context = chromium.new_context(
        viewport=viewport,
        device_scale_factor=1,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        base_url=live_server.url,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def phone_page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """A fresh page at phone size (390×844, Chinese) on the live server."""
    yield from _page(chromium, live_server, PHONE)


@pytest.fixture
def desktop_page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """A fresh page at desktop size (1280×800, Chinese) on the live server."""
    yield from _page(chromium, live_server, DESKTOP)


def login(page: Any, user: Any, *, password: str | None = None) -> None:
    """Sign ``user`` in through the login form (the cast's PASSWORD unless told otherwise)."""
    if password is None:
        from hub.conftest import PASSWORD

        password = PASSWORD
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    assert "/accounts/login/" not in page.url, f"{user.username} could not sign in"


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page PNG under var/browser/ and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^\w.-]+", "_", name)
    path = SCREENSHOTS / f"{slug}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


_OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    // Inside a container that scrolls sideways (the nav): that container is what counts.
    let clipped = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') {
        clipped = true; break;
      }
    }
    if (clipped) continue;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) {
      out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}` +
               `${el.className && typeof el.className === 'string' ? '.' +
                  el.className.trim().split(/\\s+/).join('.') : ''}` +
               ` right=${Math.round(box.right)}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, out: out.slice(0, 8)};
}
"""


def assert_no_horizontal_overflow(page: Any) -> None:
    """Fail when the page is wider than its viewport, naming the elements that stick out."""
    found = page.evaluate(_OVERFLOW_JS)
    assert found["scroll"] <= found["width"] and not found["out"], (
        f"{page.url}: page {found['scroll']} px wide in a {found['width']} px viewport; "
        f"sticking out: {found['out']}"
    )


_TEXT_JS = """
() => {
  const texts = [];
  const skip = (el) => el.closest(
    '[translate="no"], [lang]:not([lang^="zh"]), script, style, noscript, template, code');
  const visible = (el) => {
    const style = getComputedStyle(el);
    return style.display !== 'none' && style.visibility !== 'hidden' &&
           el.getClientRects().length > 0;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || skip(el) || !node.textContent.trim() || !visible(el)) continue;
    texts.push(node.textContent.trim());
  }
  for (const el of document.body.querySelectorAll(
      '[placeholder], [aria-label], [title], input[type=submit], input[type=button]')) {
    if (skip(el)) continue;
    for (const attr of ['placeholder', 'aria-label', 'title']) {
      const value = el.getAttribute(attr);
      if (value && value.trim()) texts.push(value.trim());
    }
    if (el.tagName === 'INPUT' && el.value) texts.push(el.value.trim());
  }
  texts.push(document.title.trim());
  return texts;
}
"""
# A run of Latin text between Chinese characters and punctuation.
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9 _'’.,:;!?()/&%+-]*[A-Za-z0-9)]|[A-Za-z]")
_WORD = re.compile(r"[A-Za-z]+")
_INTERNAL_KEY = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
_LITERAL = re.compile(r"\b(?:True|False|None)\b")
_HOURS_UNIT = re.compile(r"\d\s*h\b")  # "0.00 h": the hours unit left in English


@cache
def english_msgids() -> frozenset[str]:
    """The msgids the Chinese catalog translates (a page showing one did not translate it)."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation("zh-hans")._catalog  # type: ignore[attr-defined]
    found = set()
    for key, value in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        msgid = msgid.split("\x04", 1)[-1]  # drop a pgettext context
        if (
            isinstance(value, str)
            and value != msgid
            and "%" not in msgid
            and "{" not in msgid
            and len(_WORD.findall(msgid)) >= 1
            and len(msgid.strip()) >= 2
        ):
            found.add(msgid.strip())
    return frozenset(found)


def untranslated(texts: list[str]) -> list[str]:
    """The pieces of ``texts`` that are English on a page that should be Chinese."""
    msgids = english_msgids()
    bad: list[str] = []
    for text in texts:
        if text in msgids or _HOURS_UNIT.search(text):
            bad.append(text)
            continue
        for run in _LATIN_RUN.findall(text):
            run = run.strip(" .,:;!?()-")
            words = [w for w in _WORD.findall(run) if w not in ALLOWED_LATIN]
            if not words:
                continue
            if (
                run in msgids
                or _INTERNAL_KEY.search(run)
                or _LITERAL.search(run)
                or sum(1 for w in words if len(w) >= 2) >= 2
            ):
                bad.append(run if run == text else f"{run!r} in {text!r}")
    return bad


def assert_no_untranslated_text(page: Any) -> None:
    """Fail when the (Chinese) page shows English UI text; see the module docstring."""
    lang = page.evaluate("() => document.documentElement.lang")
    assert lang.lower().startswith("zh"), f"{page.url} is not a Chinese page (lang={lang!r})"
    bad = untranslated(page.evaluate(_TEXT_JS))
    assert not bad, f"{page.url}: untranslated text on the Chinese page: {bad[:12]}"
