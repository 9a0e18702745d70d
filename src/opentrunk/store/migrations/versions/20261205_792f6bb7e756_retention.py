"""retention: an index to find callbacks whose delivery ended long ago

Revision ID: 792f6bb7e756
Revises: f498c0a6f486
Create Date: 2026-12-05 09:00:00.000000

Hand-written: the worker deletes callbacks ``delivered`` or ``failed`` before a cutoff
(``opentrunk.webhooks.retention``); this index lets it find them without reading the
whole outbox. Old finished jobs are found through the existing ``ix_jobs_status_run_at``.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "792f6bb7e756"
down_revision: str | None = "f498c0a6f486"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("webhook_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_webhook_events_status_last_attempt_time",
            ["status", "last_attempt_time"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("webhook_events", schema=None) as batch_op:
        batch_op.drop_index("ix_webhook_events_status_last_attempt_time")
