"""The digest's inline SVG timeline: a broken axis across long empty stretches."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from thaw_cli.core.models import TimelineEvent
from thaw_cli.output.digest_html import _ordinal, _segments, timeline_svg


def _event(date: str, precision: str = "day") -> TimelineEvent:
    return TimelineEvent(date, precision, f"event of {date}", "a", "evidence", "meeting")


def _xs(svg: str) -> list[float]:
    return [float(x) for x in re.findall(r'<circle cx="([0-9.]+)"', svg)]


def test_an_outlier_decades_away_gets_its_own_segment() -> None:
    dates = ["1978", "2018-05", "2018-08-30", "2018-10-23", "2018-10-25", "2019"]
    xs = [_ordinal(d) for d in dates]
    segs = _segments(xs)
    assert len(segs) == 2
    assert segs[0][0] <= xs[0] <= segs[0][1] < segs[1][0] <= xs[1]
    svg = timeline_svg([_event(d, "year" if len(d) == 4 else "day") for d in dates])
    ET.fromstring(svg)  # well-formed
    assert "≈" in svg and ">1978<" in svg
    cx = _xs(svg)
    # May-Oct 2018 spreads over a third of the width, not a few pixels at the right edge
    assert cx[4] - cx[1] > 150


def test_a_compact_timeline_has_one_unbroken_axis() -> None:
    dates = ["2018-09-01", "2018-09-20", "2018-10-23", "2018-11"]
    assert len(_segments([_ordinal(d) for d in dates])) == 1
    svg = timeline_svg([_event(d) for d in dates])
    assert "≈" not in svg
    cx = _xs(svg)
    assert cx == sorted(cx) and cx[0] >= 20 and cx[-1] <= 620


def test_one_event_and_no_events() -> None:
    assert timeline_svg([]) == ""
    svg = timeline_svg([_event("2020-02-29")])
    ET.fromstring(svg)
    assert len(_xs(svg)) == 1 and "Feb 2020" in svg or "Mar 2020" in svg


def test_evenly_spread_years_are_not_broken_and_at_most_three_segments() -> None:
    assert len(_segments([_ordinal(d) for d in ["1950", "1970", "1990", "2010", "2030"]])) == 1
    dates = ["1900", "1901", "1950", "1951", "2000", "2001", "2030"]
    assert len(_segments([_ordinal(d) for d in dates])) == 3
    ET.fromstring(timeline_svg([_event(d, "year") for d in dates]))
