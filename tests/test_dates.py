from __future__ import annotations

import datetime as dt

import pytest

from thaw_cli.core.dates import in_range, normalize_iso, parse_bound, period, sort_key


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018", "2018"),
        ("2018-09", "2018-09"),
        ("2018-09-23", "2018-09-23"),
        ("2018-10-18T09:35", "2018-10-18T09:35:00"),
        ("2018-10-18 09:35:07", "2018-10-18T09:35:07"),
        ("2021-03-03T10:15:00-05:00", "2021-03-03T10:15:00-05:00"),
        ("2021-03-03T10:15:00Z", "2021-03-03T10:15:00+00:00"),
        ("2021-03-03T10:15:00+0530", "2021-03-03T10:15:00+05:30"),
        (dt.date(2018, 9, 23), "2018-09-23"),
        (dt.datetime(2018, 10, 18, 9, 35), "2018-10-18T09:35:00"),
        (2018, "2018"),
        ("2018-13", None),
        ("2018-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (True, None),
        ({"a": 1}, None),
    ],
)
def test_normalize_iso(value: object, expected: str | None) -> None:
    assert normalize_iso(value) == expected


def test_period_and_bounds() -> None:
    assert period("2018") == ("2018-01-01", "2018-12-31")
    assert period("2016-02") == ("2016-02-01", "2016-02-29")
    assert period("2018-10-18T09:35:00") == ("2018-10-18", "2018-10-18")
    assert parse_bound("2018-10", end=False) == "2018-10-01"
    assert parse_bound("2018-10", end=True) == "2018-10-31"
    assert parse_bound("2018", end=True) == "2018-12-31"
    with pytest.raises(ValueError, match="YYYY"):
        parse_bound("last week", end=False)


def test_in_range_is_inclusive_and_overlaps_partial_dates() -> None:
    assert in_range("2018-10-18", "2018-10-18", "2018-10-18")
    assert in_range("2018-10", "2018-10-05", None)
    assert not in_range("2018-09-30", "2018-10-01", None)
    assert not in_range("2018-11-01", None, "2018-10-31")
    assert not in_range(None, "2018-01-01", None)
    assert in_range(None, None, None)


def test_sort_key_orders_by_calendar_day() -> None:
    dates = ["2018-10-18T09:35:00", "2018-09-23", "2018"]
    assert sorted(dates, key=sort_key) == ["2018", "2018-09-23", "2018-10-18T09:35:00"]
