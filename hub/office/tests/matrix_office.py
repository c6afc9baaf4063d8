"""Access-matrix rows for the office pages and endpoints (read by hub/access/tests).

Targets: ``office_site``, ``office_company`` and ``office_area`` own — the health center's entry
site, contractor company and cleaning area, made by its office staff; foreign — the other
organization's, made by its admin (the outsider). Org admins and office staff manage them; the
entry desk sees them, records entries and cleaning rounds; other organizations get 404. The scan
page is public: the poster's signed code is the capability.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from hub.access.tests.matrix_kit import API_ANON, EVERYONE, Route, pk
from hub.office.actions.cleaning import create_area
from hub.office.actions.contractors import create_company
from hub.office.actions.entries import create_site
from hub.office.models import (
    AttendanceRequirement,
    CleaningArea,
    CleaningRecord,
    ContractorCompany,
    ContractorWorker,
    Entry,
    Site,
)
from hub.office.queries import poster_code

SEE = {"own": frozenset({"admin", "office", "desk"}), "foreign": frozenset({"outsider"})}
MANAGE = {"own": frozenset({"admin", "office"}), "foreign": frozenset({"outsider"})}
VISIBLE = {"office_site": SEE, "office_company": SEE, "office_area": SEE}
ADMINS = frozenset({"admin", "rc_admin", "outsider"})
MANAGERS = ADMINS | {"office"}
DESK_ROLES = MANAGERS | {"desk"}
OFFICE_HOME = DESK_ROLES | {"secretary"}
SUMMARY = MANAGERS | {"secretary"}


def targets(cast: Any) -> dict[str, dict[str, Any]]:
    def trio(by: Any, org: Any) -> tuple[Site, ContractorCompany, CleaningArea]:
        return (
            create_site(by=by, organization=org, name="矩阵办公楼"),
            create_company(by=by, organization=org, name="矩阵物业"),
            create_area(by=by, organization=org, name="矩阵电梯", kind="lift"),
        )

    own = trio(cast.office, cast.org_health)
    foreign = trio(cast.outsider, cast.org_other)
    return {
        "office_site": {"own": own[0], "foreign": foreign[0]},
        "office_company": {"own": own[1], "foreign": foreign[1]},
        "office_area": {"own": own[2], "foreign": foreign[2]},
    }


def _state() -> Any:
    return (
        sorted(Site.objects.values_list("id", "name", "require_green", "test_valid_hours")),
        sorted(Entry.objects.values_list("id", "outcome")),
        sorted(AttendanceRequirement.objects.values_list("id", "role", "expected")),
        sorted(ContractorCompany.objects.values_list("id", "name")),
        sorted(ContractorWorker.objects.values_list("id", "phone")),
        sorted(CleaningArea.objects.values_list("id", "name")),
        sorted(CleaningRecord.objects.values_list("id", "done_at")),
    )


def _code(site: Site) -> dict[str, Any]:
    return {"code": poster_code(site)}


def _now() -> str:
    return timezone.localtime().strftime("%H:%M")


def _visitor(_cast: Any) -> dict[str, Any]:
    return {
        "kind": "visitor",
        "name": "矩阵访客",
        "phone": "13912345678",
        "purpose": "送文件",
        "host": "王主任",
        "code_colour": "green",
        "tested_on": timezone.localdate().isoformat(),
    }


def _manual(_cast: Any) -> dict[str, Any]:
    return {"arrived_time": _now(), "name": "矩阵大爷", "purpose": "取药", "code_colour": "green"}


def _round(_cast: Any) -> dict[str, Any]:
    return {
        "done_time": _now(),
        "done_by": "保洁甲",
        "agent": "含氯消毒剂",
        "concentration_mg_l": 500,
    }


SITE_VALUES = {
    "name": "矩阵门岗",
    "kind": "gate",
    "require_green": "on",
    "test_valid_hours": 48,
    "retention_days": 14,
}

ROUTES = {
    "office:home": Route(allowed=OFFICE_HOME),
    "office:site-create": Route(allowed=MANAGERS),
    "office:site-edit": Route(target="office_site", kwargs=pk("site_id"), allowed=MANAGE),
    "office:site-requirement": Route(
        method="POST",
        target="office_site",
        kwargs=pk("site_id"),
        allowed=MANAGE,
        data={"role": "security", "expected": 2, "due_by": "08:30"},
        ok=(302,),
        snapshot=_state,
    ),
    "office:site-poster": Route(target="office_site", kwargs=pk("site_id"), allowed=SEE),
    "office:scan": Route(target="office_site", kwargs=_code, allowed=EVERYONE, anonymous=(200,)),
    "office:desk": Route(target="office_site", kwargs=pk("site_id"), allowed=SEE),
    "office:desk-arrivals": Route(target="office_site", kwargs=pk("site_id"), allowed=SEE),
    "office:desk-register": Route(
        method="POST",
        target="office_site",
        kwargs=pk("site_id"),
        allowed=SEE,
        data=_manual,
        ok=(302,),
        snapshot=_state,
    ),
    "office:desk-contractor": Route(
        method="POST",
        target="office_site",
        kwargs=pk("site_id"),
        allowed=SEE,
        data={"code_colour": "green"},
        ok=(400,),  # no such worker: the form says so, nothing written
        snapshot=_state,
    ),
    "office:company-list": Route(allowed=DESK_ROLES),
    "office:company-detail": Route(target="office_company", kwargs=pk("company_id"), allowed=SEE),
    "office:area-list": Route(allowed=DESK_ROLES),
    "office:area-detail": Route(target="office_area", kwargs=pk("area_id"), allowed=SEE),
    "office:area-sheet-pdf": Route(target="office_area", kwargs=pk("area_id"), allowed=SEE),
    "office:area-sheet-xlsx": Route(target="office_area", kwargs=pk("area_id"), allowed=SEE),
    "office:summary": Route(allowed=SUMMARY),
}

EXTRA_METHODS = {
    ("office:site-create", "POST"): Route(
        method="POST", allowed=MANAGERS, data=SITE_VALUES, ok=(302,), snapshot=_state
    ),
    ("office:site-edit", "POST"): Route(
        method="POST",
        target="office_site",
        kwargs=pk("site_id"),
        allowed=MANAGE,
        data={**SITE_VALUES, "name": "矩阵办公楼"},
        ok=(302,),
        snapshot=_state,
    ),
    ("office:scan", "POST"): Route(
        method="POST",
        target="office_site",
        kwargs=_code,
        allowed=EVERYONE,
        data=_visitor,
        anonymous=(200,),
    ),
    ("office:company-list", "POST"): Route(
        method="POST", allowed=MANAGERS, data={"name": "矩阵保洁公司"}, ok=(302,), snapshot=_state
    ),
    ("office:company-detail", "POST"): Route(
        method="POST",
        target="office_company",
        kwargs=pk("company_id"),
        allowed=MANAGE,
        data={"name": "矩阵保安", "phone": "13300009999", "role": "security"},
        ok=(302,),
        snapshot=_state,
    ),
    ("office:area-list", "POST"): Route(
        method="POST",
        allowed=MANAGERS,
        data={
            "name": "矩阵大堂",
            "kind": "lobby",
            "every_minutes": 120,
            "day_starts": "08:00",
            "day_ends": "20:00",
        },
        ok=(302,),
        snapshot=_state,
    ),
    ("office:area-detail", "POST"): Route(
        method="POST",
        target="office_area",
        kwargs=pk("area_id"),
        allowed=SEE,
        data=_round,
        ok=(302,),
        snapshot=_state,
    ),
}


def _entry_and_round(cast: Any) -> dict[str, dict[str, Any]]:
    from hub.office.actions.cleaning import record_cleaning
    from hub.office.actions.entries import record_entry

    found: dict[str, dict[str, Any]] = {"office_entry": {}, "office_round": {}}
    for scope, by, org in (
        ("own", cast.desk, cast.org_health),
        ("foreign", cast.outsider, cast.org_other),
    ):
        site = Site.objects.get(organization=org, name="矩阵办公楼")
        area = CleaningArea.objects.get(organization=org, name="矩阵电梯")
        found["office_entry"][scope] = record_entry(
            by=by,
            site=site,
            kind="visitor",
            method="manual",
            name="矩阵访客",
            purpose="送文件",
            code_colour="green",
            tested_on=timezone.localdate(),
        )
        found["office_round"][scope] = record_cleaning(
            by=by, area=area, done_by="保洁甲", agent="含氯消毒剂", concentration_mg_l=500
        )
    return found


_site_targets = targets


def targets(cast: Any) -> dict[str, dict[str, Any]]:
    found = _site_targets(cast)
    found.update(_entry_and_round(cast))
    return found


VISIBLE.update({"office_entry": SEE, "office_round": SEE})


def _api_check(_cast: Any) -> dict[str, Any]:
    return {
        "kind": "visitor",
        "name": "闸机访客",
        "phone": "13912345678",
        "purpose": "送文件",
        "host": "王主任",
        "code_colour": "green",
        "tested_on": timezone.localdate().isoformat(),
    }


ROUTES.update(
    {
        "api:office-site-list": Route(api=True, anonymous=API_ANON),
        "api:office-site-detail": Route(
            api=True, target="office_site", allowed=SEE, anonymous=API_ANON
        ),
        "api:office-site-check": Route(
            method="POST",
            api=True,
            target="office_site",
            allowed=SEE,
            data=_api_check,
            ok=(201,),
            anonymous=API_ANON,
            snapshot=_state,
        ),
        "api:office-entry-list": Route(api=True, anonymous=API_ANON),
        "api:office-entry-detail": Route(
            api=True, target="office_entry", allowed=SEE, anonymous=API_ANON
        ),
        "api:office-cleaning-record-list": Route(api=True, anonymous=API_ANON),
        "api:office-cleaning-record-detail": Route(
            api=True, target="office_round", allowed=SEE, anonymous=API_ANON
        ),
    }
)
