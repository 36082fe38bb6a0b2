"""Dates as written ("May 30, 1950", "April, 1950", "circa 1962") -> ISO 8601 when / notBefore / notAfter."""
from __future__ import annotations

import calendar
import re

from ..model import DateValue

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_CIRCA = r"(?P<circa>(?:circa|ca\.|c\.|about|approximately)\s+)?"
_PATTERNS = [
    # May 30, 1950 / May 30 1950
    re.compile(rf"^{_CIRCA}{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})$", re.I),
    # 30 May 1950
    re.compile(rf"^{_CIRCA}(?P<day>\d{{1,2}})\s+{_MONTH},?\s+(?P<year>\d{{4}})$", re.I),
    # April, 1950 / April 1950
    re.compile(rf"^{_CIRCA}{_MONTH},?\s+(?P<year>\d{{4}})$", re.I),
    # 1950-05-30 / 1950-05 / 1950
    re.compile(rf"^{_CIRCA}(?P<year>\d{{4}})(?:-(?P<mnum>\d{{2}})(?:-(?P<day>\d{{2}}))?)?$", re.I),
    # 1950s
    re.compile(rf"^{_CIRCA}(?P<decade>\d{{3}})0s$", re.I),
]


# The years an ISO date in TEI (xsd:date, xsd:gYear) can hold as four digits: no year 0000, no sign.
FIRST_YEAR, LAST_YEAR = 1, 9999
OUT_OF_RANGE = "out-of-range"


def parse_date(text: str) -> DateValue | None:
    """Parse a date as the archive writes it; None when it is not a date.

    A date whose year (or, for "circa", the year either side) falls outside 0001-9999 is kept as text
    only: its ``precision`` is ``OUT_OF_RANGE`` and it has no ISO form, so no invalid @notBefore is written.
    Every pattern is anchored at both ends with bounded digit runs: linear in the text, and no number is
    longer than four digits when it is converted.

    :param text: the date text, e.g. ``May 30, 1950``, ``April, 1950``, ``circa 1962``
    """
    raw = text.strip()
    if len(raw) > 60:
        return None  # longer than any date as written: not one (and never scanned by the patterns)
    for pattern in _PATTERNS:
        m = pattern.match(raw)
        if not m:
            continue
        groups = m.groupdict()
        circa = bool(groups.get("circa"))
        first_year = int(groups["decade"]) * 10 if groups.get("decade") else int(groups["year"])
        last_year = first_year + 9 if groups.get("decade") else first_year
        if circa:
            first_year, last_year = first_year - 1, last_year + 1
        if first_year < FIRST_YEAR or last_year > LAST_YEAR:
            return DateValue(raw, precision=OUT_OF_RANGE)
        if groups.get("decade"):
            start = int(groups["decade"]) * 10
            return DateValue(raw, None, f"{start:04d}-01-01", f"{start + 9:04d}-12-31", "circa" if circa else None)
        year = int(groups["year"])
        month = None
        if groups.get("month"):
            month = MONTHS.get(groups["month"].lower().rstrip("."))
            if month is None:
                continue
        elif groups.get("mnum"):
            month = int(groups["mnum"])
        day = int(groups["day"]) if groups.get("day") else None
        if month is not None and not 1 <= month <= 12:
            return None
        if day is not None:
            if month is None or not 1 <= day <= calendar.monthrange(year, month)[1]:
                return None
        if circa:
            # "circa" widens the stated precision by one year either side.
            return DateValue(raw, None, f"{year - 1:04d}-01-01", f"{year + 1:04d}-12-31", "circa")
        if day is not None:
            return DateValue(raw, f"{year:04d}-{month:02d}-{day:02d}")
        if month is not None:
            last = calendar.monthrange(year, month)[1]
            return DateValue(raw, None, f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}")
        return DateValue(raw, None, f"{year:04d}-01-01", f"{year:04d}-12-31")
    return None

