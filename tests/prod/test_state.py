from __future__ import annotations

from pathlib import Path

from devenv.prod.state import changed_files, compose_service, externalize

NEW = "r/app/web:v2@sha256:" + "2" * 64


def test_externalize_references_objects_already_on_the_swarm() -> None:
    stack = {
        "services": {},
        "configs": {"app.conf-abc": {"file": "./app.conf"}, "new-def": {"file": "./new"}},
        "secrets": {
            "tok-123": {"file": "./tok"},
            "ext": {"external": True, "name": "ext"},
        },
    }
    out = externalize(stack, "app", frozenset({"app_app.conf-abc", "app_tok-123", "ext"}))
    assert out["configs"] == {
        "app.conf-abc": {"external": True, "name": "app_app.conf-abc"},
        "new-def": {"file": "./new"},
    }
    assert out["secrets"]["tok-123"] == {"external": True, "name": "app_tok-123"}
    assert out["secrets"]["ext"] == {"external": True, "name": "ext"}
    assert stack["configs"]["app.conf-abc"] == {"file": "./app.conf"}  # input untouched


def test_compose_service_from_a_swarm_spec() -> None:
    spec = {
        "Name": "app_web",
        "Mode": {"Replicated": {"Replicas": 2}},
        "TaskTemplate": {
            "ContainerSpec": {
                "Image": NEW,
                "Env": ["A=1"],
                "Mounts": [{"Type": "volume", "Source": "app_web-data", "Target": "/data"}],
                "Configs": [{"ConfigName": "app_c-1", "File": {"Name": "/etc/c"}}],
                "Secrets": [{"SecretName": "app_s-2", "File": {"Name": "s"}}],
                "Healthcheck": {"Test": ["CMD", "true"]},
            },
            "Resources": {"Limits": {"MemoryBytes": 33554432, "NanoCPUs": 250000000}},
        },
        "EndpointSpec": {
            "Ports": [
                {"TargetPort": 80, "PublishedPort": 8080, "Protocol": "tcp", "PublishMode": "host"}
            ]
        },
    }
    out = compose_service(spec, "app")
    assert out["volumes"][0]["source"] == "web-data"
    assert out["configs"] == [{"source": "c-1", "target": "/etc/c"}]
    assert out["secrets"] == [{"source": "s-2", "target": "/run/secrets/s"}]
    assert out["deploy"] == {
        "replicas": 2,
        "resources": {"limits": {"cpus": 0.25, "memory": 33554432}},
    }
    assert out["ports"][0] == {"target": 80, "published": 8080, "protocol": "tcp", "mode": "host"}


def test_changed_files_finds_content_that_no_longer_matches(tmp_path: Path) -> None:
    from devenv.render import content_hash

    (tmp_path / "app.conf").write_text("a=1\n")
    (tmp_path / "tok").write_text("t")
    digest = content_hash(tmp_path / "app.conf")
    stack = {
        "configs": {f"app.conf-{digest}": {"file": "./app.conf"}},
        "secrets": {
            "tok-0000000000": {"file": "./tok"},
            "gone-1111111111": {"file": "./missing"},
            "ext": {"external": True, "name": "ext"},
        },
    }
    assert changed_files(stack, str(tmp_path)) == [
        "secret tok-0000000000 (./tok)",
        "secret gone-1111111111 (./missing)",
    ]
