"""The synchronous SDK and its tests are generated from the asynchronous originals
(``tools/unasync.py``); a change to one without regenerating the other fails here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generated_code_is_fresh() -> None:
    done = subprocess.run(
        [sys.executable, "tools/unasync.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, f"run `python tools/unasync.py`:\n{done.stdout}{done.stderr}"
