"""A fault-injecting NTP responder on loopback, for the tests of `devenv ntp` (issue 5)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import ntplib
import pytest


@dataclass(frozen=True)
class Behaviour:
    offset: float = 0.0  # seconds the responder's clock is ahead of ours
    leap: int = 0
    stratum: int = 2
    version: int = 4
    mode: int = 4
    ref_id: int = 0x0A000001  # 10.0.0.1
    truncate: int | None = None  # send only this many bytes
    silent: bool = False  # never answer
    echo: bool = True  # copy the client's transmit timestamp into the origin field


class FakeNtp:
    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.queries = 0
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.settimeout(0.05)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self._sock.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                request, peer = self._sock.recvfrom(1024)
            except TimeoutError:
                continue
            received = time.time()
            self.queries += 1
            if not self.behaviour.silent:
                self._sock.sendto(self.reply(request, received), peer)

    def reply(self, request: bytes, received: float) -> bytes:
        b = self.behaviour
        packet = ntplib.NTPPacket(version=b.version, mode=b.mode)
        packet.leap, packet.stratum, packet.ref_id = b.leap, b.stratum, b.ref_id
        packet.recv_timestamp = ntplib.system_to_ntp_time(received + b.offset)
        packet.tx_timestamp = ntplib.system_to_ntp_time(time.time() + b.offset)
        data: bytes = packet.to_data()
        origin = request[40:48] if b.echo else b"\x01" * 8
        data = data[:24] + origin + data[32:]
        return data if b.truncate is None else data[: b.truncate]

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._sock.close()


FakeNtpFactory = Callable[..., str]


@pytest.fixture
def fake_ntp() -> Iterator[FakeNtpFactory]:
    """`fake_ntp(offset=2.0, ...)`: start a responder with that Behaviour; its HOST:PORT."""
    servers: list[FakeNtp] = []

    def start(**behaviour: object) -> str:
        server = FakeNtp(Behaviour(**behaviour))  # type: ignore[arg-type]
        servers.append(server)
        return server.address

    yield start
    for server in servers:
        server.close()
