"""The built-in PSTN simulator: the far end of outbound calls when no real PSTN gateway
is configured (``behaviour`` lists what each test number does)."""

from opentrunk.sip.pstn.behaviour import Behaviour, Outcome, behaviour_for
from opentrunk.sip.pstn.simulator import PstnSimulator, SimulatedCall

__all__ = ["Behaviour", "Outcome", "PstnSimulator", "SimulatedCall", "behaviour_for"]
