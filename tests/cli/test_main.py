import subprocess
import sys

import click
from click.testing import CliRunner

from opentrunk.cli import main


def test_every_listed_command_loads_under_its_name():
    ctx = click.Context(main)
    names = main.list_commands(ctx)
    assert {"serve", "db", "sip", "numbers", "hosting-orders", "qualified", "sandbox"} <= set(names)
    for name in names:
        command = main.get_command(ctx, name)
        assert command is not None
        assert command.name == name


def test_help_lists_the_groups_and_an_unknown_command_is_a_usage_error():
    runner = CliRunner()
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "hosting-orders" in result.output
    assert runner.invoke(main, ["nope"]).exit_code == 2


def test_serve_does_not_load_the_sdk():
    code = (
        "import sys; from opentrunk.cli import main; "
        "main.get_command(None, 'serve'); "
        "print(sorted(m for m in sys.modules if m.startswith(('opentrunk.sdk', 'rich'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
