"""The project's settings, with the bare reference views of bench/web/ratio.py mounted."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.web.urls"
