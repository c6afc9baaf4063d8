"""Screenshots of the main pages at phone size, as each demo role sees them.

    make screenshots            # against a running `make run` (http://127.0.0.1:8000)

Uses Debian's chromium (apt install chromium) through Playwright; no browser download.
Writes PNGs to var/screens/.
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "coordinator": ["/", "/places/", "/people/", "/imports/new/"],
    "secretary": ["/", "/people/", "/rosters/", "/rosters/duty-stats/"],
    "office": ["/rosters/duty-stats/"],
    "volunteer": ["/"],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default=os.environ.get("BASE_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "shouwang-demo"))
    parser.add_argument("--out", default="var/screens")
    parser.add_argument("--login", action="append", default=[], help="role=login pairs")
    parser.add_argument("--extra", action="append", default=[], help="role=/path to add")
    parser.add_argument("--only-extra", action="store_true", help="skip the default pages")
    args = parser.parse_args()
    logins = dict(item.split("=", 1) for item in args.login)
    if args.only_extra:
        PAGES.clear()
    for item in args.extra:
        role, path = item.split("=", 1)
        PAGES.setdefault(role, []).append(path)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        for role, paths in PAGES.items():
            page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
            page.goto(args.base + "/accounts/login/")
            page.fill("#id_username", logins.get(role, role))
            page.fill("#id_password", args.password)
            page.click("main button[type=submit]")
            page.wait_for_load_state("networkidle")
            for i, path in enumerate(paths):
                page.goto(args.base + path)
                page.wait_for_load_state("networkidle")
                slug = re.sub(r"[^\w.-]+", "_", path.strip("/")) or "home"
                name = f"{role}-{i}-{slug}.png"
                page.screenshot(path=str(out / name), full_page=True)
                print(out / name)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
