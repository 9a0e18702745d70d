"""Call records: the history behind ``/calls`` and its CSV export.

Filters follow Sinch's call-history semantics: ``from``/``to`` are prefix matches; a
plain ``createTime`` selects the whole period its precision names (``2024-02`` is all of
February, ``2024-02-01T08`` one hour, ``...T08:30:15Z`` one second); the bounds
``createTime>=``/``<=`` (and the strict ``>``/``<``) name periods too: ``>=`` starts with
the period, ``>`` after it, ``<=`` ends with it and ``<`` before it. So ``<=2024-02-29``
includes that whole day, as the official SDK's examples read ("from 2024-02-01 to
2024-02-29 is all of February"), and a bound the SDK truncated to the second keeps the
calls of that second. Without any date filter the last 24 hours are searched (the
OpenAPI document's default).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.errors import FieldViolation, InvalidArgument
from opentrunk.kit.pagination import Page, PageRequest
from opentrunk.kit.timefmt import format_rfc3339
from opentrunk.store.models import CallRecord
from opentrunk.trunking.repository import paginate
from opentrunk.trunking.schemas import CallOut, Money
from opentrunk.trunking.scope import ProjectScope

__all__ = [
    "CALL_RESULTS",
    "CSV_COLUMNS",
    "CallFilter",
    "CallRecordService",
    "call_out",
    "call_record_service",
    "parse_call_filter",
]

CALL_RESULTS = frozenset({"COMPLETED", "NO_ANSWER", "CANCEL", "BUSY", "FAILED"})
DIRECTIONS = frozenset({"INBOUND", "OUTBOUND"})
DEFAULT_WINDOW = timedelta(hours=24)

CSV_COLUMNS = (
    "Timestamp", "Call Id", "Answer Time", "End Time", "From", "To", "Trunk Id", "Trunk Name",
    "Direction", "Duration (s)", "Result", "To Country", "From Country", "Is Emergency Call",
    "Price Per Minute", "Cost", "Cause Code", "SIP Response Code", "Region", "MOS", "Transport",
    "Port", "Project Id", "Group Id", "Relationship Type", "Has Children",
)  # fmt: skip


@dataclass(slots=True)
class CallFilter:
    from_prefix: str | None = None
    to_prefix: str | None = None
    trunk_id: str | None = None
    after: datetime | None = None
    after_inclusive: bool = True
    before: datetime | None = None
    before_inclusive: bool = False
    call_results: frozenset[str] = frozenset()
    directions: frozenset[str] = frozenset()
    from_country: str | None = None
    to_country: str | None = None
    emergency_only: bool = False
    region: str | None = None
    project_ids: tuple[str, ...] = ()
    #: Call groups (forwarded legs) are not produced by this edge: asking for calls
    #: with children, or for a relationship other than ``initial``, matches nothing.
    matches_nothing: bool = False
    file_name: str = "EST_call_records.csv"
    extra: dict[str, str] = field(default_factory=dict)


# ISO 8601 prefixes a createTime filter may be given at, from a year down to a fraction
# of a second; a time may carry a zone (UTC without one).
_PERIOD = re.compile(
    r"(?P<y>\d{4})(?:-(?P<mo>\d{2})(?:-(?P<d>\d{2})(?:[T ](?P<h>\d{2})"
    r"(?::(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d+))?)?)?"
    r"(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?",
    re.IGNORECASE,
)


def _bad(name: str, value: str, why: str) -> InvalidArgument:
    return InvalidArgument(
        f"Invalid value '{value}' for '{name}': {why}", violations=[FieldViolation(name, why)]
    )


def _zone(text: str | None) -> tzinfo:
    if not text or text.upper() == "Z":
        return UTC
    digits = text[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    return timezone(-offset if text.startswith("-") else offset)


def _period(name: str, value: str) -> tuple[datetime, datetime]:
    """The interval a (possibly partial) timestamp names, in UTC."""
    text = value.strip()
    match = _PERIOD.fullmatch(text)
    try:
        if match is None:
            instant = datetime.fromisoformat(text.replace("z", "Z"))
            if instant.tzinfo is None:
                instant = instant.replace(tzinfo=UTC)
            return instant, instant + timedelta(microseconds=1)
        y, mo, d, h, mi, s, f = (match.group(k) for k in ("y", "mo", "d", "h", "mi", "s", "f"))
        start = datetime(
            int(y), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0), int(s or 0),
            int((f or "")[:6].ljust(6, "0")), tzinfo=_zone(match.group("zone")),
        ).astimezone(UTC)  # fmt: skip
    except ValueError:
        raise _bad(name, value, "expected an ISO 8601 date or date-time") from None
    if f is not None:
        return start, start + timedelta(microseconds=10 ** max(0, 6 - len(f)))
    if s is not None:
        return start, start + timedelta(seconds=1)
    if mi is not None:
        return start, start + timedelta(minutes=1)
    if h is not None:
        return start, start + timedelta(hours=1)
    if d is not None:
        return start, start + timedelta(days=1)
    if mo is not None:
        return start, start.replace(
            year=start.year + (start.month == 12), month=start.month % 12 + 1
        )
    return start, start.replace(year=start.year + 1)


def _enum_set(name: str, value: str, allowed: frozenset[str]) -> frozenset[str]:
    items = frozenset(v.strip().upper() for v in value.split(",") if v.strip())
    if not items:
        raise _bad(name, value, f"name one or more of {', '.join(sorted(allowed))}")
    unknown = items - allowed
    if unknown:
        raise _bad(name, value, f"allowed values are {', '.join(sorted(allowed))}")
    return items


def _bool(name: str, value: str) -> bool:
    if value.strip().lower() not in ("true", "false"):
        raise _bad(name, value, "expected true or false")
    return value.strip().lower() == "true"


def _number_prefix(value: str) -> str:
    # The official SDK does not URL-encode queries, so "+1781" arrives as " 1781".
    text = value.strip()
    return "+" + text if value.startswith(" ") and not text.startswith("+") else text


def parse_call_filter(params: Iterable[tuple[str, str]], now: datetime) -> CallFilter:
    """Build a filter from raw query pairs (keys may carry the comparison operator,
    e.g. ``createTime>`` = ``2024-06-06`` from ``createTime>=2024-06-06``)."""
    result = CallFilter()
    dated = False
    for key, value in params:
        if key.startswith(("createTime>", "createTime<")):
            operator, rest = key[10], key[11:]
            inclusive = rest.startswith("=") or rest == ""
            raw = (rest.lstrip("=") or value) if rest else value
            raw = raw.lstrip("=")
            start, end = _period(key, raw)
            if operator == ">":
                after = start if inclusive else end
                if result.after is None or after > result.after:
                    result.after, result.after_inclusive = after, True
            else:
                before = end if inclusive else start
                if result.before is None or before < result.before:
                    result.before, result.before_inclusive = before, False
            dated = True
        elif key == "createTime":
            start, end = _period(key, value)
            if result.after is None or start > result.after:
                result.after, result.after_inclusive = start, True
            if result.before is None or end < result.before:
                result.before, result.before_inclusive = end, False
            dated = True
        elif key == "from":
            result.from_prefix = _number_prefix(value)
        elif key == "to":
            result.to_prefix = _number_prefix(value)
        elif key == "trunkId":
            result.trunk_id = value.strip()
        elif key == "callResult":
            result.call_results |= _enum_set(key, value, CALL_RESULTS)
        elif key == "direction":
            result.directions |= _enum_set(key, value, DIRECTIONS)
        elif key == "fromCountryCode":
            result.from_country = value.strip().upper()
        elif key == "toCountryCode":
            result.to_country = value.strip().upper()
        elif key == "emergencyOnly":
            result.emergency_only = _bool(key, value)
        elif key == "region":
            result.region = value.strip()
        elif key == "projectIds":
            result.project_ids += tuple(v.strip() for v in value.split(",") if v.strip())
        elif key == "hasChildren":
            result.matches_nothing |= _bool(key, value)
        elif key == "relationshipType":
            result.matches_nothing |= value.strip().lower() not in ("", "initial")
        elif key == "fileName" and value.strip():
            name = re.sub(r"[^A-Za-z0-9._-]", "_", value.strip())
            result.file_name = name if name.endswith(".csv") else name + ".csv"
        elif key in ("groupId", "parentId"):
            result.extra[key] = value
    if not dated:
        result.after, result.after_inclusive = now - DEFAULT_WINDOW, True
    return result


def money(amount: float, currency: str) -> Money:
    return Money(currency_code=currency, amount=round(amount, 4))


def call_out(row: CallRecord) -> CallOut:
    return CallOut(
        call_id=row.call_id,
        project_id=row.project_id,
        trunk_id=row.trunk_id,
        direction=row.direction.lower(),
        from_=row.from_,
        to=row.to,
        call_result=row.call_result,
        create_time=row.create_time,
        answer_time=row.answer_time,
        end_time=row.end_time,
        duration_seconds=row.duration_seconds,
        billing_duration_seconds=row.billing_duration_seconds,
        price_per_minute=money(row.price_per_minute, row.currency),
        price=money(row.price, row.currency),
        pcap_id=row.pcap_id,
    )


def _csv_time(value: datetime | None) -> str:
    return format_rfc3339(value) if value else ""


def _csv_row(row: CallRecord) -> list[str]:
    return [
        _csv_time(row.create_time), row.call_id, _csv_time(row.answer_time),
        _csv_time(row.end_time), row.from_, row.to, row.trunk_id or "", row.trunk_name or "",
        row.direction.upper(), str(row.duration_seconds), row.call_result, row.to_country or "",
        row.from_country or "", "true" if row.is_emergency else "false",
        f"{row.price_per_minute:.4f} {row.currency}", f"{row.price:.4f} {row.currency}",
        "" if row.cause_code is None else str(row.cause_code),
        "" if row.sip_response_code is None else str(row.sip_response_code),
        row.region, "", row.transport.lower(), "" if row.port is None else str(row.port),
        row.project_id, "", "initial", "false",
    ]  # fmt: skip


class CallRecordService:
    def statement(self, project_ids: Sequence[str], f: CallFilter) -> Select[CallRecord]:
        statement = select(CallRecord).where(CallRecord.project_id.in_(project_ids))
        if f.matches_nothing:
            return statement.where(CallRecord.call_id.is_(None))
        if f.from_prefix:
            statement = statement.where(CallRecord.from_.startswith(f.from_prefix, autoescape=True))
        if f.to_prefix:
            statement = statement.where(CallRecord.to.startswith(f.to_prefix, autoescape=True))
        if f.trunk_id:
            statement = statement.where(CallRecord.trunk_id == f.trunk_id)
        if f.after is not None:
            bound = (
                CallRecord.create_time >= f.after
                if f.after_inclusive
                else CallRecord.create_time > f.after
            )
            statement = statement.where(bound)
        if f.before is not None:
            bound = (
                CallRecord.create_time <= f.before
                if f.before_inclusive
                else CallRecord.create_time < f.before
            )
            statement = statement.where(bound)
        if f.call_results:
            statement = statement.where(CallRecord.call_result.in_(f.call_results))
        if f.directions:
            statement = statement.where(CallRecord.direction.in_(f.directions))
        if f.from_country:
            statement = statement.where(CallRecord.from_country == f.from_country)
        if f.to_country:
            statement = statement.where(CallRecord.to_country == f.to_country)
        if f.emergency_only:
            statement = statement.where(CallRecord.is_emergency.is_(True))
        if f.region:
            statement = statement.where(CallRecord.region == f.region)
        return statement.order_by(CallRecord.create_time.desc(), CallRecord.call_id)

    async def find(self, scope: ProjectScope, f: CallFilter, page: PageRequest) -> Page[CallRecord]:
        return await paginate(scope.session, self.statement([scope.project_id], f), page)

    async def export_csv(
        self,
        session: AsyncSession,
        project_ids: Sequence[str],
        f: CallFilter,
        page: PageRequest | None,
        chunk_rows: int = 500,
    ) -> AsyncIterator[str]:
        """CSV text in chunks, read from the database in a stream."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        statement = self.statement(project_ids, f)
        if page is not None:
            statement = statement.offset(page.offset).limit(page.size)
        rows = 0
        result = await session.stream_scalars(statement.execution_options(yield_per=chunk_rows))
        async for row in result:
            writer.writerow(_csv_row(row))
            rows += 1
            if rows % chunk_rows == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    async def insert(self, session: AsyncSession, records: Sequence[CallRecord]) -> None:
        session.add_all(records)
        await session.flush()


call_record_service = CallRecordService()
