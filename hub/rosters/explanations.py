"""The engine's explanations in the reader's language and names.

A solved run stores every unfilled place and every violated soft rule as a rule code with
parameters (see ``adapters.result_json``). This module says them with gettext/ngettext at
read time — so a coordinator reading in Chinese reads Chinese — with people's names (masked
unless the reader may change the person, as in the grid), shifts as post, day and time, and
days as dates. Long lists of one rule (fair load, continuity, wishes) fold into one line
with a count and range; their members stay one click away.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from hub.people.models import Person, Skill
from hub.people.queries import full_name_ids
from hub.places.models import Compound
from hub.volunteering.models import Shift

# A rule with more lines than this folds into one summary line.
FOLD_AT = 5
# Lines shown before "N more, of lower cost".
SHOWN = 8
WISH_RULES = ("wanted_shift", "unwanted_shift", "wanted_day", "unwanted_day")
# The engine's status codes (engines.roster.result) as a coordinator reads them; the API
# keeps the codes.
STATUS_WORDS = {
    "optimal": pgettext_lazy("roster engine status", "optimal"),
    "feasible": pgettext_lazy("roster engine status", "feasible"),
    "greedy_fallback": pgettext_lazy("roster engine status", "simple roster (quick fallback)"),
    "infeasible": pgettext_lazy("roster engine status", "impossible under the rules"),
    "no_solution": pgettext_lazy("roster engine status", "no roster found in time"),
}


def status_word(code: Any) -> str:
    """The engine's status code in the reader's language ("" for none, the code if unknown)."""
    if not code:
        return ""
    return str(STATUS_WORDS.get(str(code), code))


@dataclass(frozen=True)
class Line:
    """One explanation; ``details`` are its sub-lines (the candidates of an unfilled shift, or
    the members of a folded group)."""

    text: str
    details: tuple[str, ...] = ()


@dataclass
class Explanations:
    """What the run page shows under "Explanations", in order of weight."""

    shortfalls: list[str] = field(default_factory=list)
    unfilled: list[Line] = field(default_factory=list)
    penalties: list[Line] = field(default_factory=list)
    folded: list[Line] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.shortfalls or self.unfilled or self.penalties or self.folded)


@dataclass
class Names:
    """Labels for the pks a result refers to, read in three queries."""

    start: dt.date
    people: dict[int, str] = field(default_factory=dict)
    shifts: dict[int, str] = field(default_factory=dict)
    compounds: dict[int, str] = field(default_factory=dict)
    skills: dict[str, str] = field(default_factory=dict)

    def skill_list(self, codes: Any) -> str:
        """Skills (codes, as a list or comma-separated) as the product names them."""
        if isinstance(codes, str):
            codes = [c.strip() for c in codes.split(",")]
        labels = [self.skills.get(str(c), str(c)) for c in codes or () if c]
        return "、".join(labels)

    def person(self, pk: Any) -> str:
        return self.people.get(pk, "?") if pk is not None else "?"

    def shift(self, pk: Any) -> str:
        return self.shifts.get(pk, str(pk))

    def compound(self, pk: Any) -> str:
        return self.compounds.get(pk, str(pk))

    def day(self, number: Any) -> str:
        try:
            day = self.start + dt.timedelta(days=int(number))
        except (TypeError, ValueError):
            return str(number)
        return formats.date_format(day, "m-d D")


def shift_label(shift: Shift) -> str:
    """A shift as its post, day and time: 值班（白班） 04-04 周一 08:30–17:00."""
    start = timezone.localtime(shift.starts_at)
    end = timezone.localtime(shift.ends_at)
    day = formats.date_format(start, "m-d D")
    return f"{shift.post.name} {day} {start:%H:%M}–{end:%H:%M}"


def _names(user: Any, result: Mapping[str, Any], start: dt.date) -> Names:
    people: set[int] = set()
    shifts: set[int] = set()
    compounds: set[int] = set()
    skills: set[str] = set()
    for shortfall in result.get("shortfall_reasons", []):
        params = shortfall.get("params", {})
        shifts.add(params.get("shift"))
        skills.update(str(c) for c in params.get("skills", []))
        if params.get("skill"):
            skills.add(str(params["skill"]))
    for item in result.get("unfilled", []):
        shifts.add(item.get("shift"))
        for reason in item.get("reasons", []):
            people.add(reason.get("person"))
            params = reason.get("params", {})
            shifts.update(params[k] for k in ("shift", "held") if k in params)
            if "compound" in params:
                compounds.add(params["compound"])
            if reason.get("code") == "skills":
                skills.update(c.strip() for c in str(params.get("skills", "")).split(","))
    for item in result.get("penalties", []):
        people.add(item.get("person"))
        shifts.add(item.get("shift"))
    ints = [{x for x in ids if isinstance(x, int)} for ids in (people, shifts, compounds)]
    found = list(Person.objects.filter(pk__in=ints[0]))
    full = full_name_ids(user, found)
    found_shifts = Shift.objects.select_related("post").filter(pk__in=ints[1])
    return Names(
        start=start,
        people={p.pk: p.name if p.pk in full else p.masked_name for p in found},
        shifts={s.pk: shift_label(s) for s in found_shifts},
        compounds=dict(Compound.objects.filter(pk__in=ints[2]).values_list("pk", "name")),
        skills=(
            dict(Skill.objects.filter(code__in=skills).values_list("code", "name"))
            if skills
            else {}
        ),
    )


def _hours(minutes: Any) -> str:
    return f"{int(minutes) / 60:g}" if isinstance(minutes, int) else "?"


def _reason(reason: Mapping[str, Any], names: Names) -> str:
    """One candidate's reason (or a summary of the others) in words."""
    code = reason.get("code", "")
    p = reason.get("params", {})
    name = names.person(reason.get("person"))
    limit = p.get("limit", 0)
    say: dict[str, Callable[[], str]] = {
        "already_on": lambda: _("%(name)s is already on this shift.") % {"name": name},
        "rest": lambda: (
            _("%(name)s works %(shift)s, too close to this shift (overlap or rest).")
            % {"name": name, "shift": names.shift(p.get("held"))}
        ),
        "max_shifts_per_day": lambda: (
            ngettext(
                "%(name)s already works %(n)d shift on %(day)s, the most allowed.",
                "%(name)s already works %(n)d shifts on %(day)s, the most allowed.",
                limit,
            )
            % {"name": name, "n": limit, "day": names.day(p.get("day"))}
        ),
        "max_hours_per_day": lambda: (
            _("%(name)s already has the most hours allowed on %(day)s (%(hours)s h).")
            % {"name": name, "day": names.day(p.get("day")), "hours": _hours(p.get("minutes"))}
        ),
        "max_hours_per_week": lambda: (
            _("%(name)s already has the most hours allowed in week %(week)s (%(hours)s h).")
            % {"name": name, "week": p.get("week"), "hours": _hours(p.get("minutes"))}
        ),
        "max_total_hours": lambda: (
            _("%(name)s already has the most hours allowed on this roster (%(hours)s h).")
            % {"name": name, "hours": _hours(p.get("minutes"))}
        ),
        "max_shifts_of_kind": lambda: (
            _("%(name)s already has the most %(kind)s shifts allowed (%(n)s).")
            % {"name": name, "kind": p.get("kind"), "n": limit}
        ),
        "succession_before": lambda: (
            _("%(name)s works a %(kind)s shift the day before.")
            % {"name": name, "kind": p.get("kind")}
        ),
        "succession_after": lambda: (
            _("%(name)s works a %(kind)s shift the day after.")
            % {"name": name, "kind": p.get("kind")}
        ),
        "max_consecutive_days": lambda: (
            ngettext(
                "%(name)s would work more than %(n)d day in a row.",
                "%(name)s would work more than %(n)d days in a row.",
                limit,
            )
            % {"name": name, "n": limit}
        ),
        "max_weekends": lambda: (
            ngettext(
                "%(name)s already works %(n)d weekend, the most allowed.",
                "%(name)s already works %(n)d weekends, the most allowed.",
                limit,
            )
            % {"name": name, "n": limit}
        ),
        "day_off": lambda: (
            _("%(name)s is off on %(day)s.") % {"name": name, "day": names.day(p.get("day"))}
        ),
        "availability": lambda: (
            _(
                "%(name)s is not available for this shift (another shift, or a criterion of the "
                "post)."
            )
            % {"name": name}
        ),
        "skills": lambda: (
            _("%(name)s lacks the skill %(skills)s.")
            % {"name": name, "skills": names.skill_list(p.get("skills"))}
        ),
        "confined": lambda: (
            _("%(name)s is confined to the sealed compound %(compound)s.")
            % {"name": name, "compound": names.compound(p.get("compound"))}
        ),
        "sealed_post": lambda: (
            _("%(name)s lives outside the sealed compound %(compound)s and may not go in.")
            % {"name": name, "compound": names.compound(p.get("compound"))}
        ),
        "min_age": lambda: (
            _("%(name)s is younger than %(n)s or has no birth date.") % {"name": name, "n": limit}
        ),
        "max_age": lambda: (
            _("%(name)s is older than %(n)s or has no birth date.") % {"name": name, "n": limit}
        ),
        "health": lambda: _("%(name)s is not fit for physical duty.") % {"name": name},
        "kind": lambda: (
            _("%(name)s may not work %(kind)s shifts.") % {"name": name, "kind": p.get("kind")}
        ),
        "costs_more": lambda: (
            _(
                "%(name)s is free, but putting them on costs more elsewhere (days in a row, "
                "wishes or fair load)."
            )
            % {"name": name}
        ),
        "no_lead": lambda: (
            _("%(name)s is free, but the shift needs a team lead beside them and has none.")
            % {"name": name}
        ),
        "more_eligible": lambda: (
            ngettext(
                "%(n)d more person could work it.",
                "%(n)d more people could work it.",
                int(p.get("count", 0)),
            )
            % {"n": int(p.get("count", 0))}
        ),
        "ineligible": lambda: _ineligible(p),
    }
    if code in say:
        return say[code]()
    return str(reason.get("text") or code)


def _ineligible(counts: Mapping[str, Any]) -> str:
    rules = {
        "day_off": _("a day off"),
        "availability": _("availability"),
        "skills": _("skills"),
        "locality": _("a sealed compound"),
        "age": _("age"),
        "health": _("health"),
        "kind": _("the kind of shift"),
    }
    parts = [
        ngettext("%(n)d person by %(rule)s", "%(n)d people by %(rule)s", int(n))
        % {"n": int(n), "rule": rules.get(rule, rule)}
        for rule, n in counts.items()
    ]
    return _("Not eligible: %(counts)s.") % {"counts": "; ".join(parts)}


def unfilled_line(item: Mapping[str, Any], names: Names) -> Line:
    """An unfilled shift and, beneath it, why each candidate was not put on it."""
    n = int(item.get("missing", 0))
    head = ngettext(
        "%(shift)s is short of %(n)d person.", "%(shift)s is short of %(n)d people.", n
    ) % {"shift": names.shift(item.get("shift")), "n": n}
    if "reasons" not in item:  # stored before reasons had codes
        return Line(str(item.get("text") or head))
    details = tuple(_reason(r, names) for r in item["reasons"])
    if not any(
        r.get("person") is not None or r.get("code") == "more_eligible" for r in item["reasons"]
    ):
        # No candidate left: either all who may work it are on it, or nobody may.
        if int(item.get("staffed", 0) or 0) > 0:
            details = (_("Everybody eligible is already on this shift."), *details)
        else:
            details = (_("Nobody eligible could be found."), *details)
    return Line(head, details)


def shortfall_text(item: Mapping[str, Any], names: Names) -> str:
    """One capacity shortfall (found before solving) in words: the shift as post, day and
    time, skills as the product names them, hours as numbers."""
    code = item.get("code", "")
    p = item.get("params", {})
    needed = int(p.get("needed", 0) or 0)
    values = {
        "shift": names.shift(p.get("shift")),
        "n": needed,
        "available": int(p.get("available", 0) or 0),
        "skills": names.skill_list(p.get("skills", [])),
        "skill": names.skill_list([p.get("skill")] if p.get("skill") else []),
        "demand": _hours(p.get("demand_minutes")),
        "supply": _hours(p.get("supply_minutes")),
    }
    if code == "shift_short":
        if values["skills"]:
            text = ngettext(
                "%(shift)s needs %(n)d person with the skill %(skills)s, but only "
                "%(available)d can work it.",
                "%(shift)s needs %(n)d people with the skill %(skills)s, but only "
                "%(available)d can work it.",
                needed,
            )
        else:
            text = ngettext(
                "%(shift)s needs %(n)d person, but only %(available)d can work it.",
                "%(shift)s needs %(n)d people, but only %(available)d can work it.",
                needed,
            )
        text %= values
        if p.get("hard"):
            text += " " + _("That is below the shift's minimum staff.")
        return text
    if code == "no_lead":
        return _("%(shift)s needs a team lead, but no team lead can work it.") % values
    if code == "hours_short":
        if values["skill"]:
            return (
                _(
                    "Shifts needing the skill %(skill)s ask for %(demand)s hours in all, but the "
                    "people with it can give at most %(supply)s hours."
                )
                % values
            )
        return (
            _(
                "The shifts ask for %(demand)s hours in all, but the people on the roster can "
                "give at most %(supply)s hours."
            )
            % values
        )
    return str(item.get("text") or code)


def shortfall_lines(result: Mapping[str, Any], names: Names) -> list[str]:
    """The capacity shortfalls in words; a result stored before they had codes shows its
    English sentences."""
    coded = result.get("shortfall_reasons")
    if coded is None:
        return [str(s) for s in result.get("shortfalls", [])]
    return [shortfall_text(item, names) for item in coded]


def penalty_text(item: Mapping[str, Any], names: Names) -> str:
    """One violated soft rule in words."""
    rule = item.get("rule", "")
    name = names.person(item.get("person"))
    amount = int(item.get("amount", 0) or 0)
    shift = names.shift(item.get("shift"))
    day = names.day(item.get("day"))
    say: dict[str, Callable[[], str]] = {
        "wanted_shift": lambda: (
            _("%(name)s wished to work %(shift)s but is not on it.")
            % {"name": name, "shift": shift}
        ),
        "unwanted_shift": lambda: (
            _("%(name)s wished not to work %(shift)s but is on it.")
            % {"name": name, "shift": shift}
        ),
        "wanted_day": lambda: (
            _("%(name)s wished to work on %(day)s but is off.") % {"name": name, "day": day}
        ),
        "unwanted_day": lambda: (
            _("%(name)s wished to be off on %(day)s but works.") % {"name": name, "day": day}
        ),
        "fair_load": lambda: (
            ngettext(
                "%(name)s works %(n)d hour away from a fair share.",
                "%(name)s works %(n)d hours away from a fair share.",
                amount,
            )
            % {"name": name, "n": amount}
        ),
        "continuity": lambda: (
            _("%(name)s changes post between %(day)s and the next day.")
            % {"name": name, "day": day}
        ),
        "changed": lambda: (
            _("%(name)s on %(shift)s changes against the published roster.")
            % {"name": name, "shift": shift}
        ),
        "overstaffed": lambda: (
            ngettext(
                "%(shift)s has %(n)d person more than it needs.",
                "%(shift)s has %(n)d people more than it needs.",
                amount,
            )
            % {"shift": shift, "n": amount}
        ),
    }
    if rule in say and "amount" in item:
        return say[rule]()
    return str(item.get("text") or item.get("name") or rule)


def _family(rule: str) -> str:
    return "wish" if rule in WISH_RULES else rule


def _summary(family: str, items: list[Mapping[str, Any]]) -> str:
    n = len(items)
    if family == "fair_load":
        amounts = [int(i.get("amount", 0) or 0) for i in items]
        lo, hi = min(amounts), max(amounts)
        hours = f"{lo}" if lo == hi else f"{lo}–{hi}"
        return ngettext(
            "%(n)d person works %(hours)s hours away from a fair share.",
            "%(n)d people work %(hours)s hours away from a fair share.",
            n,
        ) % {"n": n, "hours": hours}
    if family == "wish":
        return ngettext(
            "%(n)d wish could not be granted.", "%(n)d wishes could not be granted.", n
        ) % {"n": n}
    if family == "continuity":
        return ngettext(
            "%(n)d time someone changes post between days.",
            "%(n)d times someone changes post between days.",
            n,
        ) % {"n": n}
    if family == "changed":
        return ngettext(
            "%(n)d place changes against the published roster.",
            "%(n)d places change against the published roster.",
            n,
        ) % {"n": n}
    if family == "overstaffed":
        return ngettext(
            "%(n)d shift has more people than it needs.",
            "%(n)d shifts have more people than they need.",
            n,
        ) % {"n": n}
    return f"{family}: {n}"


def penalty_lines(items: list[Mapping[str, Any]], names: Names) -> list[Line]:
    """The violated soft rules, costliest rule first; a rule with many lines folds into one."""
    families: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for item in items:
        families[_family(str(item.get("rule", "")))].append(item)
    order = sorted(families, key=lambda f: (-sum(int(i.get("cost", 0)) for i in families[f]), f))
    lines = []
    for family in order:
        members = families[family]
        texts = [penalty_text(i, names) for i in members]
        if len(members) > FOLD_AT:
            lines.append(Line(_summary(family, members), tuple(texts)))
        else:
            lines += [Line(t) for t in texts]
    return lines


def explain(user: Any, result: Mapping[str, Any] | None, start: dt.date) -> Explanations:
    """The stored ``result`` of a run (or of a repair proposal) in words for ``user``."""
    result = result or {}
    names = _names(user, result, start)
    lines = penalty_lines(list(result.get("penalties", [])), names)
    return Explanations(
        shortfalls=shortfall_lines(result, names),
        unfilled=[unfilled_line(u, names) for u in result.get("unfilled", [])],
        penalties=lines[:SHOWN],
        folded=lines[SHOWN:],
    )
