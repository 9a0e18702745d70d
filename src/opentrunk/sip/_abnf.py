"""RFC 3261 §25 grammar, as regular-expression fragments.

Each fragment sits under the ABNF rule it implements. Where a fragment is deliberately
looser than the rule, the comment says so and why. Two habits keep every pattern linear
in the length of its input (the edge parses hostile bytes):

* alternatives start with distinct characters, so the engine never backtracks across
  them;
* no quantified group contains another quantifier over the same characters.

Header values reach these patterns already unfolded: every line fold (CRLF followed by
SP or HTAB) has been replaced by a single SP, so LWS and SWS become ``[ \\t]*``.
"""

from __future__ import annotations

import re

# alphanum  =  ALPHA / DIGIT
# token       =  1*(alphanum / "-" / "." / "!" / "%" / "*"
#                   / "_" / "+" / "`" / "'" / "~" )
TOKEN_CHARS = r"A-Za-z0-9\-.!%*_+`'~"
TOKEN = rf"[{TOKEN_CHARS}]+"

# LWS  =  [*WSP CRLF] 1*WSP ; linear whitespace
# SWS  =  [LWS] ; sep whitespace
# (after unfolding, both are runs of SP / HTAB)
SWS = r"[ \t]*"
LWS = r"[ \t]+"

# quoted-string  =  SWS DQUOTE *(qdtext / quoted-pair ) DQUOTE
# qdtext         =  LWS / %x21 / %x23-5B / %x5D-7E
#                        / UTF8-NONASCII
# quoted-pair  =  "\" (%x00-09 / %x0B-0C / %x0E-7F)
# Looser: qdtext accepts any character but DQUOTE, backslash, CR and LF. Control
# characters inside a display name harm nobody, and RFC 4475 "intmeth" carries some.
QUOTED_STRING = r'"(?:[^"\\\r\n]|\\[\x00-\x09\x0b\x0c\x0e-\x7f])*"'

# word        =  1*(alphanum / "-" / "." / "!" / "%" / "*" /
#                "_" / "+" / "`" / "'" / "~" /
#                "(" / ")" / "<" / ">" /
#                ":" / "\" / DQUOTE /
#                "/" / "[" / "]" / "?" /
#                "{" / "}" )
WORD = r"""[A-Za-z0-9\-.!%*_+`'~()<>:\\"/\[\]?{}]+"""

# callid   =  word [ "@" word ]
CALL_ID = re.compile(rf"{WORD}(?:@{WORD})?")

# Method            =  INVITEm / ACKm / OPTIONSm / BYEm
#                      / CANCELm / REGISTERm
#                      / extension-method
# extension-method  =  token
METHOD = re.compile(TOKEN)

# SIP-Version    =  "SIP" "/" 1*DIGIT "." 1*DIGIT
SIP_VERSION = re.compile(r"SIP/[0-9]+\.[0-9]+", re.IGNORECASE)

# Status-Code     =  Informational / Redirection / Success / Client-Error
#                    / Server-Error / Global-Failure / extension-code
# extension-code  =  3DIGIT
STATUS_CODE = re.compile(r"[1-6][0-9][0-9]")

# header-name       =  token
HEADER_NAME = re.compile(TOKEN)

# scheme         =  ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+\-.]*")

# absoluteURI    =  scheme ":" ( hier-part / opaque-part )
# opaque-part    =  uric-no-slash *uric
# uric           =  reserved / unreserved / escaped
# Looser: anything printable but the characters that delimit a URI in a header
# (SP, HTAB, "<", ">", DQUOTE). The edge routes on SIP URIs only; other schemes are
# carried, not interpreted.
ABSOLUTE_URI_REST = re.compile(r"""[^\s<>"\x00-\x1f\x7f]+""")

# escaped     =  "%" HEXDIG HEXDIG
# unreserved  =  alphanum / mark
# mark        =  "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")"
_UNRESERVED = r"A-Za-z0-9\-_.!~*'()"
_ESCAPED = r"%[0-9A-Fa-f]{2}"

# user             =  1*( unreserved / escaped / user-unreserved )
# user-unreserved  =  "&" / "=" / "+" / "$" / "," / ";" / "?" / "/"
USER = re.compile(rf"(?:[{_UNRESERVED}&=+$,;?/]|{_ESCAPED})+")

# password         =  *( unreserved / escaped /
#                     "&" / "=" / "+" / "$" / "," )
PASSWORD = re.compile(rf"(?:[{_UNRESERVED}&=+$,]|{_ESCAPED})*")

# hostport         =  host [ ":" port ]
# host             =  hostname / IPv4address / IPv6reference
# hostname         =  *( domainlabel "." ) toplabel [ "." ]
# domainlabel      =  alphanum
#                     / alphanum *( alphanum / "-" ) alphanum
# toplabel         =  ALPHA / ALPHA *( alphanum / "-" ) alphanum
# IPv4address    =  1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT
# IPv6reference  =  "[" IPv6address "]"
# port           =  1*DIGIT
# Looser: a hostname is any run of alphanumerics, "-" and "." starting with an
# alphanumeric (the exact label rules need backtracking and buy nothing: a bad name
# fails at DNS). An IPv6 reference is checked again with ``ipaddress``.
HOST = r"\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9\-.]*"
HOSTPORT = re.compile(rf"({HOST})(?::([0-9]{{1,5}}))?")

# uri-parameters    =  *( ";" uri-parameter)
# uri-parameter     =  transport-param / user-param / method-param
#                      / ttl-param / maddr-param / lr-param / other-param
# other-param       =  pname [ "=" pvalue ]
# pname             =  1*paramchar
# pvalue            =  1*paramchar
# paramchar         =  param-unreserved / unreserved / escaped
# param-unreserved  =  "[" / "]" / "/" / ":" / "&" / "+" / "$"
_PARAMCHAR = rf"(?:[{_UNRESERVED}\[\]/:&+$]|{_ESCAPED})+"
URI_PARAM = re.compile(rf"({_PARAMCHAR})(?:=({_PARAMCHAR}))?")

# headers         =  "?" header *( "&" header )
# header          =  hname "=" hvalue
# hname           =  1*( hnv-unreserved / unreserved / escaped )
# hvalue          =  *( hnv-unreserved / unreserved / escaped )
# hnv-unreserved  =  "[" / "]" / "/" / "?" / ":" / "+" / "$"
_HNVCHAR = rf"(?:[{_UNRESERVED}\[\]/?:+$]|{_ESCAPED})"
URI_HEADER = re.compile(rf"({_HNVCHAR}+)=({_HNVCHAR}*)")

# generic-param  =  token [ EQUAL gen-value ]
# gen-value      =  token / host / quoted-string
# SEMI    =  SWS ";" SWS ; semicolon
# EQUAL   =  SWS "=" SWS ; equal
# Looser: a bare value may also hold ":" so that an unbracketed IPv6 address in a Via
# "received" parameter parses (RFC 5118 §4.5 asks robust parsers to accept it).
GEN_VALUE = rf"[{TOKEN_CHARS}:]+|\[[0-9A-Fa-f:.]+\]|{QUOTED_STRING}"
SEMI_PARAM = re.compile(rf"{SWS};{SWS}({TOKEN})(?:{SWS}={SWS}({GEN_VALUE}))?{SWS}")

# name-addr      =  [ display-name ] LAQUOT addr-spec RAQUOT
# display-name   =  *(token LWS)/ quoted-string
# Looser: the LWS before LAQUOT may be missing (RFC 4475 §3.1.1.6 "lwsdisp" calls
# its absence a specification bug that elements should accept).
QUOTED_DISPLAY = re.compile(rf"{SWS}({QUOTED_STRING}){SWS}")
TOKEN_DISPLAY = re.compile(rf"{TOKEN}(?:{LWS}{TOKEN})*")

# Via               =  ( "Via" / "v" ) HCOLON via-parm *(COMMA via-parm)
# via-parm          =  sent-protocol LWS sent-by *( SEMI via-params )
# sent-protocol     =  protocol-name SLASH protocol-version
#                      SLASH transport
# protocol-name     =  "SIP" / token
# protocol-version  =  token
# transport         =  "UDP" / "TCP" / "TLS" / "SCTP"
#                      / other-transport
# sent-by           =  host [ COLON port ]
# SLASH   =  SWS "/" SWS ; slash
# COLON   =  SWS ":" SWS ; colon
VIA_HEAD = re.compile(
    rf"{SWS}({TOKEN}){SWS}/{SWS}({TOKEN}){SWS}/{SWS}({TOKEN}){LWS}"
    rf"({HOST})(?:{SWS}:{SWS}([0-9]{{1,5}}))?"
)

# CSeq  =  "CSeq" HCOLON 1*DIGIT LWS Method
CSEQ = re.compile(rf"([0-9]+){LWS}({TOKEN})")

# Max-Forwards  =  "Max-Forwards" HCOLON 1*DIGIT
# Content-Length  =  ( "Content-Length" / "l" ) HCOLON 1*DIGIT
# Expires     =  "Expires" HCOLON delta-seconds
# delta-seconds      =  1*DIGIT
DIGITS = re.compile(r"[0-9]+")


def bounded_int(text: str, maximum: int) -> int | None:
    """``1*DIGIT`` as an int no larger than ``maximum``, else None.

    The length is checked before converting: ``int()`` of a long digit string is slow,
    and past 4300 digits Python refuses it with a ValueError.
    """
    if DIGITS.fullmatch(text) is None:
        return None
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(maximum)):
        return None
    value = int(digits)
    return value if value <= maximum else None


# SIP-date      =  rfc1123-date
# rfc1123-date  =  wkday "," SP date1 SP time SP "GMT"
# date1         =  2DIGIT SP month SP 4DIGIT
# time          =  2DIGIT ":" 2DIGIT ":" 2DIGIT
SIP_DATE = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} "
    r"[0-9]{2}:[0-9]{2}:[0-9]{2} GMT"
)

# challenge           =  ("Digest" LWS digest-cln *(COMMA digest-cln))
#                        / other-challenge
# auth-param          =  auth-param-name EQUAL
#                        ( token / quoted-string )
# auth-param-name     =  token
# COMMA   =  SWS "," SWS ; comma
# Looser: a bare value may hold "/" ":" "=" and "@" (seen unquoted in the wild in uri=
# and in base64 nonces); a quoted value is unescaped by the digest module.
AUTH_PARAM = re.compile(
    rf"{SWS}({TOKEN}){SWS}={SWS}({QUOTED_STRING}|[{TOKEN_CHARS}/:=@]+){SWS}(?:,|$)"
)

# MAGIC COOKIE (§8.1.1.7): branch IDs of RFC 3261 elements start with "z9hG4bK".
MAGIC_COOKIE = "z9hG4bK"
