"""Working days in England and Wales: Monday to Friday, less bank holidays and any closure days a partnership adds.

How counting works (the rules every clock in casereview follows):

- Day 0 is the day a period counts from. "Within 5 working days of the notification" means the fifth working
  day after the notification day, whatever day of the week the notification fell on: a notification on a Friday
  (or a Saturday) is due by the Friday after, when no bank holiday falls between.
- ``add_working_days(day, 0)`` is ``day`` itself, even on a weekend.
- A negative count goes backwards: "at least 7 working days before publication" is
  ``add_working_days(publication, -7)``, the seventh working day before the publication day.
- ``working_days_between(a, b)`` is the count that ``add_working_days`` would need to step from ``a`` to ``b``:
  after ``a``, the working days up to and including ``b``; before ``a``, minus the working days from ``b`` up to
  but not including ``a``. So ``working_days_between(a, add_working_days(a, n)) == n`` for every n, and
  ``add_working_days(a, working_days_between(a, b)) == b`` whenever ``b`` is a working day.

Bank holidays come from the ``holidays`` package (England's list, which is the same as Wales's for every year
from 2014 to 2030: tests check it), with substitute days and the one-off days (VE Day moved to 8 May 2020,
3 June 2022, 19 September 2022, 8 May 2023). A one-off holiday announced after the installed ``holidays``
release is unknown until the package is upgraded; a partnership can add it as a closure day meanwhile.

The bank holidays of each year are worked out once per process and kept; a calendar holds only immutable
data, so one calendar (or the module functions) can be used from many threads at once.
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections.abc import Iterable
from datetime import date, timedelta

SATURDAY = 5
ONE_DAY = timedelta(days=1)


@functools.lru_cache(maxsize=256)
def _bank_holidays(year: int) -> tuple[date, ...]:
    """The bank holidays of one year that fall on a weekday, sorted.

    A fresh ``holidays`` object each time, turned into a tuple: the package's own objects fill themselves in
    lazily when looked up, which is not safe to share between threads.
    """
    import holidays  # imported here, so that a broken install is reported by ``load_bank_holidays``

    days = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return tuple(sorted(day for day in days if day.weekday() < SATURDAY))


def preload(years: Iterable[int]) -> None:
    """Work out the bank holidays of ``years`` now, at start-up: the first use otherwise pays for loading the
    ``holidays`` data (about a second), and a broken install then stops start-up rather than a request."""
    for year in years:
        _bank_holidays(year)


def startup_years(today: date) -> range:
    """The years whose bank holidays are worked out at start-up: those of reviews running now and lately."""
    return range(today.year - 10, today.year + 3)


def load_bank_holidays(years: Iterable[int]) -> None:
    """As ``preload``, with any failure to read the ``holidays`` package's data (a broken or half-upgraded install)
    raised as DataFileError naming the file and line where reading stopped, and the reason."""
    import traceback

    from casereview.datafiles import DataFileError, Problem

    try:
        preload(years)
    except Exception as error:  # noqa: BLE001 - whatever a third party's broken data raises, it stops start-up
        if isinstance(error, SyntaxError) and error.filename:
            file, line = error.filename, error.lineno or 1
        else:
            last = traceback.extract_tb(error.__traceback__)[-1]
            file, line = last.filename, last.lineno or 1
        reason = f"{type(error).__name__}: {error}"
        raise DataFileError(
            [
                Problem(
                    file,
                    line,
                    f"the bank holiday data (the holidays package) cannot be read ({reason}); "
                    "install casereview's dependencies again",
                )
            ]
        ) from error


def bank_holidays(year: int) -> dict[date, str]:
    """England and Wales bank holidays of ``year`` with their names, weekends included, for display."""
    import holidays

    return dict(sorted(holidays.country_holidays("GB", subdiv="ENG", years=year).items()))


def _weekdays_before(day: date) -> int:
    """Monday-to-Friday days from a fixed Monday up to but not including ``day``: differences count weekdays."""
    days = day.toordinal() - 1  # ordinal 1 (1 January 0001) was a Monday
    weeks, rest = divmod(days, 7)
    return weeks * 5 + min(rest, 5)


class WorkingCalendar:
    """England and Wales working days, less a partnership's own closure days."""

    __slots__ = ("_closures",)

    def __init__(self, closures: Iterable[date] = ()):
        self._closures = tuple(sorted({day for day in closures if day.weekday() < SATURDAY}))

    def is_working_day(self, day: date) -> bool:
        if day.weekday() >= SATURDAY:
            return False
        return not (_contains(_bank_holidays(day.year), day) or _contains(self._closures, day))

    def _days_off(self, start: date, end: date) -> int:
        """Weekday bank holidays and closures in [start, end), each day once."""
        if start >= end:
            return 0
        off = 0
        for year in range(start.year, end.year + 1):
            days = _bank_holidays(year)
            off += bisect_left(days, end) - bisect_left(days, start)
        for day in self._closures[bisect_left(self._closures, start) : bisect_left(self._closures, end)]:
            if not _contains(_bank_holidays(day.year), day):
                off += 1
        return off

    def _working_days_in(self, start: date, end: date) -> int:
        """Working days in [start, end)."""
        if start >= end:
            return 0
        return _weekdays_before(end) - _weekdays_before(start) - self._days_off(start, end)

    def working_days_between(self, a: date, b: date) -> int:
        if b >= a:
            return self._working_days_in(a + ONE_DAY, b + ONE_DAY)
        return -self._working_days_in(b, a)

    def add_working_days(self, start: date, n: int) -> date:
        if n == 0:
            return start
        step = 1 if n > 0 else -1
        remaining = abs(n)
        day = start
        while remaining:
            # Jump whole weeks while that cannot overshoot (a week holds at most 5 working days), then walk.
            weeks = (remaining - 1) // 5
            if weeks:
                target = day + timedelta(days=7 * weeks * step)
                remaining -= abs(self.working_days_between(day, target))
                day = target
                continue
            day += ONE_DAY * step
            if self.is_working_day(day):
                remaining -= 1
        return day


def _contains(days: tuple[date, ...], day: date) -> bool:
    index = bisect_left(days, day)
    return index < len(days) and days[index] == day


def is_working_day(day: date, *, closures: Iterable[date] = ()) -> bool:
    """Whether ``day`` is a working day in England and Wales, given the partnership's closure days."""
    return WorkingCalendar(closures).is_working_day(day)


def add_working_days(start: date, n: int, *, closures: Iterable[date] = ()) -> date:
    """The ``n``th working day after ``start`` (before it, for negative ``n``); see the module's counting rules."""
    return WorkingCalendar(closures).add_working_days(start, n)


def working_days_between(a: date, b: date, *, closures: Iterable[date] = ()) -> int:
    """Working days from ``a`` to ``b`` (negative when ``b`` is earlier); see the module's counting rules."""
    return WorkingCalendar(closures).working_days_between(a, b)


def add_months(day: date, n: int) -> date:
    """The same day of the month ``n`` months later (earlier for negative ``n``), or that month's last day when it
    is shorter: 31 January + 1 month is 28 February (29 in a leap year)."""
    month_index = day.year * 12 + day.month - 1 + n
    year, month = divmod(month_index, 12)
    month += 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last = (next_month - ONE_DAY).day
    return date(year, month, min(day.day, last))
