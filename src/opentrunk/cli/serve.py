"""``opentrunk serve``: run the server on the embedded default (or what is configured)."""

from __future__ import annotations

from pathlib import Path

import click
from pydantic import ValidationError

from opentrunk.config import Settings

__all__ = ["serve"]


def settings_from(**overrides: object) -> Settings:
    """Environment first, then the flags that were actually given. An invalid value is
    a one-line error per setting, named as the environment variable, and exit status 1."""
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = ".".join(map(str, error["loc"]))
            name = field if field.isupper() else f"OPENTRUNK_{field.upper()}"
            problems.append(f"invalid setting {name}={error.get('input')!r}: {error['msg']}")
        raise click.ClickException("\n".join(problems)) from None


@click.command()
@click.option("--http-host", help="HTTP listen address [OPENTRUNK_HTTP_HOST, 127.0.0.1]")
@click.option("--http-port", type=int, help="HTTP port [OPENTRUNK_HTTP_PORT, 8080]")
@click.option("--data-dir", type=click.Path(path_type=Path), help="Data directory [./.opentrunk]")
@click.option("--database-url", help="SQLAlchemy URL; default: SQLite file in the data dir")
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"]))
@click.option(
    "--role",
    type=click.Choice(["all", "api", "sip", "worker"]),
    help="Run every part, or one for scale-out [OPENTRUNK_ROLE, all]",
)
def serve(
    http_host: str | None,
    http_port: int | None,
    data_dir: Path | None,
    database_url: str | None,
    log_level: str | None,
    role: str | None,
) -> None:
    """Run opentrunk (HTTP API and SIP edge; Ctrl-C or SIGTERM stops it gracefully)."""
    from opentrunk.server import run

    run(
        settings_from(
            http_host=http_host,
            http_port=http_port,
            data_dir=data_dir,
            database_url=database_url,
            log_level=log_level,
            role=role,
        )
    )
