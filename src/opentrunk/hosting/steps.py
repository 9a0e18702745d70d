"""Reading and writing one step's columns on an order number or an imported number.

Both tables spell a step's columns the same way (``{prefix}_state``,
``{prefix}_error_code``, ``{prefix}_error_message``, ``{prefix}_update_time`` and, for
an imported number's carriers, ``{prefix}_operation``); this module is the one place
that knows the prefixes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from opentrunk.hosting.states import Step, StepState
from opentrunk.store.models import HostingOrderNumber, ImportedNumber

__all__ = ["StepStatus", "column_prefix", "read_step", "write_step"]

_PREFIX = {
    Step.OSR_UPDATE: "osr",
    Step.PLATFORM: "platform",
    Step.CAMPAIGN: "campaign",
    Step.SMS_ATT: "sms_att",
    Step.SMS_TMO: "sms_tmo",
    Step.MMS_ATT: "mms_att",
    Step.MMS_TMO: "mms_tmo",
}

Stepped = HostingOrderNumber | ImportedNumber


@dataclass(frozen=True, slots=True)
class StepStatus:
    state: StepState
    error_code: str = ""
    error_message: str = ""
    update_time: datetime | None = None
    #: Imported numbers' carriers only: PROVISIONING or DEPROVISIONING.
    operation: str = ""


def column_prefix(step: Step) -> str:
    return _PREFIX[step]


def read_step(row: Stepped, step: Step) -> StepStatus:
    prefix = _PREFIX[step]
    operation = getattr(row, f"{prefix}_operation", "") or ""
    return StepStatus(
        state=StepState(getattr(row, f"{prefix}_state") or StepState.UNSPECIFIED),
        error_code=getattr(row, f"{prefix}_error_code") or "",
        error_message=getattr(row, f"{prefix}_error_message") or "",
        update_time=getattr(row, f"{prefix}_update_time"),
        operation=str(operation),
    )


def write_step(row: Stepped, step: Step, status: StepStatus) -> None:
    prefix = _PREFIX[step]
    setattr(row, f"{prefix}_state", status.state.value)
    setattr(row, f"{prefix}_error_code", status.error_code)
    setattr(row, f"{prefix}_error_message", status.error_message[:255])
    setattr(row, f"{prefix}_update_time", status.update_time)
    if hasattr(row, f"{prefix}_operation"):
        setattr(row, f"{prefix}_operation", status.operation or "OPERATION_UNSPECIFIED")
