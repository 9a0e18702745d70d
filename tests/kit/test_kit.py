from __future__ import annotations

import re

import pytest

from opentrunk.errors import InvalidArgument
from opentrunk.kit.cidr import InvalidRange, parse_ipv4_range
from opentrunk.kit.countries import ALL_COUNTRIES, country
from opentrunk.kit.e164 import country_of, is_e164, normalise_e164
from opentrunk.kit.ids import new_ulid
from opentrunk.kit.pagination import decode_page_token, encode_page_token, page_request


def test_ulids_are_crockford_and_increase():
    ids = [new_ulid() for _ in range(2000)]
    assert all(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{26}", i) for i in ids)
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(
    ("number", "valid", "iso"),
    [("+15552229999", True, "US"), ("+46701234567", True, "SE"), ("+442071234567", True, "GB"),
     ("+16135550123", True, "CA"), ("15552229999", False, None), ("+1555", False, None),
     ("+0015552229999", False, None)],
)  # fmt: skip
def test_e164(number, valid, iso):
    assert is_e164(number) is valid
    if valid:
        assert country_of(number) == iso


def test_normalise_path_forms():
    assert normalise_e164(" 15552229999") == "+15552229999"
    assert normalise_e164("15552229999") == "+15552229999"
    assert normalise_e164("+15552229999") == "+15552229999"


def test_ranges():
    assert str(parse_ipv4_range("10.1.0.0", 16)) == "10.1.0.0/16"
    for address, prefix in (("10.1.0.1", 16), ("10.1.0.0", 0), ("10.1.0.0", 33), ("::1", 128)):
        with pytest.raises(InvalidRange):
            parse_ipv4_range(address, prefix)


def test_country_table():
    codes = [c.iso_code for c in ALL_COUNTRIES]
    assert len(codes) == len(set(codes)) > 200
    assert country("se").name == "Sweden"  # type: ignore[union-attr]
    assert country("JM").dialing_codes == ("+1658", "+1876")  # type: ignore[union-attr]


def test_paging_and_tokens():
    assert page_request(None, None, default_size=10, max_size=20).offset == 0
    assert page_request("3", "20", default_size=10, max_size=20).offset == 40
    with pytest.raises(InvalidArgument):
        page_request("1", "21", default_size=10, max_size=20)
    assert decode_page_token(encode_page_token(1234)) == 1234
    with pytest.raises(InvalidArgument):
        decode_page_token("bm9wZQ")
