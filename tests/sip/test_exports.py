"""The public surface of ``opentrunk.sip`` is exactly what ``__all__`` says."""

from __future__ import annotations

import ast
import inspect
import sys
from pathlib import Path

import opentrunk.sip

SIP_DIR = Path(opentrunk.sip.__file__).parent


def test_all_is_exact_and_sorted() -> None:
    public = {
        name
        for name, value in vars(opentrunk.sip).items()
        if not name.startswith("_") and not isinstance(value, type(sys))
    }
    assert set(opentrunk.sip.__all__) == public
    assert len(opentrunk.sip.__all__) == len(set(opentrunk.sip.__all__))


def test_exported_classes_and_functions_are_the_cores_own() -> None:
    for name in opentrunk.sip.__all__:
        value = getattr(opentrunk.sip, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert value.__module__.startswith("opentrunk.sip."), name


def test_the_core_imports_only_the_standard_library() -> None:
    allowed_roots = set(sys.stdlib_module_names)
    for path in SIP_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                roots = {(node.module or "").split(".")[0]}
            else:
                continue
            assert roots <= allowed_roots, f"{path.name} imports {roots - allowed_roots}"
