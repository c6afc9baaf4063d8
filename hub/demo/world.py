"""The demo world: the seed report's organizations, compounds and people, all synthetic.

``build_world`` writes it in one transaction; ``reset_world`` removes it (and nothing else).
docs/demo.md maps every part of it to the seed's paragraphs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from auditlog.context import disable_auditlog
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q

from hub.accounts.actions import create_account
from hub.accounts.models import Role, User
from hub.care.demo import seed_care
from hub.demo.synthetic import OTHER_AREAS, SHANGHAI_AREAS, Identity, Synthesizer
from hub.people.actions import (
    add_membership,
    clean_person_values,
    create_branch,
    create_organization,
    create_person,
    grant_role,
)
from hub.people.models import Branch, Membership, Organization, Person, Skill
from hub.places.actions import add_building, create_compound, set_area_status
from hub.places.models import AreaStatus, Building, Compound, Household
from hub.places.ordering import natural_key
from hub.privacy.models import AccessLog
from hub.volunteering.models import SignUp

Log = Callable[[str], None]

# The world's "today": the day of the seed's home visit, so ages read as they did in spring 2022.
WORLD_DATE = dt.date(2022, 3, 28)
SHANGHAI = ZoneInfo("Asia/Shanghai")

# Synthetic data only, so one shared, documented password is acceptable here and nowhere else.
DEMO_PASSWORD = "shouwang-demo"  # noqa: S105

CENTER = "市卫健中心（演示）"
YOUTH_RC = "青年公寓居委会（演示）"
DONGYUAN_RC = "东苑新天地南区居委会（演示）"
DEMO_ORGANIZATIONS = (CENTER, YOUTH_RC, DONGYUAN_RC)
YOUTH_COMPOUND = "青年公寓（演示）"
DONGYUAN_COMPOUND = "东苑新天地南区（演示）"
SECONDED_TO = "市疫情防控指挥部"
# The isolated elderly resident (the seed's 李阿婆) lives alone here: compound, building, room.
ELDERLY_HOME = (DONGYUAN_COMPOUND, "3号楼", "302")

SKILLS = (
    ("driver", "驾驶"),
    ("medical", "医护"),
    ("sampling", "核酸采样辅助"),
    ("elderly_care", "助老"),
    ("shanghainese", "沪语"),
    ("team_lead", "小队长"),
    ("it_help", "手机操作帮助"),
)

P = Person.PoliticalStatus
PARTY, PROBATIONARY, LEAGUE, MASSES = P.PARTY_MEMBER, P.PROBATIONARY, P.LEAGUE_MEMBER, P.MASSES
EMPLOYED, RETIRED, OTHER = (
    Person.EmploymentStatus.EMPLOYED,
    Person.EmploymentStatus.RETIRED,
    Person.EmploymentStatus.OTHER,
)


class DemoError(Exception):
    """The demo world cannot be built or reset as asked; the message says why."""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    phone: str
    role: str  # a Role value, or "superuser"
    scope: str


STAFF_NAMES = {  # synthetic names for demo accounts that are not linked to a person
    "demo_center_admin": "周文（演示）",
    "demo_coordinator": "孙丽（演示）",
    "demo_youth_rc_admin": "王秀兰（演示）",
    "demo_dongyuan_rc_admin": "陈国强（演示）",
}
ACCOUNTS = (
    DemoAccount("admin", "17000000000", "superuser", "整个系统 (Django admin)"),
    DemoAccount("demo_center_admin", "17000000001", Role.ORG_ADMIN, CENTER),
    DemoAccount("demo_branch_secretary", "17000000002", Role.BRANCH_SECRETARY, "第一党支部"),
    DemoAccount("demo_office_staff", "17000000003", Role.OFFICE_STAFF, CENTER),
    DemoAccount("demo_entry_desk", "17000000004", Role.ENTRY_DESK, CENTER),
    DemoAccount("demo_coordinator", "17000000005", Role.COMMUNITY_COORDINATOR, YOUTH_COMPOUND),
    DemoAccount("demo_building_leader", "17000000006", Role.BUILDING_LEADER, "青年公寓 1号楼"),
    DemoAccount("demo_volunteer", "17000000007", Role.VOLUNTEER, f"{CENTER}、{YOUTH_RC}"),
    DemoAccount("demo_youth_rc_admin", "17000000008", Role.ORG_ADMIN, YOUTH_RC),
    DemoAccount("demo_dongyuan_rc_admin", "17000000009", Role.ORG_ADMIN, DONGYUAN_RC),
)
ACCOUNT_PHONES = {a.username: a.phone for a in ACCOUNTS}


# The health center's branch tree under 中心党委: name, kind, members at scale 1, population.
BRANCHES = (
    ("第一党支部", Branch.Kind.PARTY_BRANCH, 28, "staff"),
    ("第二党支部", Branch.Kind.PARTY_BRANCH, 30, "staff"),
    ("第三党支部", Branch.Kind.PARTY_BRANCH, 30, "staff"),
    ("团支部", Branch.Kind.YOUTH_LEAGUE, 16, "league"),
    ("退休第一党支部", Branch.Kind.RETIREES_BRANCH, 24, "retiree"),
    ("退休第二党支部", Branch.Kind.RETIREES_BRANCH, 22, "retiree"),
)


@dataclass(frozen=True)
class Cast:
    """A member the seed describes by role; made first in their branch so every scale has them."""

    key: str
    branch: str
    ages: tuple[int, int]
    political: str
    gender: str | None = None
    title: str = ""
    seconded: bool = False
    skills: tuple[str, ...] = ()
    account: str = ""
    party_year: int | None = None
    home: str = ""  # "youth" or "dongyuan": double registration (双报到)


CAST = (
    Cast("branch1_secretary", "第一党支部", (45, 55), PARTY, title="书记", skills=("team_lead",),
         account="demo_branch_secretary"),
    Cast("office_director", "第一党支部", (36, 48), PARTY, "female", title="党办主任",
         skills=("elderly_care", "team_lead", "driver"), account="demo_office_staff"),
    Cast("admin_office_director", "第一党支部", (32, 38), PARTY,
         title="综合管理办公室主任、市卫健委团委书记", skills=("it_help",)),
    Cast("delivery_volunteer", "第一党支部", (26, 29), PARTY, "male", skills=("it_help",),
         account="demo_volunteer", home="youth"),
    Cast("entry_desk", "第一党支部", (42, 55), MASSES, title="门岗登记", account="demo_entry_desk"),
    Cast("league_secretary", "团支部", (26, 28), LEAGUE, title="书记", skills=("it_help",)),
    Cast("care_team_a", "团支部", (23, 27), LEAGUE, "female", skills=("elderly_care",)),
    Cast("branch2_secretary", "第二党支部", (45, 56), PARTY, title="书记"),
    Cast("care_team_b", "第二党支部", (28, 34), PARTY, "female",
         skills=("elderly_care", "shanghainese")),
    Cast("seconded_1", "第二党支部", (32, 50), PARTY, seconded=True, skills=("medical",)),
    Cast("seconded_2", "第二党支部", (30, 45), MASSES, seconded=True),
    Cast("branch3_secretary", "第三党支部", (45, 56), PARTY, title="书记"),
    Cast("seconded_3", "第三党支部", (35, 52), PARTY, seconded=True, skills=("driver",)),
    Cast("seconded_4", "第三党支部", (28, 40), PARTY, seconded=True, skills=("it_help",)),
    Cast("retirees1_secretary", "退休第一党支部", (68, 78), PARTY, title="书记"),
    # The seed's 48-year party member, over sixty, who served as a "大白" in 东苑新天地南区.
    Cast("retiree_organizer", "退休第一党支部", (66, 66), PARTY, "female",
         title="组织委员兼纪检委员", party_year=1974, home="dongyuan",
         skills=("it_help", "sampling", "shanghainese", "team_lead")),
    Cast("retirees2_secretary", "退休第二党支部", (65, 76), PARTY, title="书记"),
)  # fmt: skip


@dataclass
class WorldReport:
    accounts: list[DemoAccount]
    counts: dict[str, int] = field(default_factory=dict)
    kept_admin: bool = False


def scaled(count: int, scale: float, minimum: int) -> int:
    return max(minimum, round(count * scale))


def world_exists() -> bool:
    return Organization.objects.filter(name=CENTER).exists()


def _demo_users() -> list[User]:
    """Users that are the demo's own accounts: the demo username *and* its demo phone."""
    q = Q(pk__in=[])
    for account in ACCOUNTS:
        q |= Q(username=account.username, phone=account.phone)
    return list(User.objects.filter(q))


# Reset ----------------------------------------------------------------------------------------
@transaction.atomic
def reset_world(*, log: Log) -> None:
    """Delete the demo organizations, their compounds, branches, people and the demo accounts.

    Refuses (DemoError) when the privacy access log mentions demo accounts or organizations (that
    trail is never deleted), and when demo people also belong to branches outside the demo (they
    are someone else's data now, and a rebuild would collide with their ID numbers).
    """
    orgs = list(Organization.objects.filter(name__in=DEMO_ORGANIZATIONS))
    users = _demo_users()
    if AccessLog.objects.filter(Q(organization__in=orgs) | Q(actor__in=users)).exists():
        raise DemoError(
            "The privacy access log has entries for the demo accounts or organizations; it is "
            "never deleted, so the demo cannot be reset here. Use a fresh database."
        )
    in_demo = Q(memberships__branch__organization__in=orgs) | Q(
        household__building__compound__organization__in=orgs
    )
    person_ids = set(Person.objects.filter(in_demo).values_list("id", flat=True))
    elsewhere = Membership.objects.filter(person_id__in=person_ids).exclude(
        branch__organization__in=orgs
    )
    if elsewhere.exists():
        raise DemoError(
            f"{elsewhere.values('person_id').distinct().count()} demo people also belong to "
            "branches of other organizations; remove those memberships before --reset."
        )
    # The residents were bulk-created without audit rows; deleting the synthetic world would
    # otherwise write ~6,000 audit rows about nobody real and triple the reset time.
    with disable_auditlog():
        from hub.supplies.models import Night

        Night.objects.filter(compound__organization__in=orgs).delete()  # trips hold people
        _delete_volunteering(orgs, person_ids)
        Person.objects.filter(id__in=person_ids).delete()
        User.objects.filter(pk__in=[u.pk for u in users]).delete()
        Compound.objects.filter(organization__in=orgs).delete()
        # Branch.parent is PROTECT (no subtree is orphaned by accident); here the whole tree goes.
        Branch.objects.filter(organization__in=orgs).update(parent=None)
        Organization.objects.filter(pk__in=[o.pk for o in orgs]).delete()
    log(
        f"Reset: removed {len(orgs)} demo organizations, {len(person_ids)} people and "
        f"{len(users)} demo accounts."
    )


def _delete_volunteering(orgs: list[Organization], person_ids: set[int]) -> None:
    """Remove the synthetic stories' rows. The ledger is append-only and PROTECTed for real
    people; a demo reset is the one place where whole synthetic organizations go at once."""
    from hub.hours.models import (
        Certificate,
        CertificateSequence,
        CorrectionRequest,
        ExportRequest,
        HourEntry,
        HourPolicy,
        StarAward,
    )
    from hub.jobs.models import Job
    from hub.notices.models import Notice
    from hub.notify.models import Message
    from hub.volunteering.models import CheckIn, Drive, Post

    people = Q(person_id__in=person_ids)
    CorrectionRequest.objects.filter(
        Q(entry__organization__in=orgs) | Q(entry__person_id__in=person_ids)
    ).delete()
    Certificate.objects.filter(Q(issuer__in=orgs) | people).delete()
    CertificateSequence.objects.filter(issuer__in=orgs).delete()
    StarAward.objects.filter(Q(organization__in=orgs) | people).delete()
    ExportRequest.objects.filter(organization__in=orgs).delete()
    entries = HourEntry.objects.filter(Q(organization__in=orgs) | people)
    entries.filter(reverses__isnull=False).delete()
    entries.delete()
    HourPolicy.objects.filter(organization__in=orgs).delete()
    CheckIn.objects.filter(Q(shift__post__organization__in=orgs) | people).delete()
    Drive.objects.filter(organization__in=orgs).delete()
    Post.objects.filter(organization__in=orgs).delete()
    Notice.objects.filter(organization__in=orgs).delete()
    Message.objects.filter(Q(organization__in=orgs) | Q(recipient_id__in=person_ids)).delete()
    Job.objects.filter(organization__in=orgs).delete()


# Build ----------------------------------------------------------------------------------------
def _office_day(center: Organization, branch: Branch, syn: Synthesizer) -> str:
    from hub.office.demo import replay_office_day

    office, desk = (User.objects.get(username=n) for n in ("demo_office_staff", "demo_entry_desk"))
    text = replay_office_day(organization=center, branch=branch, office=office, desk=desk, syn=syn)
    return text.replace("\n", "；")


@transaction.atomic
def build_world(*, seed: int = 2022, scale: float = 1.0, log: Log) -> WorldReport | None:
    """Build the whole demo world; None when it exists already (nothing is changed then).

    Same seed and scale → the same names, phones, ID numbers and rooms. Raises DemoError when a
    demo account's username or phone is taken by a user the demo did not create.
    """
    if world_exists():
        return None
    if not 0 < scale <= 1:
        raise DemoError("--scale must be greater than 0 and at most 1.")
    return _Builder(seed=seed, scale=scale, log=log).build()


class _Builder:
    def __init__(self, *, seed: int, scale: float, log: Log) -> None:
        self.syn = Synthesizer(seed)
        self.rng = self.syn.rng
        self.scale = scale
        self.log = log
        self.report = WorldReport(accounts=list(ACCOUNTS))
        self.cast: dict[str, Person] = {}
        for account in ACCOUNTS:
            self.syn.reserve_phone(account.phone)

    def build(self) -> WorldReport:
        self.admin = self._superuser()
        for code, name in SKILLS:
            Skill.objects.get_or_create(code=code, defaults={"name": name})
        self._organizations()
        self._branches()
        self._compounds()
        self._members()
        self._residents()
        self._teams()
        self._statuses()
        self._accounts()
        self._stories()
        seed_care(
            self.center,
            self.dongyuan,
            self.cast,
            self.syn.phone(),
            self.log,
            elderly_home=ELDERLY_HOME[1:],
        )
        return self.report

    # Structure: through the actions, like any administrator would ----------------------------
    def _superuser(self) -> User:
        # One hash for every demo account: hashing is deliberately slow (~0.3 s each).
        self.password_hash = make_password(DEMO_PASSWORD)
        taken = User.objects.filter(
            Q(username__in=ACCOUNT_PHONES) | Q(phone__in=ACCOUNT_PHONES.values())
        )
        own_admin = User.objects.filter(username="admin", is_superuser=True).first()
        if own_admin is not None:
            # Someone's own superuser: act as it, and never touch its password.
            taken = taken.exclude(pk=own_admin.pk)
            self.report.kept_admin = True
        if taken.exists():
            raise DemoError(
                "Demo account usernames or phones (17000000000–17000000009) are taken by other "
                "users; run seed_demo --reset to remove the demo's old accounts, or free them."
            )
        if own_admin is not None:
            return own_admin
        return create_account(
            by=None,
            username="admin",
            phone=ACCOUNT_PHONES["admin"],
            password_hash=self.password_hash,
            is_superuser=True,
        )

    def _organizations(self) -> None:
        def make(**values: Any) -> Organization:
            return create_organization(by=None, **values)

        self.center = make(
            name=CENTER,
            short_name="卫健中心（演示）",
            kind=Organization.Kind.PUBLIC_INSTITUTION,
            contact_phone="02100000001",
            person_in_charge="李明华（演示）",
        )
        self.youth_rc = make(
            name=YOUTH_RC,
            short_name="青年公寓居委（演示）",
            kind=Organization.Kind.RESIDENTS_COMMITTEE,
            contact_phone="02100000002",
            person_in_charge="王秀兰（演示）",
        )
        self.dongyuan_rc = make(
            name=DONGYUAN_RC,
            short_name="东苑居委（演示）",
            kind=Organization.Kind.RESIDENTS_COMMITTEE,
            contact_phone="02100000003",
            person_in_charge="陈国强（演示）",
        )
        self.log("· 3 organizations: " + "、".join(DEMO_ORGANIZATIONS))

    def _branches(self) -> None:
        self.committee = create_branch(
            by=self.admin,
            organization=self.center,
            name="中心党委",
            kind=Branch.Kind.PARTY_COMMITTEE,
        )
        self.branches = {
            name: create_branch(
                by=self.admin, organization=self.center, name=name, kind=kind, parent=self.committee
            )
            for name, kind, _size, _population in BRANCHES
        }
        self.log(f"· branch tree: 中心党委 → {'、'.join(self.branches)}")

    def _compounds(self) -> None:
        self.youth = create_compound(
            by=self.admin,
            organization=self.youth_rc,
            name=YOUTH_COMPOUND,
            address="演示路 88 号",
            district="徐汇区",
        )
        self.dongyuan = create_compound(
            by=self.admin,
            organization=self.dongyuan_rc,
            name=DONGYUAN_COMPOUND,
            address="莘庄镇演示路 1 弄",
            district="闵行区",
        )
        # Youth apartment towers: 10–20 floors, 8 rooms a floor (101 … 2008).
        youth_floors = [self.rng.randint(10, 20) for _ in range(9)]
        youth_count = scaled(9, self.scale, 2)
        self.youth_rooms = self._building_rooms(
            self.youth, youth_floors[:youth_count], rooms_per_floor=8
        )
        # 东苑: six-storey walk-ups, two rooms a landing (101 … 602).
        dongyuan_count = scaled(30, self.scale, 3)
        self.dongyuan_rooms = self._building_rooms(
            self.dongyuan, [6] * dongyuan_count, rooms_per_floor=2
        )

    def _building_rooms(
        self, compound: Compound, floors: list[int], *, rooms_per_floor: int
    ) -> dict[tuple[str, str], Household]:
        buildings = [
            add_building(by=self.admin, compound=compound, name=f"{n}号楼", floors=f)
            for n, f in enumerate(floors, start=1)
        ]
        # Thousands of rooms: bulk_create instead of add_household (one query each would take most
        # of the 30 s budget). The rows are what add_household writes: stripped room, natural_key.
        Household.objects.bulk_create(
            Household(building=b, room=room, sort_key=natural_key(room))
            for b in buildings
            for floor in range(1, (b.floors or 0) + 1)
            for room in (f"{floor}{r:02d}" for r in range(1, rooms_per_floor + 1))
        )
        rooms = {
            (h.building.name, h.room): h
            for h in Household.objects.filter(building__compound=compound).select_related(
                "building"
            )
        }
        self.log(f"· {compound.name}: {len(buildings)} buildings, {len(rooms)} households")
        return rooms

    # Members of the health center -------------------------------------------------------------
    def _members(self) -> None:
        youth_homes = [h for (b, _r), h in self.youth_rooms.items() if b == "2号楼"]
        dongyuan_homes = [h for key, h in self.dongyuan_rooms.items() if key != ELDERLY_HOME[1:]]
        self.member_homes: set[int] = set()
        retirees_at_home = scaled(5, self.scale, 1)
        total = 0
        for name, _kind, size, population in BRANCHES:
            branch = self.branches[name]
            cast = [c for c in CAST if c.branch == name]
            for spec in cast:
                home = None
                if spec.home == "youth":
                    home = self.rng.choice(youth_homes)
                elif spec.home == "dongyuan":
                    home = self.rng.choice(dongyuan_homes)
                self.cast[spec.key] = self._member(branch, population, spec=spec, home=home)
            for _ in range(scaled(size, self.scale, len(cast)) - len(cast)):
                home = None
                if name == "退休第一党支部" and retirees_at_home:
                    retirees_at_home -= 1
                    home = self.rng.choice(dongyuan_homes)
                self._member(branch, population, home=home)
            total += scaled(size, self.scale, len(cast))
        self.report.counts["members"] = total
        self.log(f"· {total} members of {CENTER}, 4 seconded to {SECONDED_TO}")

    def _member(
        self, branch: Branch, population: str, *, spec: Cast | None = None, home: Household | None
    ) -> Person:
        rng = self.rng
        if spec is not None:
            ages, gender = spec.ages, spec.gender
        elif population == "retiree":
            ages, gender = (60, 85), None
        elif population == "league":
            ages, gender = (22, 28), None
        else:
            ages, gender = (23, 59), None
        areas = (
            tuple(SHANGHAI_AREAS) if population == "retiree" else (*SHANGHAI_AREAS, *OTHER_AREAS)
        )
        person = self.syn.identity(
            age_from=ages[0], age_to=ages[1], on=WORLD_DATE, gender=gender, areas=areas
        )
        if population == "staff" and person.gender == "female" and _age(person) > 54:
            # Women staff retire at 55: keep the employed branches plausible.
            person = self.syn.identity(
                age_from=ages[0], age_to=54, on=WORLD_DATE, gender="female", areas=areas
            )
        if spec is not None:
            political = spec.political
        elif population == "retiree":
            political = PARTY
        elif population == "league":
            political = LEAGUE
        elif _age(person) <= 28:
            political = rng.choices((PARTY, PROBATIONARY, LEAGUE, MASSES), (25, 10, 45, 20))[0]
        else:
            political = rng.choices((PARTY, PROBATIONARY, MASSES), (60, 3, 37))[0]
        skills = set(spec.skills) if spec else set()
        for code, staff_p, retiree_p in _SKILL_ODDS:
            if rng.random() < (retiree_p if population == "retiree" else staff_p):
                skills.add(code)
        volunteers = spec is not None or rng.random() < (0.6 if population == "retiree" else 0.55)
        values = {
            "name": person.name,
            "gender": person.gender,
            "phone": ACCOUNT_PHONES[spec.account] if spec and spec.account else person.phone,
            "id_type": Person.IdType.RESIDENT_ID,
            "id_number": person.id_number,
            "political_status": political,
            "employment_status": RETIRED if population == "retiree" else EMPLOYED,
            "party_joined_on": self._party_date(person, political, spec),
            "volunteer_number": self.syn.volunteer_number() if volunteers else "",
        }
        created = create_person(
            by=self.admin, values=values, branch=branch, household=home, skills=sorted(skills)
        )
        if home is not None:
            self.member_homes.add(home.pk)
        if spec is not None and (spec.title or spec.seconded):
            add_membership(
                by=self.admin,
                person=created,
                branch=branch,
                title=spec.title,
                seconded_to=SECONDED_TO if spec.seconded else "",
            )
        return created

    def _party_date(self, person: Identity, political: str, spec: Cast | None) -> dt.date | None:
        if political == PROBATIONARY:
            return self.syn.date_between(dt.date(2021, 4, 1), dt.date(2022, 3, 1))
        if political != PARTY:
            return None
        if spec is not None and spec.party_year:
            return dt.date(spec.party_year, 7, 1)
        eighteen = _add_years(person.birth_date, 18)
        latest = min(_add_years(person.birth_date, 40), dt.date(2021, 3, 1))
        return self.syn.date_between(eighteen, max(eighteen, latest))

    # Residents: bulk, normalized exactly as create_person would --------------------------------
    def _residents(self) -> None:
        youth = self._plan_youth()
        dongyuan = self._plan_dongyuan()
        leader_values = next(
            v for h, v in youth if h.building.name == "1号楼" and 25 <= _age_of(v) <= 45
        )
        leader_values["phone"] = ACCOUNT_PHONES["demo_building_leader"]
        # ~2,600 residents: create_person would take one INSERT (plus audit rows) each and blow
        # the 30 s budget. bulk_create writes the same rows: values pass clean_person_values, and
        # audit entries are skipped for synthetic data only.
        people = [
            Person(household=home, **clean_person_values(values, today=WORLD_DATE))
            for home, values in youth + dongyuan
        ]
        Person.objects.bulk_create(people, batch_size=500)
        self.youth_residents = [v["id_number"] for _h, v in youth]
        self.building_leader = Person.objects.get(id_number=leader_values["id_number"])
        residents = {
            c: Person.objects.filter(household__building__compound=c).count()
            for c in (self.youth, self.dongyuan)
        }
        self.report.counts["youth_residents"] = residents[self.youth]
        self.report.counts["dongyuan_residents"] = residents[self.dongyuan]
        for compound, count in residents.items():
            self.log(f"· {compound.name}: {count} residents")

    def _resident(self, home: Household, ident: Identity, *, employment: str = "") -> tuple:
        age = _age(ident)
        rng = self.rng
        # Party membership from 22 here, so every joining date lies before the world's date.
        if 22 <= age <= 28:
            political = rng.choices((LEAGUE, PARTY, MASSES), (35, 8, 57))[0]
        elif 14 <= age < 22:
            political = rng.choices((LEAGUE, MASSES), (40, 60))[0]
        elif age > 28:
            political = rng.choices((PARTY, MASSES), (12, 88))[0]
        else:
            political = MASSES
        if not employment:
            employment = RETIRED if age >= 60 else EMPLOYED if age >= 22 else OTHER
        values = {
            "name": ident.name,
            "gender": ident.gender,
            "phone": ident.phone,
            "id_type": Person.IdType.RESIDENT_ID,
            "id_number": ident.id_number,
            "political_status": political,
            "employment_status": employment,
            "party_joined_on": self._party_date(ident, political, None),
        }
        return home, values

    def _plan_youth(self) -> list[tuple[Household, dict]]:
        areas = (*SHANGHAI_AREAS, *OTHER_AREAS, *OTHER_AREAS)
        plan = []
        for home in self.youth_rooms.values():
            for _ in range(self.rng.choices((1, 2, 3), (42, 42, 16))[0]):
                young = self.rng.random() < 0.9
                ident = self.syn.identity(
                    age_from=21 if young else 41,
                    age_to=40 if young else 55,
                    on=WORLD_DATE,
                    areas=areas,
                )
                plan.append(self._resident(home, ident))
        return plan

    def _plan_dongyuan(self) -> list[tuple[Household, dict]]:
        areas = ("310112",) * 5 + tuple(SHANGHAI_AREAS)
        rng, syn = self.rng, self.syn
        plan = []
        for key, home in self.dongyuan_rooms.items():
            if key == ELDERLY_HOME[1:]:
                # 孤老: over eighty, alone, with a mobile phone of her own (the seed's 李阿婆).
                ident = syn.identity(
                    age_from=82, age_to=88, on=WORLD_DATE, gender="female", areas=("310112",)
                )
                plan.append(self._resident(home, ident, employment=RETIRED))
                continue
            if home.pk in self.member_homes and rng.random() < 0.5:
                continue  # the member lives alone
            if home.pk not in self.member_homes and rng.random() < 0.12:
                continue  # vacant
            kind = rng.choices(("old1", "old2", "family", "adult1", "adult2"), (12, 33, 30, 10, 15))
            people: list[Identity] = []
            if kind[0] in ("old1", "old2"):
                for _ in range(1 if kind[0] == "old1" else 2):
                    old = syn.identity(
                        age_from=60, age_to=88, on=WORLD_DATE, areas=areas, phone=False
                    )
                    if _age(old) < 75 or rng.random() < 0.7:
                        old = _with_phone(old, syn.phone())
                    people.append(old)
            else:
                adults = 1 if kind[0] == "adult1" else 2
                for _ in range(adults):
                    people.append(syn.identity(age_from=28, age_to=58, on=WORLD_DATE, areas=areas))
                if kind[0] == "family" and rng.random() < 0.7:
                    people.append(
                        syn.identity(age_from=3, age_to=15, on=WORLD_DATE, areas=areas, phone=False)
                    )
            plan.extend(self._resident(home, ident) for ident in people)
        return plan

    # Teams, statuses, accounts -----------------------------------------------------------------
    def _teams(self) -> None:
        care = create_branch(
            by=self.admin,
            organization=self.center,
            name="助老小分队",
            kind=Branch.Kind.TEAM,
            parent=self.committee,
        )
        for key, title in (
            ("office_director", "队长"),
            ("care_team_a", "队员"),
            ("care_team_b", "队员"),
        ):
            add_membership(by=self.admin, person=self.cast[key], branch=care, title=title)

        youth_team = create_branch(
            by=self.admin,
            organization=self.youth_rc,
            name="青年公寓志愿小分队",
            kind=Branch.Kind.TEAM,
        )
        add_membership(
            by=self.admin, person=self.cast["delivery_volunteer"], branch=youth_team, title="送货"
        )
        add_membership(by=self.admin, person=self.building_leader, branch=youth_team, title="楼长")
        candidates = [n for n in self.youth_residents if n != self.building_leader.id_number]
        picked = self.rng.sample(candidates, scaled(12, self.scale, 4))
        for n, person in enumerate(
            Person.objects.filter(id_number__in=picked).order_by("id_number")
        ):
            add_membership(
                by=self.admin, person=person, branch=youth_team, title="理货" if n % 2 else "送货"
            )

        dongyuan_team = create_branch(
            by=self.admin, organization=self.dongyuan_rc, name="社区志愿者队", kind=Branch.Kind.TEAM
        )
        neighbours = Person.objects.filter(
            household__building__compound=self.dongyuan,
            memberships__branch__organization=self.center,
        ).distinct()
        for person in neighbours.order_by("id_number"):
            title = "志愿者（大白）" if person == self.cast["retiree_organizer"] else "志愿者"
            add_membership(by=self.admin, person=person, branch=dongyuan_team, title=title)
        self.log("· teams: 助老小分队、青年公寓志愿小分队、社区志愿者队")

    def _statuses(self) -> None:
        def at(day: int, hour: int, month: int = 3) -> dt.datetime:
            return dt.datetime(2022, month, day, hour, tzinfo=SHANGHAI)

        precaution, sealed = AreaStatus.Status.PRECAUTION, AreaStatus.Status.SEALED
        # 东苑: three 48-hour closure rounds between 16 and 22 March, then Puxi's lockdown.
        dongyuan = (
            (at(1, 0), precaution, "常态化防范"),
            (at(16, 0), sealed, "第1轮48小时封闭管理（镇疫情防控指挥部决定）"),
            (at(18, 0), precaution, "第1轮封闭管理结束，核酸结果待出"),
            (at(18, 12), sealed, "第2轮48小时封闭管理"),
            (at(20, 12), precaution, "第2轮封闭管理结束"),
            (at(20, 22), sealed, "第3轮48小时封闭管理"),
            (at(22, 22), precaution, "3轮封闭管理结束"),
            (at(1, 5, month=4), sealed, "浦西地区封控（4月1日起）"),
        )
        youth = (
            (at(1, 0), precaution, "常态化防范"),
            (at(28, 0), sealed, "小区封闭管理"),
        )
        for compound, history in ((self.dongyuan, dongyuan), (self.youth, youth)):
            for start, status, reason in history:
                set_area_status(
                    by=self.admin,
                    compound=compound,
                    status=status,
                    effective_from=start,
                    reason=reason,
                )
        self.log(
            "· area status history: 东苑 3 closure rounds 16–22 March, 青年公寓 sealed 28 March"
        )

    def _accounts(self) -> None:
        password = self.password_hash
        building = Building.objects.get(compound=self.youth, name="1号楼")
        people = {
            "demo_branch_secretary": self.cast["branch1_secretary"],
            "demo_office_staff": self.cast["office_director"],
            "demo_entry_desk": self.cast["entry_desk"],
            "demo_volunteer": self.cast["delivery_volunteer"],
            "demo_building_leader": self.building_leader,
        }
        grants: dict[str, list[dict[str, Any]]] = {
            "demo_center_admin": [dict(role=Role.ORG_ADMIN, organization=self.center)],
            "demo_branch_secretary": [
                dict(
                    role=Role.BRANCH_SECRETARY,
                    organization=self.center,
                    branch=self.branches["第一党支部"],
                )
            ],
            "demo_office_staff": [dict(role=Role.OFFICE_STAFF, organization=self.center)],
            "demo_entry_desk": [dict(role=Role.ENTRY_DESK, organization=self.center)],
            "demo_coordinator": [
                dict(
                    role=Role.COMMUNITY_COORDINATOR, organization=self.youth_rc, compound=self.youth
                )
            ],
            "demo_building_leader": [
                dict(role=Role.BUILDING_LEADER, organization=self.youth_rc, building=building)
            ],
            "demo_volunteer": [
                dict(role=Role.VOLUNTEER, organization=self.center),
                dict(role=Role.VOLUNTEER, organization=self.youth_rc),
            ],
            "demo_youth_rc_admin": [dict(role=Role.ORG_ADMIN, organization=self.youth_rc)],
            "demo_dongyuan_rc_admin": [dict(role=Role.ORG_ADMIN, organization=self.dongyuan_rc)],
        }
        for account in ACCOUNTS[1:]:
            person = people.get(account.username)
            user = create_account(
                by=None,
                username=account.username,
                phone=account.phone,
                password_hash=password,
                person=person,
                # Accounts without a person still sign certificates as handler: give them a name.
                first_name=person.name if person else STAFF_NAMES.get(account.username, ""),
            )
            for grant in grants[account.username]:
                grant_role(by=None, user=user, **grant)
        self.log(f"· {len(ACCOUNTS)} demo accounts")

    # The seed's stories, replayed through the volunteering actions ---------------------------
    def _stories(self) -> None:
        from hub.hours.stories import replay_youth_deliveries
        from hub.notices.stories import replay_mobilization_notice
        from hub.screening.demo import seed_screening_demo as screening_demo
        from hub.volunteering.actions.posts import create_post
        from hub.volunteering.stories import replay_testing_helper_drive

        def at(month: int, day: int, hour: int) -> dt.datetime:
            return dt.datetime(2022, month, day, hour, tzinfo=SHANGHAI)

        center_admin = User.objects.get(username="demo_center_admin")
        coordinator = User.objects.get(username="demo_coordinator")
        notice = replay_mobilization_notice(
            organization=self.center,
            committee_branch=self.committee,
            by=center_admin,
            now=at(3, 26, 10),
        )
        youth_league = self.branches["团支部"]
        young = Person.objects.filter(memberships__branch=youth_league).order_by("id")
        drive = replay_testing_helper_drive(
            organization=self.center, branch=youth_league, people=young, now=at(3, 27, 20)
        )
        deliveries = create_post(
            by=None,
            organization=self.youth_rc,
            name="封控楼栋送餐（理货/送货）",
            site=f"{self.youth.name} 快递外卖集散点",
            compound=self.youth,
            content="理货、推车分楼栋送货到门，告知住户“您的外卖放门口了，请及时查收”",
        )
        certificate = replay_youth_deliveries(
            organization=self.youth_rc,
            post=deliveries,
            person=self.cast["delivery_volunteer"],
            by=coordinator,
            now=at(4, 3, 21),
        )
        from hub.supplies.demo import replay_youth_night

        team = Person.objects.filter(memberships__branch__name="青年公寓志愿小分队").order_by("id")
        night = replay_youth_night(
            compound=self.youth,
            post=deliveries,
            coordinator=coordinator,
            crew=[
                self.cast["delivery_volunteer"],
                *team.exclude(pk=self.cast["delivery_volunteer"].pk)[:3],
            ],
        )
        current = self._current_drive()
        self._rostering()
        screening_demo(compound=self.dongyuan, sampler=self.admin, log=self.log)
        self.log("· office: " + _office_day(self.center, self.branches["第一党支部"], self.syn))
        signed = SignUp.objects.filter(drive=drive).values("person").distinct().count()
        self.log(f"· supplies: night {night.date}, {night.parcels.count()} parcels")
        self.log(
            f"· stories: notice “{notice.title[:12]}…”; drive “{drive.title}”, "
            f"{signed} signed up; {certificate.hours} confirmed delivery hours, "
            f"certificate {certificate.number}; open now: “{current.title}”"
        )

    def _rostering(self) -> None:
        """Next week's office duty posts and a closure round at 东苑, ready to roster from the
        browser; some members get the skills those posts ask for."""
        from django.utils import timezone

        from hub.rosters.stories import seed_rostering_demo

        seed_rostering_demo(
            office_org=self.center,
            branch=self.branches["第一党支部"],
            compound_org=self.dongyuan_rc,
            compound=self.dongyuan,
            by=None,
            start=timezone.localtime().date() + dt.timedelta(days=1),
        )
        phone = Skill.objects.get(code="phone_duty")
        order = Skill.objects.get(code="order_keeping")
        office = Person.objects.filter(memberships__branch=self.branches["第一党支部"])
        for person in office.order_by("id")[: scaled(8, self.scale, 3)]:
            person.skills.add(phone)
        neighbours = Person.objects.filter(
            household__building__compound=self.dongyuan,
            memberships__branch__organization=self.center,
        ).distinct()
        for person in neighbours.order_by("id"):
            person.skills.add(order)

    def _current_drive(self) -> Any:
        """A drive open today, so a visitor can sign up as the demo volunteer: evening
        sorting-and-delivery shifts in the (still sealed) youth apartment for the next three
        days, open to its volunteer team, coordinator approval required."""
        from django.utils import timezone

        from hub.volunteering.actions.posts import create_post, create_shift_series
        from hub.volunteering.actions.signups import create_drive, publish_drive

        team = Branch.objects.get(organization=self.youth_rc, name="青年公寓志愿小分队")
        post = create_post(
            by=None,
            organization=self.youth_rc,
            branch=team,
            name="理货送货（每日晚班）",
            site=f"{self.youth.name} 1号楼底层理货点",
            compound=self.youth,
            content="按楼栋理货，推车送到门口，敲门告知住户",
        )
        today = timezone.localtime().date()
        start = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(18), tzinfo=SHANGHAI)
        shifts = create_shift_series(
            by=None,
            post=post,
            first_starts_at=start,
            first_ends_at=start + dt.timedelta(hours=3),
            days=3,
            capacity=8,
        )
        drive = create_drive(
            by=None,
            organization=self.youth_rc,
            title="青年公寓志愿小分队：本周晚间理货送货",
            description="每晚18:00–21:00，按楼栋理货并送到门口。请如实填写可服务时段。",
            shifts=shifts,
            branches=[team],
        )
        return publish_drive(by=None, drive=drive)


_SKILL_ODDS = (  # code, chance for staff, chance for retirees
    ("driver", 0.25, 0.10),
    ("medical", 0.12, 0.15),
    ("sampling", 0.10, 0.15),
    ("elderly_care", 0.12, 0.35),
    ("shanghainese", 0.40, 0.85),
    ("team_lead", 0.06, 0.15),
    ("it_help", 0.35, 0.10),
)


def _age(person: Identity) -> int:
    return _years_between(person.birth_date, WORLD_DATE)


def _age_of(values: dict) -> int:
    born = dt.date(
        int(values["id_number"][6:10]),
        int(values["id_number"][10:12]),
        int(values["id_number"][12:14]),
    )
    return _years_between(born, WORLD_DATE)


def _years_between(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


def _with_phone(person: Identity, phone: str) -> Identity:
    return Identity(person.name, person.gender, person.birth_date, person.id_number, phone)
