"""The SIP edge: the proxy that enforces each trunk's configuration on real traffic.

Pure like the rest of ``opentrunk.sip`` (messages, flows and time in; bytes, call
records and binding changes out through callbacks); ``opentrunk.sip.daemon`` runs it on
sockets. ``proxy`` has the design (why a proxy, not a B2BUA) and the theory of
operation; ``policy`` the rules a call must pass.
"""

from opentrunk.sip.edge.config import CarrierSet, EdgeConfig, parse_target
from opentrunk.sip.edge.core import EdgeStats
from opentrunk.sip.edge.forwarding import Resolver, literal_address
from opentrunk.sip.edge.policy import Admit, CallFacts, Reject, check_inbound, check_outbound
from opentrunk.sip.edge.proxy import Edge
from opentrunk.sip.edge.rate import CallRateLimiter
from opentrunk.sip.edge.records import CallRecordData, CallResult, result_for_status
from opentrunk.sip.edge.registrar import Binding, Registrar
from opentrunk.sip.edge.targets import Target, TargetSelector

__all__ = [
    "Admit",
    "Binding",
    "CallFacts",
    "CallRateLimiter",
    "CallRecordData",
    "CallResult",
    "CarrierSet",
    "Edge",
    "EdgeConfig",
    "EdgeStats",
    "Registrar",
    "Reject",
    "Resolver",
    "Target",
    "TargetSelector",
    "check_inbound",
    "check_outbound",
    "literal_address",
    "parse_target",
    "result_for_status",
]
