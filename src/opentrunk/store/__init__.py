"""Persistence: engines and sessions, the declarative base, one model file per table,
and Alembic migrations. No business rules live here."""
