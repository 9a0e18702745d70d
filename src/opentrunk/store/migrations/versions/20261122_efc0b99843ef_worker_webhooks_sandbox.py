"""worker jobs, webhooks outbox, callback secrets, sandbox clock and faults

Revision ID: efc0b99843ef
Revises: e5d33427a7a4
Create Date: 2026-11-22 07:17:53.776857

Hand-checked: only the tables of ``opentrunk.worker``, ``opentrunk.webhooks`` and
``opentrunk.sandbox``. The two partial unique indexes on ``jobs`` carry the queue's
rules (one todo job per queueing lock, one doing job per lock) on both backends.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import opentrunk.store.base

revision: str = "efc0b99843ef"
down_revision: str | None = "e5d33427a7a4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TODO = sa.text("status = 'todo'")
_DOING = sa.text("status = 'doing'")


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("run_at", opentrunk.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("lock", sa.String(length=255), nullable=True),
        sa.Column("queueing_lock", sa.String(length=255), nullable=True),
        sa.Column("worker_id", sa.String(length=64), nullable=True),
        sa.Column("lease_until", opentrunk.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("create_time", opentrunk.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("update_time", opentrunk.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_status_run_at", ["status", "run_at"], unique=False)
        batch_op.create_index(
            "uq_jobs_lock_doing",
            ["lock"],
            unique=True,
            sqlite_where=_DOING,
            postgresql_where=_DOING,
        )
        batch_op.create_index(
            "uq_jobs_queueing_lock_todo",
            ["queueing_lock"],
            unique=True,
            sqlite_where=_TODO,
            postgresql_where=_TODO,
        )

    op.create_table(
        "sandbox_clock",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("offset_us", sa.BigInteger(), nullable=False),
        sa.Column("update_time", opentrunk.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sandbox_clock")),
    )
    op.create_table(
        "webhook_faults",
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("remaining", sa.Integer(), nullable=False),
        sa.Column("create_time", opentrunk.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_faults")),
    )
    op.create_table(
        "callback_configurations",
        sa.Column("project_id", sa.String(length=64), nullable=False),
        sa.Column("hmac_secret", sa.String(length=256), nullable=False),
        sa.Column("create_time", opentrunk.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("update_time", opentrunk.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_callback_configurations_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_callback_configurations")),
    )
    op.create_table(
        "webhook_events",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column(
            "next_attempt_time", opentrunk.store.base.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "last_attempt_time", opentrunk.store.base.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("create_time", opentrunk.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("update_time", opentrunk.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_webhook_events_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_events")),
    )
    with op.batch_alter_table("webhook_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_webhook_events_project_id_create_time", ["project_id", "create_time"], unique=False
        )

    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("attempt_time", opentrunk.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("response_excerpt", sa.Text(), nullable=True),
        sa.Column("request_headers", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["webhook_events.id"],
            name=op.f("fk_webhook_deliveries_event_id_webhook_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
    )
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_webhook_deliveries_event_id"), ["event_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_deliveries_event_id"))
    op.drop_table("webhook_deliveries")
    with op.batch_alter_table("webhook_events", schema=None) as batch_op:
        batch_op.drop_index("ix_webhook_events_project_id_create_time")
    op.drop_table("webhook_events")
    op.drop_table("callback_configurations")
    op.drop_table("webhook_faults")
    op.drop_table("sandbox_clock")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("uq_jobs_queueing_lock_todo")
        batch_op.drop_index("uq_jobs_lock_doing")
        batch_op.drop_index("ix_jobs_status_run_at")
    op.drop_table("jobs")
