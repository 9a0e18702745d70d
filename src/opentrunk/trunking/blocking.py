"""Call blocking rules: prefix and country matches on inbound callers and outbound
callees, applied by the SIP edge."""

from __future__ import annotations

from sqlalchemy import select

from opentrunk.kit.ids import new_ulid
from opentrunk.kit.pagination import Page, PageRequest
from opentrunk.store.models import CallBlockingRule
from opentrunk.trunking.repository import get_owned, paginate
from opentrunk.trunking.schemas import CallBlockingRuleInput, CallBlockingRuleOut
from opentrunk.trunking.scope import ProjectScope

__all__ = ["SORTABLE", "CallBlockingRuleService", "blocking_rule_out", "call_blocking_rule_service"]

SORTABLE = {
    "id": CallBlockingRule.id,
    "name": CallBlockingRule.name,
    "direction": CallBlockingRule.direction,
    "callerCountry": CallBlockingRule.caller_country,
    "calleeCountry": CallBlockingRule.callee_country,
    "callerMatch": CallBlockingRule.caller_match,
    "calleeMatch": CallBlockingRule.callee_match,
    "createTime": CallBlockingRule.create_time,
    "updateTime": CallBlockingRule.update_time,
}


def blocking_rule_out(row: CallBlockingRule) -> CallBlockingRuleOut:
    return CallBlockingRuleOut(
        id=row.id,
        project_id=row.project_id,
        name=row.name,
        direction=row.direction.lower(),
        caller_country=row.caller_country,
        callee_country=row.callee_country,
        caller_match=row.caller_match,
        callee_match=row.callee_match,
        create_time=row.create_time,
        update_time=row.update_time,
    )


class CallBlockingRuleService:
    async def create(self, scope: ProjectScope, data: CallBlockingRuleInput) -> CallBlockingRule:
        row = CallBlockingRule(id=new_ulid(), project_id=scope.project_id, create_time=scope.now)
        self._apply(row, data)
        scope.session.add(row)
        await scope.session.flush()
        scope.mark_config_changed()
        return row

    async def find(
        self, scope: ProjectScope, page: PageRequest, sort: list[tuple[str, bool]]
    ) -> Page[CallBlockingRule]:
        statement = select(CallBlockingRule).where(CallBlockingRule.project_id == scope.project_id)
        order = [SORTABLE[name].desc() if desc else SORTABLE[name] for name, desc in sort]
        return await paginate(scope.session, statement.order_by(*order, CallBlockingRule.id), page)

    async def update(
        self, scope: ProjectScope, rule_id: str, data: CallBlockingRuleInput
    ) -> CallBlockingRule:
        row = await get_owned(
            scope.session, CallBlockingRule, scope.project_id, rule_id, "Call blocking rule"
        )
        self._apply(row, data)
        row.update_time = scope.now
        await scope.session.flush()
        scope.mark_config_changed()
        return row

    async def delete(self, scope: ProjectScope, rule_id: str) -> None:
        row = await get_owned(
            scope.session, CallBlockingRule, scope.project_id, rule_id, "Call blocking rule"
        )
        await scope.session.delete(row)
        await scope.session.flush()
        scope.mark_config_changed()

    @staticmethod
    def _apply(row: CallBlockingRule, data: CallBlockingRuleInput) -> None:
        row.name = data.name
        row.direction = data.direction
        row.caller_country = data.caller_country
        row.callee_country = data.callee_country
        row.caller_match = data.caller_match
        row.callee_match = data.callee_match


call_blocking_rule_service = CallBlockingRuleService()
