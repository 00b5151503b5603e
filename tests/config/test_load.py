from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from devenv.config import environment, load_config, locate
from devenv.errors import DevenvError

MINIMAL = "project: app\nservices:\n  web:\n    image: nginx:1.27.2\n"


def test_minimal(write_config: Callable[..., Path]) -> None:
    cfg = load_config(write_config(MINIMAL), env={})
    assert cfg.project == "app"
    assert cfg.services["web"].image == "nginx:1.27.2"
    assert cfg.ntp.max_offset_ms == 100
    assert cfg.root == cfg.path.parent


def test_interpolation_and_dotenv(write_config: Callable[..., Path]) -> None:
    text = (
        "project: ${NAME:-app}\nservices:\n  web:\n    image: nginx:${TAG}\n"
        "    ports: ['${PORT:-80}:80']\n    environment: {PRICE: '$$5'}\n"
    )
    cfg = load_config(write_config(text, **{".env": "TAG=1.27\nPORT=9000\n"}), env={"PORT": "81"})
    web = cfg.services["web"]
    assert cfg.project == "app"
    assert web.image == "nginx:1.27"
    assert web.ports == ["81:80"]  # the process environment wins over .env, as in Compose
    assert environment(web.environment) == {"PRICE": "$5"}


def test_full_service(write_config: Callable[..., Path]) -> None:
    text = """
project: shop
registry: 127.0.0.1:5000
ntp: {servers: [ntp1, "ntp2:1123"], max_offset_ms: 50}
services:
  api:
    build: {context: api, target: prod, args: {V: "1"}}
    command: [serve]
    ports: ["8000:8000", 9000, "127.0.0.1:5678:5678/udp"]
    environment: [A=1, B=]
    data: [/var/lib/api]
    healthcheck: {test: "curl -f localhost:8000", interval: 5s, retries: 3}
    dev:
      target: dev
      mounts: ["./api/src:/app/src", "./api/conf:/etc/api:ro"]
      reload:
        - {paths: ["api/src/**/*.py"], action: restart}
        - {paths: ["api/static/**"], action: sync, target: /app/static, source: api/static}
        - {paths: ["api/conf/*"], action: exec, exec: "kill -HUP 1"}
      ignore: ["**/*.tmp"]
      secrets: [{name: db_password, file: dev/db_password}]
    prod:
      replicas: 3
      publish_mode: host
      configs: [{source: api/conf/api.toml, target: /etc/api/api.toml}]
      secrets: [{name: db_password, external: true}]
      resources: {cpus: 0.5, memory: 256M}
      update: {order: start-first, parallelism: 2, delay: 10s}
"""
    cfg = load_config(write_config(text), env={})
    api = cfg.services["api"]
    assert api.build is not None
    assert api.build.context == "api"
    assert [r.action for r in api.dev.reload] == ["restart", "sync", "exec"]
    assert api.prod.secrets[0].external
    assert environment(api.environment) == {"A": "1", "B": ""}
    assert cfg.ntp.servers == ["ntp1", "ntp2:1123"]


BAD = [
    # (config text, expected message lines, in order)
    ("", ["devenv.yaml:1:1: the file is empty: expected `project:` and `services:`"]),
    ("- a\n", ["devenv.yaml:1:1: expected a mapping with `project:` and `services:`, got a list"]),
    ("project: [\n", ["devenv.yaml:2:1: invalid YAML: did not find expected node content"]),
    (
        "project: a\nproject: b\n",
        ["devenv.yaml:2:1: duplicate key 'project'"],
    ),
    (
        "services:\n  web: {image: x:1}\n",
        ["devenv.yaml:1:1: project: missing required key 'project'"],
    ),
    (
        "project: App\nservices: {web: {image: x:1}}\n",
        ["devenv.yaml:1:10: project: expected a lowercase name (a-z, 0-9, '-', '_'), got 'App'"],
    ),
    (
        "project: a\nservices:\n  web:\n    image: x:1\n    portz: [80]\n",
        ["devenv.yaml:5:5: services.web.portz: unknown key 'portz'; did you mean 'ports'?"],
    ),
    (
        "project: a\nservices:\n  web:\n    image: x:1\n    ports: [80, '1:2:3']\n",
        [
            "devenv.yaml:5:17: services.web.ports[1]: expected 'HOST:CONTAINER', "
            "'IP:HOST:CONTAINER' or 'CONTAINER' (optionally '/udp'), got '1:2:3'"
        ],
    ),
    (
        "project: a\nservices:\n  web:\n    build: {}\n    image: x:1\n",
        ["devenv.yaml:4:5: services.web: give exactly one of 'build' or 'image'"],
    ),
    (
        "project: a\nservices:\n  web: {image: x:1, depends_on: [dbb]}\n  db: {image: y:1}\n",
        ["devenv.yaml:3:34: services.web.depends_on[0]: no service 'dbb'; did you mean 'db'?"],
    ),
    (
        "project: a\nservices:\n  web:\n    image: x:1\n    dev:\n      reload:\n"
        "        - {paths: [a], action: reload}\n",
        [
            "devenv.yaml:7:32: services.web.dev.reload[0].action: expected 'restart', "
            "'rebuild', 'sync' or 'exec', got 'reload'; did you mean 'rebuild'?"
        ],
    ),
    (
        "project: a\nservices:\n  web:\n    image: x:1\n    dev:\n      reload:\n"
        "        - {paths: [a], action: exec}\n",
        ["devenv.yaml:7:11: services.web.dev.reload[0]: action 'exec' needs an 'exec' command"],
    ),
    (
        "project: a\nservices:\n  web:\n    image: x:1\n    healthcheck: {test: x, interval: 5}\n",
        [
            "devenv.yaml:5:38: services.web.healthcheck.interval: expected a duration such as "
            "'5s' or '1m30s', got 5"
        ],
    ),
    (
        "project: a\nservices:\n  web:\n    image: x:1\n    prod: {replicas: two}\n",
        ["devenv.yaml:5:22: services.web.prod.replicas: expected a whole number, got 'two'"],
    ),
    (
        "project: a\nservices:\n  web:\n    image: x:1\n    prod:\n"
        "      secrets: [{name: pw, file: pw.txt, external: true}]\n",
        [
            "devenv.yaml:6:17: services.web.prod.secrets[0]: "
            "give exactly one of 'file' or 'external: true'"
        ],
    ),
    (
        "project: a\nservices:\n  web:\n    image: x:1\n    ports: [80]\n"
        "    prod: {endpoint_mode: dnsrr}\n",
        [
            "devenv.yaml:6:27: services.web.prod.endpoint_mode: dnsrr cannot publish through "
            "the routing mesh: set prod.publish_mode: host"
        ],
    ),
    (
        "project: a\nservices:\n  web:\n    image: x:1\n    dev: {mounts: [./src]}\n",
        [
            "devenv.yaml:5:20: services.web.dev.mounts[0]: "
            "expected 'HOST_PATH:/container/path[:ro]', got './src'"
        ],
    ),
    (
        "project: a\nservices:\n  web:\n    image: x:1\n    data: [var/lib]\n",
        [
            "devenv.yaml:5:12: services.web.data[0]: expected an absolute container path "
            "(starting with /), got 'var/lib'"
        ],
    ),
    (
        "project: a\nservices:\n  web:\n    image: x:${TAG:?give the tag}\n",
        ["devenv.yaml:4:14: services.web.image: required variable TAG is not set: give the tag"],
    ),
    (
        "project: a\nservices: {}\n",
        ["devenv.yaml:2:11: services: expected at least 1 entry, got none"],
    ),
    (
        "project: a\nservices:\n  web:\n    image: x:1\n    command: 5\n",
        ["devenv.yaml:5:14: services.web.command: expected a string or a list, got 5"],
    ),
    (
        "project: a\nservices:\n  web:\n    image: x:1\n    ports: [80]\n  api:\n    imag: y\n",
        [
            "devenv.yaml:7:5: services.api.imag: unknown key 'imag'; did you mean 'image'?",
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), BAD)
def test_bad_config(write_config: Callable[..., Path], text: str, expected: list[str]) -> None:
    path = write_config(text)
    with pytest.raises(DevenvError) as info:
        load_config(path, env={})
    assert info.value.exit_code == 2
    lines = info.value.message.splitlines()
    assert [line.replace(str(path), "devenv.yaml") for line in lines] == expected


def test_cachix_devenv_file(write_config: Callable[..., Path]) -> None:
    path = write_config("inputs:\n  nixpkgs:\n    url: github:cachix/devenv-nixpkgs/rolling\n")
    with pytest.raises(DevenvError, match=r"cachix/devenv's \(Nix\)"):
        load_config(path, env={})


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DevenvError, match="no such file"):
        load_config(tmp_path / "devenv.yaml", env={})


def test_no_config_in_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DevenvError, match=r"no devenv\.yaml in"):
        load_config(None, env={})


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "devenv.yaml"
    path.write_bytes(b"project: a\nservices: \xff\n")
    with pytest.raises(DevenvError, match=r":2:1: not UTF-8 text"):
        load_config(path, env={})


# --- issue 14, item 6: what Compose would refuse later is refused by the loader ----------


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("    environment: {'': x}\n", "devenv.yaml:5:19: services.web.environment.: "),
        ("    environment: ['A=1', '=x']\n", "devenv.yaml:5:26: services.web.environment[1]: "),
        ("    environment: ['A=1', '']\n", "devenv.yaml:5:26: services.web.environment[1]: "),
        ("    dev: {environment: {' ': x}}\n", "services.web.dev.environment. : "),
        ("    prod: {environment: ['=1']}\n", "services.web.prod.environment[0]: "),
    ],
)
def test_an_empty_environment_name_is_positioned(
    write_config: Callable[..., Path], body: str, where: str
) -> None:
    path = write_config("project: app\nservices:\n  web:\n    image: nginx:1.27\n" + body)
    with pytest.raises(DevenvError) as caught:
        load_config(path, {})
    assert where in caught.value.message
    assert "an environment variable needs a name" in caught.value.message


def test_a_duplicate_dependency_is_positioned(write_config: Callable[..., Path]) -> None:
    path = write_config(
        "project: app\nservices:\n  db: {image: 'postgres:16'}\n"
        "  web:\n    image: nginx:1.27\n    depends_on:\n      - db\n      - db\n"
    )
    with pytest.raises(DevenvError) as caught:
        load_config(path, {})
    assert caught.value.message == (
        f"{path}:8:9: services.web.depends_on[1]: 'db' is listed twice "
        "(first as depends_on[0]): give each service once"
    )


def test_the_config_is_found_from_a_subfolder_as_git_finds_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "devenv.yaml").write_text(MINIMAL)
    deep = tmp_path / "src" / "app" / "deep"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert locate() == tmp_path / "devenv.yaml"
    cfg = load_config(env={})
    assert cfg.project == "app"
    assert cfg.root == tmp_path  # relative paths in it still mean the project folder
    # The nearest one wins: a nested project is a project of its own.
    (tmp_path / "src" / "devenv.yaml").write_text(MINIMAL.replace("app", "inner"))
    assert load_config(env={}).project == "inner"
    # A dangling link is found too, and said when read, not skipped for one further up.
    (deep / "devenv.yaml").symlink_to(deep / "missing.yaml")
    assert locate() == deep / "devenv.yaml"
    with pytest.raises(DevenvError):
        load_config(env={})


def test_no_config_anywhere_up_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert locate() is None, f"a stray {locate()} above the test's temporary folder"
    with pytest.raises(DevenvError, match=r"no devenv\.yaml in .* or a folder above it"):
        load_config(env={})
