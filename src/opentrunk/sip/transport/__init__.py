"""The asyncio shell of ``opentrunk.sip``: sockets and timers around a sans-I/O
``SipElement`` (the edge, the PSTN simulator), on the hypercorn model.

* ``udp``: a ``DatagramProtocol`` with a bounded queue (drop and count on overflow);
* ``tcp``: stream handlers with a ``StreamFramer`` each, idle timeouts, connections
  opened on demand;
* ``host``: ``ElementHost`` parses, passes the time in, schedules the element's one
  timer from its ``next_deadline()``, routes its sends, and drains on stop.
"""

from opentrunk.sip.transport.host import ElementHost, HostStats
from opentrunk.sip.transport.tcp import TcpTransport
from opentrunk.sip.transport.udp import UdpTransport

__all__ = ["ElementHost", "HostStats", "TcpTransport", "UdpTransport"]
