"""The NTP wire protocol (RFC 5905, client mode): ask one server, decode its reply.

Every offset here is *reference time minus the clock checked*, in the sign convention of
NTP and ntplib: positive means the clock is behind; `delay` bounds how sure it is.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ntplib

DEFAULT_PORT = 123
_PACKET_SIZE = 48


@dataclass(frozen=True)
class Server:
    host: str
    port: int = DEFAULT_PORT

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


_SERVER = re.compile(
    r"\[(?P<v6>[0-9A-Fa-f:.]+)\](?::(?P<v6port>\d+))?"
    r"|(?P<bare6>[0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f:.]*)"
    r"|(?P<host>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::(?P<port>\d+))?"
)


def parse_server(text: str) -> Server:
    """`host`, `host:port`, `[v6]:port` or a bare IPv6 address; ValueError says what is wrong."""
    m = _SERVER.fullmatch(text.strip())
    if m is None:
        raise ValueError(f"{text!r} is not HOST or HOST:PORT")
    host = m["v6"] or m["bare6"] or m["host"]
    port = int(m["v6port"] or m["port"] or DEFAULT_PORT)
    if not 1 <= port <= 65535:
        raise ValueError(f"{text!r}: port {port} is not between 1 and 65535")
    return Server(host, port)


def parse_servers(
    texts: Sequence[str], error: Callable[[int, str], Exception]
) -> tuple[Server, ...]:
    """Each of `texts` parsed; `error(index, why)` makes the exception for a bad one (so a
    caller can point at the config line or the flag it came from)."""
    out = []
    for i, text in enumerate(texts):
        try:
            out.append(parse_server(text))
        except ValueError as exc:
            raise error(i, str(exc)) from None
    return tuple(out)


@dataclass(frozen=True)
class Failed:
    """A measurement that gave no usable answer; `error` says which and why, in one line."""

    error: str


@dataclass(frozen=True)
class Answer:
    """One well-formed NTP reply."""

    server: Server
    offset: float  # seconds, server time minus this host's clock
    delay: float  # seconds, round trip minus the server's own processing
    stratum: int
    leap: int
    ref_id: str

    @property
    def unsynchronised(self) -> str | None:
        """Why the server says its own clock is not a time source, or None."""
        if self.leap == 3:
            return "leap indicator 3"
        if self.stratum == 0:
            return f"stratum 0, kiss code {self.ref_id or '?'}"
        if self.stratum >= 16:
            return f"stratum {self.stratum}"
        return None


def query(server: Server, timeout: float) -> Answer | Failed:
    """Ask one server for the time (NTPv4 client mode), waiting at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    try:
        family, _, _, _, addr = socket.getaddrinfo(
            server.host, server.port, type=socket.SOCK_DGRAM
        )[0]
    except (OSError, UnicodeError) as exc:
        return Failed(f"cannot resolve {server.host}: {why(exc)}")
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.settimeout(max(0.001, deadline - time.monotonic()))
        try:
            # Connected, so the kernel drops datagrams from anyone else and reports ICMP errors.
            sock.connect(addr)
            packet = ntplib.NTPPacket(
                version=4, mode=3, tx_timestamp=ntplib.system_to_ntp_time(time.time())
            )
            request = packet.to_data()
            sock.send(request)
            data = sock.recv(1024)
            received_at = time.time()
        except TimeoutError:
            return Failed(f"no answer from {server} within {timeout:g} s")
        except ConnectionRefusedError:
            return Failed(f"{server} refused the query: no NTP server listens there")
        except OSError as exc:
            return Failed(f"cannot reach {server}: {why(exc)}")
    return parse_reply(server, request, data, received_at)


def parse_reply(server: Server, request: bytes, data: bytes, received_at: float) -> Answer | Failed:
    """Check an NTP reply to `request` for sense, and compute offset and delay from it."""
    if len(data) < _PACKET_SIZE:
        return Failed(f"{server} sent a truncated packet ({len(data)} bytes, NTP needs 48)")
    stats = ntplib.NTPStats()
    stats.from_data(data)
    if stats.version not in (3, 4):
        return Failed(f"{server} answered with NTP version {stats.version}, not 3 or 4")
    if stats.mode != 4:
        return Failed(f"{server} answered in NTP mode {stats.mode}, not as a server (mode 4)")
    # A server copies our transmit timestamp into its origin field, bit for bit (RFC 5905).
    if data[24:32] != request[40:48]:
        return Failed(f"{server} answered some other request (its origin timestamp is not ours)")
    stats.dest_timestamp = ntplib.system_to_ntp_time(received_at)
    return Answer(
        server, stats.offset, stats.delay, stats.stratum, stats.leap, _ref_id(data, stats.stratum)
    )


def _ref_id(data: bytes, stratum: int) -> str:
    raw = data[12:16]
    if stratum <= 1:  # a four-letter code: the clock source, or a kiss code
        return "".join(chr(b) for b in raw if 32 < b < 127)
    return ".".join(str(b) for b in raw)


def why(exc: BaseException) -> str:
    """The first line of an exception's message: SDK errors can run over many lines."""
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return str(text).strip().splitlines()[0]
