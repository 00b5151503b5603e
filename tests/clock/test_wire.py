"""The NTP wire protocol: servers, replies and queries against a fake responder."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import ntplib
import pytest

from devenv.clock import wire
from devenv.clock.wire import Answer, Failed, Server

if TYPE_CHECKING:
    from tests.fake_ntp import FakeNtpFactory

pytest_plugins = ("tests.fake_ntp",)

# --- servers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ntp.example.com", Server("ntp.example.com", 123)),
        ("pool", Server("pool", 123)),
        ("10.0.0.1:11123", Server("10.0.0.1", 11123)),
        (" time-1.example.org:123 ", Server("time-1.example.org", 123)),
        ("[::1]:11123", Server("::1", 11123)),
        ("[fe80::1]", Server("fe80::1", 123)),
        ("::1", Server("::1", 123)),
    ],
)
def test_parse_server_good(text: str, expected: Server) -> None:
    assert wire.parse_server(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "is not HOST or HOST:PORT"),
        ("bad host", "is not HOST or HOST:PORT"),
        ("host:port", "is not HOST or HOST:PORT"),
        ("udp://host", "is not HOST or HOST:PORT"),
        ("-host", "is not HOST or HOST:PORT"),
        ("host:0", "port 0 is not between 1 and 65535"),
        ("host:70000", "port 70000 is not between 1 and 65535"),
    ],
)
def test_parse_server_bad(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        wire.parse_server(text)


def test_server_text_brackets_ipv6() -> None:
    assert str(Server("::1", 11123)) == "[::1]:11123"
    assert str(Server("10.0.0.1")) == "10.0.0.1:123"


# --- one reply ------------------------------------------------------------------------------

SERVER = Server("127.0.0.1", 11123)


def _request(at: float) -> bytes:
    data: bytes = ntplib.NTPPacket(
        version=4, mode=3, tx_timestamp=ntplib.system_to_ntp_time(at)
    ).to_data()
    return data


def _reply(request: bytes, at: float, **fields: int) -> bytes:
    packet = ntplib.NTPPacket(version=fields.pop("version", 4), mode=fields.pop("mode", 4))
    packet.stratum = 2
    for key, value in fields.items():
        setattr(packet, key, value)
    packet.recv_timestamp = packet.tx_timestamp = ntplib.system_to_ntp_time(at)
    data: bytes = packet.to_data()
    return data[:24] + request[40:48] + data[32:]


def test_parse_reply_offset_and_delay() -> None:
    sent = 1_800_000_000.0
    request = _request(sent)
    answer = wire.parse_reply(SERVER, request, _reply(request, sent + 2.5), sent + 1.0)
    assert isinstance(answer, Answer)
    assert answer.offset == pytest.approx(2.0, abs=1e-5)
    assert answer.delay == pytest.approx(1.0, abs=1e-5)
    assert answer.ref_id == "0.0.0.0"
    assert answer.unsynchronised is None


@pytest.mark.parametrize(
    ("mangle", "sentence"),
    [
        (lambda d: d[:20], "127.0.0.1:11123 sent a truncated packet (20 bytes, NTP needs 48)"),
        (lambda d: b"", "127.0.0.1:11123 sent a truncated packet (0 bytes, NTP needs 48)"),
        (
            lambda d: bytes([0b00_111_100]) + d[1:],
            "127.0.0.1:11123 answered with NTP version 7, not 3 or 4",
        ),
        (
            lambda d: bytes([0b00_100_011]) + d[1:],
            "127.0.0.1:11123 answered in NTP mode 3, not as a server (mode 4)",
        ),
        (
            lambda d: d[:24] + b"\x00" * 8 + d[32:],
            "127.0.0.1:11123 answered some other request (its origin timestamp is not ours)",
        ),
    ],
)
def test_parse_reply_garbage(mangle: object, sentence: str) -> None:
    request = _request(1_800_000_000.0)
    data = mangle(_reply(request, 1_800_000_000.0))  # type: ignore[operator]
    assert wire.parse_reply(SERVER, request, data, 1_800_000_000.0) == Failed(sentence)


def test_parse_reply_accepts_version_3_and_longer_packets() -> None:
    request = _request(1_800_000_000.0)
    data = _reply(request, 1_800_000_000.0, version=3) + b"\x00" * 20  # e.g. an extension field
    assert isinstance(wire.parse_reply(SERVER, request, data, 1_800_000_000.0), Answer)


def test_parse_reply_kiss_code_is_text() -> None:
    request = _request(1_800_000_000.0)
    data = _reply(request, 1_800_000_000.0, stratum=0, ref_id=int.from_bytes(b"RATE", "big"))
    answer = wire.parse_reply(SERVER, request, data, 1_800_000_000.0)
    assert isinstance(answer, Answer)
    assert answer.unsynchronised == "stratum 0, kiss code RATE"


def _answer(offset: float = 0.0, **kw: int) -> Answer:
    fields = {"stratum": 2, "leap": 0} | kw
    return Answer(SERVER, offset, 0.001, fields["stratum"], fields["leap"], "")


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (_answer(), None),
        (_answer(stratum=1), None),
        (_answer(stratum=15), None),
        (_answer(leap=1), None),  # a leap second announced: fine
        (_answer(leap=2), None),
        (_answer(leap=3), "leap indicator 3"),
        (_answer(stratum=16), "stratum 16"),
        (_answer(stratum=0), "stratum 0, kiss code ?"),
    ],
)
def test_unsynchronised(answer: Answer, why: str | None) -> None:
    assert answer.unsynchronised == why


# --- the fake responder, through the real socket code -----------------------------------------


@pytest.mark.parametrize("offset", [2.0, -2.0, 0.05, 0.0])
def test_query_measures_the_injected_offset(fake_ntp: FakeNtpFactory, offset: float) -> None:
    server = wire.parse_server(fake_ntp(offset=offset))
    answer = wire.query(server, timeout=2)
    assert isinstance(answer, Answer)
    assert abs(answer.offset - offset) < 0.020
    assert 0 <= answer.delay < 0.5


def test_query_silent_server_times_out(fake_ntp: FakeNtpFactory) -> None:
    address = fake_ntp(silent=True)
    start = time.monotonic()
    result = wire.query(wire.parse_server(address), timeout=0.3)
    assert result == Failed(f"no answer from {address} within 0.3 s")
    assert 0.25 < time.monotonic() - start < 1.0


def test_query_closed_port_is_refused(fake_ntp: FakeNtpFactory) -> None:
    address = fake_ntp()  # find a port, then use the one below it, which nothing binds
    server = Server("127.0.0.1", wire.parse_server(address).port - 1)
    result = wire.query(server, timeout=1)
    assert isinstance(result, Failed)
    assert result.error in (
        f"{server} refused the query: no NTP server listens there",
        f"no answer from {server} within 1 s",  # the port was taken meanwhile
    )


def test_query_unresolvable_host() -> None:
    result = wire.query(Server("no-such-host.invalid"), timeout=2)
    assert isinstance(result, Failed)
    assert result.error.startswith("cannot resolve no-such-host.invalid: ")


# --- host checks ----------------------------------------------------------------------------

A, B, C = Server("a"), Server("b"), Server("c")
