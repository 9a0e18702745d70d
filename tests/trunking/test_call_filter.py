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
        (
            "2021-02-01T08:30:15Z",
            datetime(2021, 2, 1, 8, 30, 15, tzinfo=UTC),
            datetime(2021, 2, 1, 8, 30, 16, tzinfo=UTC),
        ),
        (
            "2021-02-01T08:30:15.25",
            datetime(2021, 2, 1, 8, 30, 15, 250_000, tzinfo=UTC),
            datetime(2021, 2, 1, 8, 30, 15, 260_000, tzinfo=UTC),
        ),
        (
            "2021-02-01T08:30:15.123456789Z",
            datetime(2021, 2, 1, 8, 30, 15, 123_456, tzinfo=UTC),
            datetime(2021, 2, 1, 8, 30, 15, 123_457, tzinfo=UTC),
        ),
        (
            "2021-02-01T10+02:00",
            datetime(2021, 2, 1, 8, tzinfo=UTC),
            datetime(2021, 2, 1, 9, tzinfo=UTC),
        ),
    ],
)
def test_plain_create_time_selects_the_named_period(value, start, end):
    f = parse_call_filter([("createTime", value)], NOW)
    assert (f.after, f.after_inclusive, f.before, f.before_inclusive) == (start, True, end, False)


def test_bounds_name_periods():
    # createTime>=2024-06-01 arrives as the key "createTime>" with the value 2024-06-01.
    f = parse_call_filter(
        [("createTime>", "2024-06-01"), ("createTime<", "2024-06-05T10:00:00Z")], NOW
    )
    assert (f.after, f.after_inclusive) == (datetime(2024, 6, 1, tzinfo=UTC), True)
    # "<=" a second: up to the end of that second.
    assert (f.before, f.before_inclusive) == (datetime(2024, 6, 5, 10, 0, 1, tzinfo=UTC), False)
    # "<=" a day: the whole day (the SDK's "2024-02-01 to 2024-02-29 is all of February").
    day = parse_call_filter([("createTime>", "2024-02-01"), ("createTime<", "2024-02-29")], NOW)
    assert (day.after, day.before) == (
        datetime(2024, 2, 1, tzinfo=UTC),
        datetime(2024, 3, 1, tzinfo=UTC),
    )
    # Strict bounds: ">" a day is after it, "<" a day before it.
    strict = parse_call_filter([("createTime>2024-06-01", ""), ("createTime<2024-06-05", "")], NOW)
    assert (strict.after, strict.after_inclusive) == (datetime(2024, 6, 2, tzinfo=UTC), True)
    assert (strict.before, strict.before_inclusive) == (datetime(2024, 6, 5, tzinfo=UTC), False)


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
        ("direction", ""),
        ("callResult", " , "),
        ("emergencyOnly", "yes"),
    ],
)
def test_invalid_values(key, value):
    with pytest.raises(InvalidArgument) as info:
        parse_call_filter([(key, value)], NOW)
    assert info.value.violations[0].field == key
