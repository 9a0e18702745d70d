from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, Timestamps, UTCDateTime

_TODO = text("status = 'todo'")
_DOING = text("status = 'doing'")


class Job(Timestamps, Base):
    """A durable unit of work for ``opentrunk.worker`` (procrastinate's data model).

    Two partial unique indexes carry the concurrency rules, so they hold even between
    nodes: at most one *todo* job per ``queueing_lock`` (dedupe) and at most one *doing*
    job per ``lock`` (work on one key is serialised).
    """

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_status_run_at", "status", "run_at"),
        Index(
            "uq_jobs_queueing_lock_todo",
            "queueing_lock",
            unique=True,
            sqlite_where=_TODO,
            postgresql_where=_TODO,
        ),
        Index(
            "uq_jobs_lock_doing", "lock", unique=True, sqlite_where=_DOING, postgresql_where=_DOING
        ),
    )

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    #: JSON object, as text (the same on both backends).
    payload: Mapped[str] = mapped_column(Text)
    run_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: ``todo`` → ``doing`` → ``succeeded`` | ``failed`` (``doing`` → ``todo`` on retry).
    status: Mapped[str] = mapped_column(String(16), default="todo")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=10)
    lock: Mapped[str | None] = mapped_column(String(255), default=None)
    queueing_lock: Mapped[str | None] = mapped_column(String(255), default=None)
    worker_id: Mapped[str | None] = mapped_column(String(64), default=None)
    #: While ``doing``: past this (real) time the job is presumed abandoned and reclaimed.
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
