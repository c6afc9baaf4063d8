"""Access-matrix rows for the shell's pages beyond the home page (read by hub/access/tests)."""

from __future__ import annotations

from hub.access.tests.matrix_kit import Route

LEADS = frozenset({"admin", "rc_admin", "secretary", "coordinator", "outsider"})

ROUTES = {
    "web:today": Route(allowed=LEADS),
}
