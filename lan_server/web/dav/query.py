"""The filters of calendar-query (RFC 4791 9.7) and addressbook-query (RFC 6352 10.5), and the vCard version a
request asks for."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any
from xml.etree.ElementTree import Element

from lan_server.web.dav.davxml import CALDAV, CARDDAV, clark

_VERSION = re.compile(r"version\s*=\s*\"?([34]\.0)", re.IGNORECASE)


def version_asked(root: Element | None, accept: str) -> str:
    """"4.0" when the request's address-data or Accept header asks for vCard 4.0, else "3.0" (what iOS reads)."""
    if root is not None:
        for el in root.iter(clark(CARDDAV, "address-data")):
            if el.get("version") in ("3.0", "4.0"):
                return str(el.get("version"))
    found = _VERSION.search(accept or "")
    return found.group(1) if found else "3.0"


def _text_match(el: Element, values: list[str]) -> bool:
    wanted = (el.text or "").casefold()
    how = el.get("match-type", "contains")
    collation = el.get("collation", "i;unicode-casemap")

    def one(v: str) -> bool:
        v = v if collation == "i;octet" else v.casefold()
        w = (el.text or "") if collation == "i;octet" else wanted
        return {"equals": v == w, "starts-with": v.startswith(w), "ends-with": v.endswith(w)}.get(how, w in v)
    hit = any(one(v) for v in values)
    return not hit if el.get("negate-condition") == "yes" else hit


# ---- vCards

def _card_props(text: str) -> dict[str, list[str]]:
    props: dict[str, list[str]] = {}
    for line in re.sub(r"\r?\n[ \t]", "", text).splitlines():
        head, sep, value = line.partition(":")
        if not sep:
            continue
        name = head.split(";", 1)[0].split(".")[-1].upper()
        props.setdefault(name, []).append(re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1),
                                                 value))
    return props


def matches_card(filt: Element, text: str, zone: tzinfo | None = None) -> bool:
    props = _card_props(text)
    results = []
    for pf in filt.findall(clark(CARDDAV, "prop-filter")):
        values = props.get(str(pf.get("name", "")).upper(), [])
        if pf.find(clark(CARDDAV, "is-not-defined")) is not None:
            results.append(not values)
            continue
        tests = [_text_match(tm, values) for tm in pf.findall(clark(CARDDAV, "text-match"))]
        if not tests:
            results.append(bool(values))
        else:
            results.append(all(tests) if pf.get("test") == "allof" else any(tests))
    if not results:
        return True
    return all(results) if filt.get("test") == "allof" else any(results)


# ---- calendars

def _utc(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.strptime(text.strip(), "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def _as_utc(value: Any, zone: tzinfo) -> datetime | None:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=zone)).astimezone(timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=zone).astimezone(timezone.utc)
    return None


def _span(comp: Any, zone: tzinfo) -> tuple[datetime | None, datetime | None]:
    """When a VEVENT or VTODO happens, for a time-range test: (start, end); (None, None) for always."""
    def dec(name: str) -> Any:
        try:
            return comp.decoded(name) if comp.get(name) is not None else None
        except Exception:
            return None
    start_raw = dec("dtstart")
    start = _as_utc(start_raw, zone)
    if comp.name == "VEVENT":
        end = _as_utc(dec("dtend"), zone)
        if end is None and start is not None:
            duration = dec("duration")
            end = start + (duration if isinstance(duration, timedelta) else
                           timedelta(days=1) if not isinstance(start_raw, datetime) else timedelta(0))
    else:
        due = _as_utc(dec("due"), zone)
        start, end = start or due, due or start
    if comp.get("rrule") is not None and start is not None:
        end = None  # a repeating one may happen in any later range (its rule is not expanded here)
    return start, end


def _in_range(tr: Element, comp: Any, zone: tzinfo) -> bool:
    lo, hi = _utc(tr.get("start")), _utc(tr.get("end"))
    start, end = _span(comp, zone)
    if start is None:
        return True
    end = end if end is not None else (datetime.max.replace(tzinfo=timezone.utc) if comp.get("rrule") else start)
    after_lo = lo is None or end > lo or (end == start and start >= lo)
    before_hi = hi is None or start < hi
    return after_lo and before_hi


def _prop_values(comp: Any, name: str) -> list[str]:
    value = comp.get(name)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out = []
    for v in items:
        out += [str(c) for c in v.cats] if hasattr(v, "cats") else [str(v.to_ical().decode("utf-8")
                                                                         if hasattr(v, "to_ical") else v)]
    return out


def _comp_matches(cf: Element, comp: Any, zone: tzinfo) -> bool:
    tr = cf.find(clark(CALDAV, "time-range"))
    if tr is not None and not _in_range(tr, comp, zone):
        return False
    for pf in cf.findall(clark(CALDAV, "prop-filter")):
        values = _prop_values(comp, str(pf.get("name", "")))
        if pf.find(clark(CALDAV, "is-not-defined")) is not None:
            if values:
                return False
            continue
        if not values:
            return False
        for tm in pf.findall(clark(CALDAV, "text-match")):
            if not _text_match(tm, values):
                return False
    for child in cf.findall(clark(CALDAV, "comp-filter")):
        name = str(child.get("name", "")).upper()
        subs = [c for c in comp.subcomponents if c.name == name]
        if child.find(clark(CALDAV, "is-not-defined")) is not None:
            if subs:
                return False
        elif not any(_comp_matches(child, s, zone) for s in subs):
            return False
    return True


def matches_calendar(filt: Element, text: str, zone: tzinfo | None = None) -> bool:
    from icalendar import Calendar
    cal = Calendar.from_ical(text)
    top = filt.find(clark(CALDAV, "comp-filter"))
    if top is None:
        return True
    if str(top.get("name", "")).upper() != "VCALENDAR":
        return False
    return _comp_matches(top, cal, zone or timezone.utc)

