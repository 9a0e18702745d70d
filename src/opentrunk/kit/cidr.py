"""IPv4 ranges (address + prefix length) as the ACL API models them."""

from __future__ import annotations

import ipaddress

__all__ = ["InvalidRange", "parse_ipv4_range"]


class InvalidRange(ValueError):
    pass


def parse_ipv4_range(address: str, prefix: int) -> ipaddress.IPv4Network:
    """The network ``address/prefix``. The address must be the network's own address
    (no host bits set), so a range means exactly what it says."""
    try:
        ip = ipaddress.IPv4Address(address.strip())
    except ValueError:
        raise InvalidRange(f"'{address}' is not an IPv4 address") from None
    if not 1 <= prefix <= 32:
        raise InvalidRange(f"range must be between 1 and 32, got {prefix}")
    network = ipaddress.IPv4Network((int(ip), prefix), strict=False)
    if network.network_address != ip:
        raise InvalidRange(
            f"{ip}/{prefix} has host bits set; the range starts at {network.network_address}"
        )
    return network
