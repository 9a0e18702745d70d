"""The call-history query language, without HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from opentrunk.errors import InvalidArgument
from opentrunk.trunking.calls import parse_call_filter

NOW = datetime(2024, 6, 6, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [
        ("2021", datetime(2021, 1, 1, tzinfo=UTC), datetime(2022, 1, 1, tzinfo=UTC)),
        ("2021-02", datetime(2021, 2, 1, tzinfo=UTC), datetime(2021, 3, 1, tzinfo=UTC)),
        ("2021-12", datetime(2021, 12, 1, tzinfo=UTC), datetime(2022, 1, 1, tzinfo=UTC)),
        ("2021-02-01", datetime(2021, 2, 1, tzinfo=UTC), datetime(2021, 2, 2, tzinfo=UTC)),
        ("2021-02-01T08", datetime(2021, 2, 1, 8, tzinfo=UTC), datetime(2021, 2, 1, 9, tzinfo=UTC)),
        (
            "2021-02-01T08:30",
            datetime(2021, 2, 1, 8, 30, tzinfo=UTC),
            datetime(2021, 2, 1, 8, 31, tzinfo=UTC),
        ),
    ],
)
def test_plain_create_time_selects_the_named_period(value, start, end):
    f = parse_call_filter([("createTime", value)], NOW)
    assert (f.after, f.after_inclusive, f.before, f.before_inclusive) == (start, True, end, False)


def test_bounds_with_and_without_equals():
    f = parse_call_filter(
        [("createTime>", "2024-06-01"), ("createTime<", "2024-06-05T10:00:00Z")], NOW
    )
    assert (f.after, f.after_inclusive) == (datetime(2024, 6, 1, tzinfo=UTC), True)
    assert (f.before, f.before_inclusive) == (datetime(2024, 6, 5, 10, tzinfo=UTC), True)
    strict = parse_call_filter([("createTime>2024-06-01", "")], NOW)
    assert (strict.after, strict.after_inclusive) == (datetime(2024, 6, 1, tzinfo=UTC), False)


def test_no_date_filter_means_the_last_day():
    f = parse_call_filter([("callResult", "completed")], NOW)
    assert f.after == NOW - timedelta(hours=24)
    assert f.before is None
    assert f.call_results == {"COMPLETED"}


def test_offsets_are_converted_to_utc():
    f = parse_call_filter([("createTime>", "2024-06-01T10:00:00+02:00")], NOW)
    assert f.after == datetime(2024, 6, 1, 8, tzinfo=UTC)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("createTime", "2024-13"),
        ("createTime", "June"),
        ("direction", "up"),
        ("emergencyOnly", "yes"),
    ],
)
def test_invalid_values(key, value):
    with pytest.raises(InvalidArgument) as info:
        parse_call_filter([(key, value)], NOW)
    assert info.value.violations[0].field == key
