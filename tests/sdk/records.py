"""Call records as the SIP edge stores them, for the call-history tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from opentrunk.store.models import CallRecord
from tests.conftest import PROJECT_ID


def call_record(call_id: str, created: datetime, **fields: object) -> CallRecord:
    values: dict[str, object] = {
        "project_id": PROJECT_ID, "direction": "OUTBOUND", "from_": "+15551230000",
        "to": "+15559870000", "call_result": "COMPLETED", "create_time": created,
        "answer_time": created + timedelta(seconds=3), "end_time": created + timedelta(seconds=7),
        "duration_seconds": 4, "billing_duration_seconds": 60, "price_per_minute": 0.004,
        "price": 0.004, "to_country": "US", "from_country": "US", "sip_response_code": 200,
    }  # fmt: skip
    values.update(fields)
    return CallRecord(call_id=call_id, **values)
