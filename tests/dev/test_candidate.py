"""The settings a rebuilt image is tried with (issue 16, item 5): pure parts."""

from __future__ import annotations

import pytest

from devenv.dev.candidate import MAX_WAIT, binds, health_wait, inherited

IMAGE = {
    "Cmd": ["httpd", "-f"],
    "Entrypoint": None,
    "Env": ["PATH=/bin", "LANG=C"],
    "User": "nobody",
    "WorkingDir": "/srv",
    "Healthcheck": {"Test": ["CMD", "true"], "Interval": 1_000_000_000},
}


def test_what_the_container_took_from_its_image_is_left_to_the_new_image() -> None:
    assert inherited(dict(IMAGE), IMAGE) == {}


def test_the_containers_own_settings_are_kept() -> None:
    container = {
        **IMAGE,
        "Cmd": ["sh", "-c", "exec httpd -f"],
        "Env": ["PATH=/bin", "LANG=C", "DEBUG=1", "PORT=8080"],
        "User": "1000",
        "Healthcheck": {"Test": ["CMD", "wget", "-q", "http://127.0.0.1/"]},
    }
    assert inherited(container, IMAGE) == {
        "command": ["sh", "-c", "exec httpd -f"],
        "user": "1000",
        "healthcheck": {"Test": ["CMD", "wget", "-q", "http://127.0.0.1/"]},
        "environment": ["DEBUG=1", "PORT=8080"],
    }


def test_a_changed_image_value_of_a_variable_is_the_new_images() -> None:
    # LANG=C came from the old image; the new image may set another value.
    assert "environment" not in inherited({**IMAGE, "Env": ["LANG=C"]}, IMAGE)


def test_binds_keep_bind_mounts_only() -> None:
    mounts = [
        {"Type": "bind", "Source": "/h/src", "Destination": "/app/src", "RW": True},
        {"Type": "bind", "Source": "/h/secret", "Destination": "/run/secrets/t", "RW": False},
        {"Type": "volume", "Name": "demo_data", "Source": "/var/lib/x", "Destination": "/data"},
        {"Type": "tmpfs", "Destination": "/tmp"},
    ]
    assert binds(mounts) == ["/h/src:/app/src:rw", "/h/secret:/run/secrets/t:ro"]


@pytest.mark.parametrize(
    ("check", "wait"),
    [
        (None, 0.0),
        ({"Test": ["NONE"]}, 0.0),
        ({"Test": []}, 0.0),
        ({"Test": ["CMD", "true"], "Interval": 1e9, "Timeout": 2e9, "Retries": 5}, 18.0),
        ({"Test": ["CMD", "true"], "Interval": 1e9, "Timeout": 1e9, "StartPeriod": 3e9}, 11.0),
        ({"Test": ["CMD", "true"]}, MAX_WAIT),  # the engine's defaults: 30 s, 30 s, 3 tries
    ],
)
def test_health_wait(check: dict[str, object] | None, wait: float) -> None:
    assert health_wait(check) == wait
