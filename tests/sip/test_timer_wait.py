"""``TimerConfig.wait``: how long finished transactions linger (Timers J, L, M)."""

from __future__ import annotations

import pytest

from opentrunk.sip import Timer, TimerConfig


@pytest.mark.parametrize("timer", [Timer.J, Timer.L, Timer.M])
def test_wait_shortens_the_lingering_timers(timer: Timer) -> None:
    assert TimerConfig().initial(timer, reliable=False) == 32.0
    assert TimerConfig(wait=5.0).initial(timer, reliable=False) == 5.0


@pytest.mark.parametrize("timer", [Timer.B, Timer.F, Timer.H, Timer.D, Timer.K])
def test_wait_leaves_the_other_timers(timer: Timer) -> None:
    assert TimerConfig(wait=5.0).initial(timer, reliable=False) == TimerConfig().initial(
        timer, reliable=False
    )
