"""Dates and times as releases print them, in English and Spanish.

In: a string. Out: `datetime.date` (with the language its month name is in), or for an
embargo line an aware `datetime.datetime` and the notes about what it had to assume.

Read: "June 29, 2018", "Jun. 29th, 2018", "Sept. 3, 2019", "Tuesday, June 29, 2018",
"29 June 2018", "8 de marzo de 2022", "8 de sept. del 2022", "lunes 8 de marzo de 2022",
"2018-06-29", "6/29/2018" (English order) or "29/06/2018" (Spanish order; when both
orders make a date, the language decides and a note says so).
"""

import datetime
import re
import zoneinfo

from django.conf import settings


def _month_numbers(*names_by_month):
    return {name: n for n, names in enumerate(names_by_month, 1) for name in names.split()}


ENGLISH_MONTHS = _month_numbers(
    "january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
    "august aug", "september sept sep", "october oct", "november nov", "december dec",
)  # fmt: skip
SPANISH_MONTHS = _month_numbers(
    "enero ene", "febrero feb", "marzo mar", "abril abr", "mayo may", "junio jun", "julio jul",
    "agosto ago", "septiembre setiembre sept sep set", "octubre oct", "noviembre nov",
    "diciembre dic",
)  # fmt: skip
# Names only Spanish uses (abbreviations both languages share are not evidence).
_ONLY_SPANISH = set(SPANISH_MONTHS) - set(ENGLISH_MONTHS) - {"set"}

_MONTH = "|".join(sorted({*ENGLISH_MONTHS, *SPANISH_MONTHS}, key=len, reverse=True))
_WEEKDAY = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun"
    r"|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)\.?,?\s+)"
)
_ORDINAL = r"(?:st|nd|rd|th|º|°|o\b)?"
DATE = (
    rf"(?:{_WEEKDAY}?(?:"
    rf"(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}}){_ORDINAL},?\s+(?P<y1>\d{{4}})"
    rf"|(?:el\s+)?(?P<d2>\d{{1,2}}){_ORDINAL}\s+(?:de\s+)?(?P<m2>{_MONTH})\.?,?\s+"
    rf"(?:(?:de|del)\s+)?(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})"
    r"|(?P<a4>\d{1,2})[/.](?P<b4>\d{1,2})[/.](?P<y4>\d{4})"
    r"))"
)
DATE_RE = re.compile(rf"(?<![\w/.-]){DATE}(?![\w/])", re.IGNORECASE)
ONLY_DATE = re.compile(rf"^(?:date|fecha)?\s*:?\s*{DATE}\.?$", re.IGNORECASE)

ENGLISH, SPANISH = "en", "es"


def date_of(match, language=None):
    """(date, language or None, other reading or None) of a `DATE` match; None when the
    numbers make no real date."""
    groups = match.groupdict()
    try:
        if groups["y3"]:
            return (
                datetime.date(int(groups["y3"]), int(groups["m3"]), int(groups["d3"])),
                None,
                None,
            )
        if groups["y4"]:
            return _numeric(int(groups["a4"]), int(groups["b4"]), int(groups["y4"]), language)
        name = (groups["m1"] or groups["m2"]).casefold()
        day, year = (groups["d1"], groups["y1"]) if groups["m1"] else (groups["d2"], groups["y2"])
        said = SPANISH if name in _ONLY_SPANISH or groups["m2"] else None
        if groups["m1"] and name in ENGLISH_MONTHS:
            said = ENGLISH
        month = ENGLISH_MONTHS.get(name) or SPANISH_MONTHS[name]
        return datetime.date(int(year), month, int(day)), said, None
    except ValueError:
        return None


def _numeric(first, second, year, language):
    """6/29/2018 or 29/06/2018: the order the language writes, unless only one is a date."""
    readings = []
    for month, day in ((first, second), (second, first)):
        try:
            readings.append(datetime.date(year, month, day))
        except ValueError:
            readings.append(None)
    english, spanish = readings
    if english and spanish and english != spanish:
        chosen, other = (spanish, english) if language == SPANISH else (english, spanish)
        return chosen, None, other
    found = english or spanish
    return (found, None, None) if found else None


def find_date(text, language=None):
    """(date, language, other reading) of the first date in `text`, or None."""
    for match in DATE_RE.finditer(text or ""):
        found = date_of(match, language)
        if found:
            return found
    return None


# Embargo times

_TIME = re.compile(
    r"(?<![\d:])(?P<h>\d{1,2})(?:[:.h](?P<m>\d{2}))?\s*(?:hrs?\.?|horas?\b)?\s*"
    r"(?P<ampm>a\.?\s?m\.?|p\.?\s?m\.?|noon|mediod[íi]a)?(?![\d/])",
    re.IGNORECASE,
)
_ZONES = [
    (r"e[sd]?t|eastern(?: (?:standard |daylight )?time)?|hora del este", "America/New_York"),
    (r"c[sd]?t|central(?: (?:standard |daylight )?time)?", "America/Chicago"),
    (r"m[sd]?t|mountain(?: (?:standard |daylight )?time)?", "America/Denver"),
    (r"p[sd]?t|pacific(?: (?:standard |daylight )?time)?|hora del pac[íi]fico",
     "America/Los_Angeles"),
    (r"(?:hora|tiempo) del centro(?: de m[ée]xico)?|hora de (?:la )?ciudad de m[ée]xico|cdmx",
     "America/Mexico_City"),
    (r"gmt|utc", "UTC"),
    (r"bst|british summer time", "Europe/London"),
    (r"cest|cet|central european(?: summer)? time", "Europe/Brussels"),
]  # fmt: skip
_ZONE = re.compile(
    r"(?<![\w])(?:"
    + "|".join(f"(?P<z{i}>{pattern})" for i, (pattern, _) in enumerate(_ZONES))
    + r")(?![\w])",
    re.IGNORECASE,
)
_FIXED_OFFSETS = {
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip
_FIXED_ZONE = re.compile(r"(?<![\w])([ECMP][SD]T)(?![\w])", re.IGNORECASE)
EMBARGO = re.compile(
    r"^(?:\*+\s*)?(?:(?:under\s+)?embargo(?:ed)?|embargad[oa]|bajo embargo"
    r"|hold (?:for release )?until|not for (?:release|publication) (?:until|before)"
    r"|no publicar antes de)"
    r"(?:\s+(?:until|till|to|for release|hasta(?: el| las?)?|until:))?\s*[:\-–—]?\s*(?P<when>.*)$",
    re.IGNORECASE,
)


def embargo_time(text, language=None):
    """(aware datetime or None, notes) for the words after "EMBARGOED UNTIL"."""
    notes = []
    found = None
    for match in DATE_RE.finditer(text):
        found = date_of(match, language)
        if found:
            date_span = match.span()
            break
    if not found:
        return None, [f"The embargo line (“{text}”) gives no date I could read: set the time."]
    day = found[0]
    rest = text[: date_span[0]] + " " + text[date_span[1] :]
    hour, minute = 0, 0
    time_match = next(
        (m for m in _TIME.finditer(rest) if m["m"] or m["ampm"] or re.search("hora", m[0], re.I)),
        None,
    )
    if time_match:
        hour, minute = int(time_match["h"]), int(time_match["m"] or 0)
        ampm = (time_match["ampm"] or "").casefold().replace(".", "").replace(" ", "")
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
        elif ampm in ("noon", "mediodia", "mediodía"):
            hour = 12
        if hour > 23 or minute > 59:
            hour, minute = 0, 0
            notes.append(f"The embargo time in “{text}” is not a time of day: midnight is set.")
    else:
        notes.append(f"The embargo line (“{text}”) gives no time: midnight is set.")
    fixed = _FIXED_ZONE.search(rest)
    zone_match = _ZONE.search(rest)
    if fixed:
        # "MST", "EDT": the offset printed (Arizona keeps MST all year).
        zone = datetime.timezone(datetime.timedelta(hours=_FIXED_OFFSETS[fixed[1].upper()]))
    elif zone_match:
        index = next(int(k[1:]) for k, v in zone_match.groupdict().items() if v)
        zone = zoneinfo.ZoneInfo(_ZONES[index][1])
    else:
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        notes.append(
            f"The embargo line (“{text}”) names no time zone: read as {settings.TIME_ZONE}."
        )
    moment = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)
    return moment, notes
