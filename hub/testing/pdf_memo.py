"""Tests render each distinct PDF once: WeasyPrint's ``HTML(string=…).write_pdf()`` remembered.

The same page rendered for nine roles (the access matrix) or by several tests is the same HTML,
and WeasyPrint turns the same HTML (with the same fonts on disk) into the same PDF, so the
bytes of the first rendering stand for the later ones: every test still gets a real PDF made
from exactly the HTML its request produced. Only ``HTML(string=…, base_url=…)`` written without
a target or options is remembered; anything else renders as usual. Installed from
``hub/conftest.py`` once WeasyPrint has been imported (importing it costs seconds, so a run that
renders no PDF never pays for it).
"""

from __future__ import annotations

import sys
from typing import Any

_MAX_REMEMBERED = 256
_memo: dict[tuple[str, str | None], Any] = {}


def install_if_imported() -> None:
    """Wrap ``weasyprint.HTML`` once, if some code has imported WeasyPrint."""
    weasyprint = sys.modules.get("weasyprint")
    if weasyprint is None or getattr(weasyprint.HTML, "_remembers_pdfs", False):
        return
    html_class = weasyprint.HTML
    original_init = html_class.__init__
    original_write = html_class.write_pdf

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        plain = not args and set(kwargs) <= {"string", "base_url"}
        string, base_url = kwargs.get("string"), kwargs.get("base_url")
        self._pdf_memo_key = (string, base_url) if plain and isinstance(string, str) else None

    def write_pdf(self: Any, target: Any = None, *args: Any, **kwargs: Any) -> Any:
        key = getattr(self, "_pdf_memo_key", None)
        if key is None or target is not None or args or kwargs:
            return original_write(self, target, *args, **kwargs)
        if key not in _memo:
            if len(_memo) >= _MAX_REMEMBERED:
                _memo.clear()
            _memo[key] = original_write(self)
        return _memo[key]

    html_class.__init__ = __init__
    html_class.write_pdf = write_pdf
    html_class._remembers_pdfs = True
