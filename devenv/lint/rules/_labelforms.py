"""The forms a label value must take under `label-schema` (DL3052-DL3058), each as strict
as the parser hadolint 2.15.1 uses for it, so both tools agree on every value: RFC 3986
URIs (Network.URI), RFC 3339 times (timerep), SPDX license ids (Cabal), git hashes,
semantic versions (semver) and RFC 5322 addresses (email-validate). The cases these were
checked on are in tests/lint/rules/test_labelforms.py. The patterns compile on first use:
most runs have no label schema, and one small `devenv lint` must start fast."""

from __future__ import annotations

import functools
import re

from devenv.lint.rules._spdx import LICENSES

# --- RFC 3986 URI: scheme ":" hier-part ["?" query] ["#" fragment] -----------------------
_UNRESERVED = r"A-Za-z0-9\-._~"
_SUB_DELIMS = r"!$&'()*+,;="
_PCT = r"%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_SEGMENTS = rf"(?:/{_PCHAR}*)*"
_USERINFO = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*"
_REG_NAME = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})*"
_IP_LITERAL = rf"\[(?P<ip>[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\.[{_UNRESERVED}{_SUB_DELIMS}:]+)\]"
_AUTHORITY = rf"(?:{_USERINFO}@)?(?:{_IP_LITERAL}|{_REG_NAME})(?::[0-9]*)?"
_HIER_PART = rf"(?://{_AUTHORITY}{_SEGMENTS}|/(?:{_PCHAR}+{_SEGMENTS})?|{_PCHAR}+{_SEGMENTS}|)"
_URI = rf"[A-Za-z][A-Za-z0-9+\-.]*:{_HIER_PART}(?:\?(?:{_PCHAR}|[/?])*)?(?:#(?:{_PCHAR}|[/?])*)?"


@functools.cache
def _compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def is_url(value: str) -> bool:
    m = _compiled(_URI).fullmatch(value)
    if m is None:
        return False
    ip = m.group("ip")
    if ip is None or ip.startswith("v"):
        return True
    import ipaddress

    try:
        ipaddress.IPv6Address(ip)
    except ValueError:
        return False
    return True


# --- RFC 3339, as timerep reads it: blanks around, any year, `T`/`Z` in either case ------
_TIME = (
    r"\s*(-?[0-9]+)-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]*)?"
    r"(?:[Zz]|[+-][0-9]{2}:?[0-9]{2})\s*"
)
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_rfc3339(value: str) -> bool:
    m = _compiled(_TIME).fullmatch(value)
    if m is None:
        return False
    year, month, day, hour, minute, second = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)  # proleptic Gregorian
    days = 29 if month == 2 and leap else _DAYS[month - 1]
    return 1 <= day <= days and hour <= 23 and minute <= 59 and second <= 60  # leap second


# --- SPDX, git hash, semantic version ----------------------------------------------------
def is_spdx(value: str) -> bool:
    return value in LICENSES


def is_git_hash(value: str) -> bool:
    return _compiled(r"[0-9a-f]{7}|[0-9a-f]{40}").fullmatch(value) is not None


# semver's parser takes leading zeros and an empty or dot-ended pre-release or build part.
_IDENTIFIERS = r"(?:[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*\.?)?"
_SEMVER = rf"[0-9]+\.[0-9]+\.[0-9]+(?:-{_IDENTIFIERS})?(?:\+{_IDENTIFIERS})?"


def is_semver(value: str) -> bool:
    return _compiled(_SEMVER).fullmatch(value) is not None


# --- RFC 5322 addr-spec, as email-validate reads it ---------------------------------------
_CFWS = r"(?:[ \t\r\n]|\([^()\\]*\))*"
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_QUOTED = r'"(?:[\t\x20\x21\x23-\x5b\x5d-\x7e]|\\[\t\x20-\x7e])*"'
_WORD = rf"{_CFWS}(?:{_ATOM}|{_QUOTED}){_CFWS}"
_LABEL = rf"{_CFWS}[A-Za-z0-9][A-Za-z0-9-]*{_CFWS}"
_DOMAIN_NAME = rf"{_LABEL}(?:\.{_LABEL})*\.?"
_DOMAIN_LITERAL = rf"{_CFWS}\[(?:[ \t]*[\x21-\x5a\x5e-\x7e]+)*[ \t]*\]{_CFWS}"
_ADDRESS = rf"(?:{_WORD}(?:\.{_WORD})*)@(?P<domain>.*)"


def is_email(value: str) -> bool:
    m = _compiled(_ADDRESS, re.DOTALL).fullmatch(value)
    if m is None:
        return False
    domain = m.group("domain")
    if _compiled(_DOMAIN_LITERAL).fullmatch(domain):
        return True
    if not _compiled(_DOMAIN_NAME).fullmatch(domain):
        return False
    name = _compiled(_CFWS).sub("", domain).removesuffix(".")
    labels = name.split(".")
    return len(name) <= 253 and all(len(x) <= 63 and not x.endswith("-") for x in labels)
