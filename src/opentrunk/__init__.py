"""opentrunk: Elastic SIP Trunking and number hosting, wire-compatible with Sinch."""

__version__ = "0.1.0"
