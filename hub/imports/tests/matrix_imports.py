"""Access-matrix rows for the import pages added after the shared table (read by hub/access/tests).

Targets: "import_file" is a residents file still kept, uploaded by the coordinator of 青年公寓
("own") or by the other organization's admin ("foreign"); only the uploader may see it in full.
"""

from __future__ import annotations

from typing import Any

from hub.access.tests.matrix_kit import Route, pk
from hub.imports.actions import upload_import
from hub.imports.tests.files import RESIDENT_HEADER, csv_bytes
from hub.privacy.models import AccessLog

FILE = csv_bytes([["李四", "13912345678", "1号楼", "301", ""]], header=RESIDENT_HEADER)

VISIBLE = {
    "import_file": {
        "own": frozenset({"coordinator", "rc_admin"}),
        "foreign": frozenset({"outsider"}),
    },
}
UPLOADER = {"own": frozenset({"coordinator"}), "foreign": frozenset({"outsider"})}


def targets(cast: Any) -> dict[str, dict[str, Any]]:
    def kept(user: Any, compound: Any) -> Any:
        return upload_import(
            by=user,
            organization=compound.organization,
            kind="residents",
            compound=compound,
            filename="居民.csv",
            content=FILE,
        )

    return {
        "import_file": {
            "own": kept(cast.coordinator, cast.compound_own),
            "foreign": kept(cast.outsider, cast.compound_foreign),
        }
    }


def _logs() -> int:
    return AccessLog.objects.count()


ROUTES = {
    "imports:batch-reveal": Route(
        method="POST",
        target="import_file",
        kwargs=pk("batch_id"),
        allowed=UPLOADER,
        snapshot=_logs,
    ),
}
