"""Host ports of the dev stack (issue 16, item 7): which are wanted, taken, and shown."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devenv.config import load_config
from devenv.dev import ports
from devenv.dev.ports import Url, Wanted
from devenv.errors import DevenvError

CONFIG = """\
project: demo
services:
  web:
    build: {{context: .}}
    ports:
      - "8000"
      - "{port}:8080"
      - "0.0.0.0:9000-9001:9000-9001"
      - "5353:53/udp"
  db:
    image: postgres:16
"""


@pytest.fixture
def listener() -> Iterator[int]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield int(sock.getsockname()[1])


def test_wanted_are_the_fixed_tcp_host_ports(write_config: Callable[..., Path]) -> None:
    cfg = load_config(write_config(CONFIG.format(port=8081)), env={})
    assert ports.wanted(cfg, ()) == [
        Wanted("web", 1, "127.0.0.1", 8081),
        Wanted("web", 2, "0.0.0.0", 9000),
        Wanted("web", 2, "0.0.0.0", 9001),
    ]
    assert ports.wanted(cfg, ("db",)) == []


def test_in_use(listener: int) -> None:
    assert ports.in_use("127.0.0.1", listener)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        free = int(sock.getsockname()[1])
    assert not ports.in_use("127.0.0.1", free)


def test_a_taken_port_names_the_service_port_and_line(
    write_config: Callable[..., Path], listener: int
) -> None:
    cfg = load_config(write_config(CONFIG.format(port=listener)), env={})
    with pytest.raises(DevenvError) as caught:
        ports.check_free(cfg, ("web",), ours=set())
    message = caught.value.message
    assert message.startswith(f"{cfg.path}:7:9: services.web.ports[1]: ")
    assert f"port 127.0.0.1:{listener} is already in use on this machine, so web" in message
    assert caught.value.exit_code == 2


def test_a_port_the_stack_itself_publishes_is_not_a_conflict(
    write_config: Callable[..., Path], listener: int
) -> None:
    cfg = load_config(write_config(CONFIG.format(port=listener)), env={})
    ports.check_free(cfg, ("web",), ours={listener})
    ports.check_free(cfg, ("db",), ours=set())  # db publishes nothing


def test_published_and_urls(write_config: Callable[..., Path]) -> None:
    cfg = load_config(write_config(CONFIG.format(port=8081)), env={})
    rows = [
        {
            "Labels": {"com.docker.compose.service": "devenv-net-web"},
            "Ports": [
                {"IP": "127.0.0.1", "PrivatePort": 8080, "PublicPort": 8081, "Type": "tcp"},
                {"IP": "0.0.0.0", "PrivatePort": 9000, "PublicPort": 9000, "Type": "tcp"},
                {"IP": "::", "PrivatePort": 9000, "PublicPort": 9000, "Type": "tcp"},
                {"IP": "127.0.0.1", "PrivatePort": 53, "PublicPort": 5353, "Type": "udp"},
                {"PrivatePort": 7000, "Type": "tcp"},  # exposed, not published
            ],
        },
        {"Labels": {"com.docker.compose.service": "db"}, "Ports": []},
    ]
    assert ports.published(rows) == {8081, 9000, 5353}
    assert ports.urls(cfg, rows) == [
        Url("web", "http://127.0.0.1:8081/", 8080),
        Url("web", "http://127.0.0.1:9000/", 9000),
    ]


def test_a_service_of_a_profile_not_chosen_wants_no_port(
    write_config: Callable[..., Path],
) -> None:
    text = """\
project: demo
services:
  web: {image: nginx, ports: ["8081:80"]}
  docs: {image: nginx, ports: ["8082:80"], dev: {profiles: [docs]}}
"""
    cfg = load_config(write_config(text), env={})
    assert [w.port for w in ports.wanted(cfg, ())] == [8081]
    assert [w.port for w in ports.wanted(cfg, (), ["docs"])] == [8081, 8082]
    assert [w.port for w in ports.wanted(cfg, ("docs",))] == [8082]
