"""Working-day arithmetic in England and Wales, each answer worked out by hand from the calendar in the comment."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from casereview.timescales import (
    add_months,
    add_working_days,
    bank_holidays,
    is_working_day,
    preload,
    workdays,
    working_days_between,
)


def test_england_and_wales_share_one_list_of_bank_holidays():
    # The engine uses England's list for both nations; this is true for every year a review could touch.
    for year in range(2014, 2031):
        england = holidays.country_holidays("GB", subdiv="ENG", years=year)
        wales = holidays.country_holidays("GB", subdiv="WLS", years=year)
        assert set(england) == set(wales), year


def test_christmas_2021_on_a_weekend_moves_both_holidays_to_monday_and_tuesday():
    # Sat 25 and Sun 26 Dec 2021 are replaced by Mon 27 and Tue 28; Sat 1 Jan 2022 by Mon 3 Jan.
    # From Fri 24 Dec: Wed 29 (1), Thu 30 (2), Fri 31 (3); then Tue 4 Jan (4).
    assert add_working_days(date(2021, 12, 24), 3) == date(2021, 12, 31)
    assert add_working_days(date(2021, 12, 24), 4) == date(2022, 1, 4)
    assert not is_working_day(date(2021, 12, 27)) and not is_working_day(date(2021, 12, 28))
    assert not is_working_day(date(2022, 1, 3))


def test_christmas_2022_on_a_sunday_gives_a_substitute_tuesday_and_new_year_a_substitute_monday():
    # Sun 25 Dec 2022: Mon 26 is Boxing Day, Tue 27 the substitute for Christmas; Sun 1 Jan 2023: Mon 2 Jan.
    # From Fri 23 Dec: Wed 28 (1), Thu 29 (2), Fri 30 (3), Tue 3 Jan (4), Wed 4 Jan (5).
    assert add_working_days(date(2022, 12, 23), 5) == date(2023, 1, 4)
    assert working_days_between(date(2022, 12, 23), date(2023, 1, 4)) == 5


def test_boxing_day_2020_on_a_saturday_moves_to_monday_28():
    # Fri 25 Dec 2020 Christmas, Sat 26 Boxing Day, Mon 28 its substitute: after Thu 24 the next is Tue 29.
    assert add_working_days(date(2020, 12, 24), 1) == date(2020, 12, 29)


def test_easter_takes_out_good_friday_and_easter_monday():
    # Easter 2023: Good Friday 7 Apr, Easter Monday 10 Apr. From Wed 5 Apr: Thu 6 (1), Tue 11 (2), Wed 12 (3),
    # Thu 13 (4), Fri 14 (5).
    assert add_working_days(date(2023, 4, 5), 5) == date(2023, 4, 14)
    # Easter 2024: Good Friday 29 Mar, Easter Monday 1 Apr. From Thu 28 Mar the next working day is Tue 2 Apr.
    assert working_days_between(date(2024, 3, 28), date(2024, 4, 2)) == 1


def test_ve_day_2020_moved_the_early_may_bank_holiday_to_friday_8_may():
    # In 2020 Mon 4 May was an ordinary working day and Fri 8 May the bank holiday. From Thu 7 May: Mon 11 May.
    assert is_working_day(date(2020, 5, 4))
    assert not is_working_day(date(2020, 5, 8))
    assert add_working_days(date(2020, 5, 7), 1) == date(2020, 5, 11)


def test_platinum_jubilee_2022_thursday_and_friday():
    # Spring bank holiday moved to Thu 2 June 2022 and the jubilee added Fri 3 June; Mon 30 May was a working
    # day. From Wed 1 June: Mon 6 June.
    assert is_working_day(date(2022, 5, 30))
    assert add_working_days(date(2022, 6, 1), 1) == date(2022, 6, 6)


def test_state_funeral_monday_19_september_2022():
    # From Fri 16 Sep 2022, Mon 19 is the state funeral: the next working day is Tue 20.
    assert add_working_days(date(2022, 9, 16), 1) == date(2022, 9, 20)


def test_coronation_monday_8_may_2023_a_week_after_early_may():
    # Mon 1 May and Mon 8 May 2023 were both bank holidays. From Fri 28 Apr: Tue 2 (1), Wed 3 (2), Thu 4 (3),
    # Fri 5 (4), Tue 9 (5).
    assert add_working_days(date(2023, 4, 28), 5) == date(2023, 5, 9)
    assert bank_holidays(2023)[date(2023, 5, 8)]


def test_a_partnership_closure_day_is_not_a_working_day():
    # North Partnership closes Tue 24 and Fri 27 Dec 2024; Wed 25 and Thu 26 are bank holidays. From Mon 23 the
    # next working day is Mon 30 Dec; without the closures it is Tue 24.
    closures = [date(2024, 12, 24), date(2024, 12, 27)]
    assert add_working_days(date(2024, 12, 23), 1, closures=closures) == date(2024, 12, 30)
    assert add_working_days(date(2024, 12, 23), 1) == date(2024, 12, 24)
    assert not is_working_day(date(2024, 12, 24), closures=closures)
    # A closure on a bank holiday or a weekend changes nothing: the day was already off. After Fri 20 Dec up to
    # Fri 3 Jan 2025: Mon 23, Tue 24, [Wed 25, Thu 26], Fri 27, Mon 30, Tue 31, [Wed 1 Jan], Thu 2, Fri 3 = 7.
    on_days_off = [date(2024, 12, 25), date(2024, 12, 28)]
    assert working_days_between(date(2024, 12, 20), date(2025, 1, 3), closures=on_days_off) == 7
    assert working_days_between(date(2024, 12, 20), date(2025, 1, 3)) == 7


def test_counting_backwards_for_at_least_7_working_days_before_publication():
    # Publication Mon 9 Jan 2023. Back: Fri 6 (1), Thu 5 (2), Wed 4 (3), Tue 3 (4), [Mon 2 substitute New Year],
    # Fri 30 Dec (5), Thu 29 (6), Wed 28 (7).
    assert add_working_days(date(2023, 1, 9), -7) == date(2022, 12, 28)
    assert working_days_between(date(2023, 1, 9), date(2022, 12, 28)) == -7


def test_a_start_on_a_non_working_day_counts_from_that_day():
    # Day 0 is the start, even on a weekend: from Sat 31 Dec 2022, [Sun 1, Mon 2 substitute], Tue 3 Jan is day 1.
    assert add_working_days(date(2022, 12, 31), 1) == date(2023, 1, 3)
    assert add_working_days(date(2022, 12, 31), 0) == date(2022, 12, 31)
    # Backwards from Sat 7 Jan 2023 the first working day is Fri 6.
    assert add_working_days(date(2023, 1, 7), -1) == date(2023, 1, 6)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year: February has 29 days
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 8, 31), 6, date(2025, 2, 28)),  # a decision on 31 Aug: six months ends 28 Feb
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 12, 15), 1, date(2025, 1, 15)),  # across the new year
        (date(2025, 1, 15), -1, date(2024, 12, 15)),
        (date(2024, 5, 31), 1, date(2024, 6, 30)),
    ],
)
def test_months_end_on_the_same_day_or_the_last_day_of_a_shorter_month(start, months, expected):
    assert add_months(start, months) == expected


days = st.dates(min_value=date(2015, 1, 1), max_value=date(2032, 12, 31))
ALL_BANK_HOLIDAYS = {day for year in range(2015, 2033) for day in bank_holidays(year)}
closure_days = st.lists(st.dates(min_value=date(2015, 1, 1), max_value=date(2033, 12, 31)), max_size=20)


@given(days, st.integers(min_value=-400, max_value=400), closure_days)
def test_stepping_and_counting_agree(start, n, closures):
    end = add_working_days(start, n, closures=closures)
    assert working_days_between(start, end, closures=closures) == n
    if n:
        assert is_working_day(end, closures=closures)


@given(days, days)
def test_counting_matches_walking_the_calendar_day_by_day(a, b):
    low, high = sorted((a, b))
    walked = [low + timedelta(i) for i in range((high - low).days + 1)]
    working = [day for day in walked if day.weekday() < 5 and day not in ALL_BANK_HOLIDAYS]
    if a <= b:
        assert working_days_between(a, b) == len([day for day in working if day > a])
    else:
        assert working_days_between(a, b) == -len([day for day in working if day < a])


def test_many_threads_on_a_cold_calendar_get_the_same_answers():
    starts = [date(2019, 1, 1) + timedelta(days=i * 11) for i in range(200)]
    expected = [add_working_days(start, 130) for start in starts]
    workdays._bank_holidays.cache_clear()
    barrier = threading.Barrier(8)

    def work(offset: int) -> list[date]:
        barrier.wait()
        return [add_working_days(start, 130) for start in starts[offset:] + starts[:offset]]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(8)))
    for offset, result in enumerate(results):
        assert result == expected[offset:] + expected[:offset]


def test_preloading_works_out_each_year_once_before_the_first_request():
    workdays._bank_holidays.cache_clear()
    preload(range(2018, 2031))
    assert workdays._bank_holidays.cache_info().currsize == 13
    add_working_days(date(2024, 12, 23), 10)
    info = workdays._bank_holidays.cache_info()
    assert info.currsize == 13 and info.hits > 0
