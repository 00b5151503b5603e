"""Reading devenv.yaml: YAML with positions, interpolation, type validation (msgspec), then
the checks a type cannot say (ports, mounts, references), each at its own key path.

Every problem is one positioned line: `file:line:col: key.path: what was expected`.
"""

from __future__ import annotations

import difflib
import os
import re
import types
import typing
from pathlib import Path
from typing import Any

import msgspec

from devenv import CONFIG_NAME, fsutil
from devenv.config import schema as c
from devenv.config.interpolate import InterpolationError, interpolate, read_dotenv
from devenv.config.typecast import cast
from devenv.config.yamlload import KeyPath, Positions, load_file
from devenv.errors import DevenvError, positioned


def locate(start: Path | None = None) -> Path | None:
    """The devenv.yaml of the project `start` (default: the working folder) is in: the first
    one in it or a folder above it, as git and Compose find theirs; None when there is none."""
    folder = (start or Path.cwd()).absolute()
    for candidate in (folder, *folder.parents):
        here = candidate / CONFIG_NAME
        if here.is_symlink() or here.exists():  # a dangling link or a loop: said when read
            return here
    return None


def find_config(path: Path | None) -> Path:
    if path is not None:
        return path
    found = locate()
    if found is not None:
        return found
    raise DevenvError(
        f"no {CONFIG_NAME} in {Path.cwd()} or a folder above it: run devenv in the project "
        "folder, give -c FILE, or create one with `devenv init`"
    )


def load_config(path: Path | None = None, env: dict[str, str] | None = None) -> c.ProjectConfig:
    """Load and validate devenv.yaml; raise a positioned DevenvError on bad input."""
    return load(find_config(path), env if env is not None else dict(os.environ))


def load(path: Path, env: dict[str, str]) -> c.ProjectConfig:
    display = fsutil.display(path)
    loaded = load_file(path, display)
    data, pos = loaded.data, loaded.positions
    if data is None:
        raise positioned(display, 1, 1, "the file is empty: expected `project:` and `services:`")
    if not isinstance(data, dict):
        raise pos.error(
            (), f"expected a mapping with `project:` and `services:`, got {_kind(data)}"
        )
    if "inputs" in data and "services" not in data:
        raise DevenvError(
            f"{display}: this devenv.yaml is cachix/devenv's (Nix), not a devenv-docker config; "
            "give devenv-docker its own file with -c FILE"
        )
    env = {**read_dotenv(path.parent / ".env"), **env}
    if loaded.dollars:  # no `$` in the file: nothing to interpolate, no walk
        data = _interpolate(data, (), env, pos)
    try:
        cfg = _convert(data, pos)
    except DevenvError:
        # A string where a number or a boolean goes (`replicas: ${N:-2}`) is cast as
        # Compose casts it (devenv.config.typecast). Only now: walking the types costs
        # more than a whole load, and most files have nothing to cast.
        casted = cast(data, c.ProjectConfig)
        if casted == data:
            raise
        data = casted
        cfg = _convert(data, pos)
    _check(cfg, pos)
    _check_confined(cfg, path.parent, pos)
    cfg.__dict__.update(_path=path, _positions=pos, _raw=data)
    return cfg


def _kind(value: Any) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "nothing (null)",
    }.get(type(value), type(value).__name__)


def _got(value: Any) -> str:
    if value in ({}, []):
        return "got none"
    return f"got {value!r}" if isinstance(value, str | int | float) else f"got {_kind(value)}"


def _interpolate(data: Any, path: KeyPath, env: dict[str, str], pos: Positions) -> Any:
    # A key path is built only where it may be needed: most values hold no `$`
    if isinstance(data, dict):
        return {
            k: _interpolate(v, (*path, k), env, pos) if _deep(v) else v for k, v in data.items()
        }
    if isinstance(data, list):
        return [
            _interpolate(v, (*path, i), env, pos) if _deep(v) else v for i, v in enumerate(data)
        ]
    if isinstance(data, str) and "$" in data:
        try:
            value = interpolate(data, env)
        except InterpolationError as exc:
            line, col = pos.of(path)
            raise positioned(pos.file, line, col + exc.offset, str(exc), path) from None
        names = tuple(dict.fromkeys(_VARIABLE.findall(data.replace("$$", ""))))
        if value != data and names:
            pos.interpolated[path] = names
        return value
    return data


def _deep(value: Any) -> bool:
    return isinstance(value, dict | list) or (isinstance(value, str) and "$" in value)


_VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


def _got_at(value: Any, path: KeyPath, pos: Positions) -> str:
    """`_got`, except for a value that came from the environment: name the variables."""
    names = pos.interpolated.get(path)
    if names is None:
        return _got(value)
    return f"got {_kind(value)} from {', '.join('$' + n for n in names)} (value not shown)"


# --- types -------------------------------------------------------------------------------


def _convert(data: dict[str, Any], pos: Positions) -> c.ProjectConfig:
    """msgspec names a dict value's path `$.services[...]`: services are converted one by
    one so that an error inside one names it."""
    services = data.get("services")
    if isinstance(services, dict):
        converted: dict[str, Any] = {}
        for name, raw in services.items():
            if not re.match(c.NAME, name):
                raise pos.error(
                    ("services", name),
                    f"a service name is letters, digits, '.', '-' or '_', got {name!r}",
                    prefer_key=True,
                )
            converted[name] = _typed(raw, c.Service, ("services", name), pos)
        data = {**data, "services": converted}
    cfg: c.ProjectConfig = _typed(data, c.ProjectConfig, (), pos)
    return cfg


def _typed(raw: Any, cls: type[Any], base: KeyPath, pos: Positions) -> Any:
    try:
        return msgspec.convert(raw, cls)
    except msgspec.ValidationError as exc:
        raise _explain(str(exc), raw, cls, base, pos) from None


_WHERE = re.compile(r"^(?P<msg>.*?)(?: - at `(?P<path>[^`]*)`)?(?: in `(?P<parent>[^`]*)`)?$", re.S)
_STEP = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")


def _parse_path(text: str) -> KeyPath:
    out: list[str | int] = []
    for name, index in _STEP.findall(text.removeprefix("$")):
        if name:
            out.append(name)
        elif index != "...":
            out.append(int(index))
    return tuple(out)


def _concrete(raw: Any, cls: type[Any], text: str) -> KeyPath:
    """msgspec writes a mapping's value as `[...]`: find the key whose value fails."""
    head, sep, rest = text.partition("[...]")
    path = _parse_path(head)
    if not sep:
        return path
    mapping, value_type = _lookup(raw, path), typing.get_args(_dict_of(_type_at(cls, path)))
    if not isinstance(mapping, dict) or len(value_type) != 2:
        return path
    for key, value in mapping.items():
        try:
            msgspec.convert(value, value_type[1])
        except msgspec.ValidationError:
            return (*path, key, *_concrete(value, value_type[1], "$" + rest))
    return path


def _dict_of(tp: Any) -> Any:
    return next((u for u in _unwrap(tp) if typing.get_origin(u) is dict), None)


def _explain(message: str, raw: Any, cls: type[Any], base: KeyPath, pos: Positions) -> DevenvError:
    m = _WHERE.match(message)
    assert m is not None  # the pattern matches any text
    msg = m["msg"]
    if m["path"] == "key" and m["parent"]:  # a bad mapping key
        path = _parse_path(m["parent"])
        return pos.error((*base, *path), f"bad key: {_lower(msg)}")
    path = _concrete(raw, cls, m["path"] or "$")
    value = _lookup(raw, path)
    tp = _type_at(cls, path)
    full = (*base, *path)
    if msg.startswith("Object contains unknown field"):
        key = msg.split("`")[1]
        allowed = list(getattr(tp, "__struct_fields__", ()))
        hint = _did_you_mean(key, allowed)
        listing = f" (expected one of: {', '.join(allowed)})" if allowed and not hint else ""
        return pos.error((*full, key), f"unknown key {key!r}{hint}{listing}", prefer_key=True)
    if msg.startswith("Object missing required field"):
        key = msg.split("`")[1]
        return pos.error((*full, key), f"missing required key {key!r}")
    if msg.startswith("Invalid enum value"):
        choices = _literals(tp)
        hint = "" if full in pos.interpolated else _did_you_mean(str(value), choices)
        return pos.error(full, f"expected {_one_of(choices)}, {_got_at(value, full, pos)}{hint}")
    return pos.error(full, f"expected {_expected(tp, msg)}, {_got_at(value, full, pos)}")


def _one_of(choices: list[Any]) -> str:
    words = [repr(x) for x in choices]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _lookup(data: Any, path: KeyPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


_PATTERN_WORDS = {
    c.DURATION: "a duration such as '5s' or '1m30s'",
    c.SIZE: "a size such as '256M' or '1G'",
    c.ABSOLUTE: "an absolute container path (starting with /)",
    c.PROJECT: "a lowercase name (a-z, 0-9, '-', '_')",
    c.NAME: "a name of letters, digits, '.', '-' or '_'",
}
_TYPE_WORDS = {
    "str": "a string",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "null": "nothing",
    "array": "a list",
    "object": "a mapping",
}


def _expected(tp: Any, msg: str) -> str:
    for meta in _metas(tp):
        if meta.pattern in _PATTERN_WORDS:
            return _PATTERN_WORDS[meta.pattern]
    m = re.match(r"Expected `([^`]*)`(.*?)(?:, got `[^`]*`)?$", msg)
    if m is None:
        return _lower(msg)
    least = re.search(r"of length >= (\d+)", m[2])
    if least:
        return f"at least {least[1]} {'entry' if least[1] == '1' else 'entries'}"
    # null is what leaving the key out means: not worth offering
    kinds = [_TYPE_WORDS.get(k.strip(), k.strip()) for k in m[1].split("|") if k.strip() != "null"]
    rest = m[2].strip()
    return " or ".join(dict.fromkeys(kinds)) + (f" {rest}" if rest else "")


def _unwrap(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [u for arg in typing.get_args(tp) for u in _unwrap(arg)]
    return [tp]


def _metas(tp: Any) -> list[msgspec.Meta]:
    found: list[msgspec.Meta] = []
    if typing.get_origin(tp) is typing.Annotated:
        base, *extras = typing.get_args(tp)
        found += [e for e in extras if isinstance(e, msgspec.Meta)]
        found += _metas(base)
    elif typing.get_origin(tp) in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            found += _metas(arg)
    return found


def _literals(tp: Any) -> list[Any]:
    return [
        v for u in _unwrap(tp) if typing.get_origin(u) is typing.Literal for v in typing.get_args(u)
    ]


def _type_at(cls: Any, path: KeyPath) -> Any:
    tp: Any = cls
    for part in path:
        nxt = None
        for cand in _unwrap(tp):
            if (
                isinstance(cand, type)
                and issubclass(cand, msgspec.Struct)
                and isinstance(part, str)
            ):
                hints = typing.get_type_hints(cand, include_extras=True)
                if part in hints:
                    nxt = hints[part]
                    break
            origin = typing.get_origin(cand)
            if origin is list and isinstance(part, int):
                nxt = typing.get_args(cand)[0]
                break
            if origin is dict and isinstance(part, str):
                nxt = typing.get_args(cand)[1]
                break
        if nxt is None:
            return None
        tp = nxt
    return tp


def _did_you_mean(word: str, choices: list[Any]) -> str:
    close = difflib.get_close_matches(word, [str(x) for x in choices], n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


# --- what types cannot say ---------------------------------------------------------------

_PORT = re.compile(
    r"^(?:(?:(?:\[[0-9a-fA-F:.]+\]|[0-9]{1,3}(?:\.[0-9]{1,3}){3}):)?"
    r"(?:[0-9]{1,5}(?:-[0-9]{1,5})?)?:)?[0-9]{1,5}(?:-[0-9]{1,5})?(?:/(?:tcp|udp|sctp))?$"
)


def _check(cfg: c.ProjectConfig, pos: Positions) -> None:
    _check_references(cfg, pos)
    names = list(cfg.services)
    for name, svc in cfg.services.items():
        at: KeyPath = ("services", name)
        if (svc.build is None) == (svc.image is None):
            raise pos.error(at, "give exactly one of 'build' or 'image'")
        for where, ports in (
            ((*at, "ports"), svc.ports),
            ((*at, "dev", "ports"), svc.dev.ports or []),
            ((*at, "prod", "ports"), svc.prod.ports or []),
        ):
            _check_ports(ports, where, pos)
        if (
            svc.prod.endpoint_mode == "dnsrr"
            and svc.side_ports("prod")
            and svc.prod.publish_mode == "ingress"
        ):
            raise pos.error(
                (*at, "prod", "endpoint_mode"),
                "dnsrr cannot publish through the routing mesh: set prod.publish_mode: host",
            )
        for i, mount in enumerate(svc.dev.mounts):
            _check_mount(mount, (*at, "dev", "mounts", i), pos)
        for i, rule in enumerate(svc.dev.reload):
            problem = _reload_problem(rule)
            if problem:
                raise pos.error((*at, "dev", "reload", i), problem)
        if svc.dev.process_restart and not (svc.dev.command or svc.command):
            raise pos.error(
                (*at, "dev", "process_restart"),
                "a process restart runs the service's command under devenv's supervisor: "
                "give it as `command:` or `dev.command:` (the image's CMD cannot be read here)",
            )
        for i, secret in enumerate(svc.prod.secrets):
            if bool(secret.file) == secret.external:
                raise pos.error(
                    (*at, "prod", "secrets", i), "give exactly one of 'file' or 'external: true'"
                )
        for where, env in (
            ((*at, "environment"), svc.environment),
            ((*at, "dev", "environment"), svc.dev.environment),
            ((*at, "prod", "environment"), svc.prod.environment),
        ):
            _check_environment(env, where, pos)
        first: dict[str, int] = {}
        for i, dep in enumerate(svc.depends()):
            if dep in first:
                raise pos.error(
                    (*at, "depends_on", i),
                    f"{dep!r} is listed twice (first as depends_on[{first[dep]}]): "
                    "give each service once",
                )
            first[dep] = i
            if dep not in cfg.services:
                where = (*at, "depends_on", i)
                hint = _did_you_mean(dep, names) or f" (services: {', '.join(names)})"
                if where in pos.interpolated:
                    raise pos.error(where, f"no such service, {_got_at(dep, where, pos)}{hint}")
                raise pos.error(where, f"no service {dep!r}{hint}")


def _check_ports(ports: list[str | int], at: KeyPath, pos: Positions) -> None:
    for i, port in enumerate(ports):
        if not _PORT.match(str(port)):
            raise pos.error(
                (*at, i),
                "expected 'HOST:CONTAINER', 'IP:HOST:CONTAINER' or 'CONTAINER' "
                f"(optionally '/udp'), {_got_at(port, (*at, i), pos)}",
            )


def _check_confined(cfg: c.ProjectConfig, root: Path, pos: Positions) -> None:
    """Files that become configs, secrets and environments must be inside the project
    folder once every symlink is followed, unless `allow_outside_project` lists them: a
    hostile change could otherwise ship the CI host's ~/.docker/config.json or /etc/shadow
    into a container."""
    home = Path(os.path.realpath(root))
    allowed = {Path(os.path.realpath(root / entry)) for entry in cfg.allow_outside_project}
    for name, svc in cfg.services.items():
        at: KeyPath = ("services", name)
        files: list[tuple[KeyPath, str]] = [
            ((*at, "prod", "configs", i, "source"), f.source)
            for i, f in enumerate(svc.prod.configs)
        ]
        files += [
            ((*at, "prod", "secrets", i, "file"), s.file)
            for i, s in enumerate(svc.prod.secrets)
            if s.file
        ]
        files += [
            ((*at, "dev", "secrets", i, "file"), s.file) for i, s in enumerate(svc.dev.secrets)
        ]
        env_files = [svc.env_file] if isinstance(svc.env_file, str) else svc.env_file
        files += [
            (
                (*at, "env_file") if isinstance(svc.env_file, str) else (*at, "env_file", i),
                e if isinstance(e, str) else e.path,
            )
            for i, e in enumerate(env_files)
        ]
        for where, given in files:
            real = Path(os.path.realpath(root / given))
            if real.is_relative_to(home) or real in allowed:
                continue
            shown = "" if str(real) == given else f" ({real} once symlinks are followed)"
            raise pos.error(
                where,
                f"{given!r} is outside the project folder{shown}: move it into the project, "
                "or list it under allow_outside_project",
            )


def _check_environment(env: dict[str, Any] | list[str], at: KeyPath, pos: Positions) -> None:
    """An empty variable name is refused here: Compose would refuse the stack later."""
    if isinstance(env, dict):
        for key in env:
            if not key.strip():
                raise pos.error((*at, key), "an environment variable needs a name", prefer_key=True)
        return
    for i, item in enumerate(env):
        if not item.partition("=")[0].strip():
            raise pos.error((*at, i), "an environment variable needs a name: expected 'NAME=value'")


def _check_mount(mount: str, at: KeyPath, pos: Positions) -> None:
    parts = mount.split(":")
    if len(parts) not in (2, 3) or not parts[0] or not parts[1].startswith("/"):
        raise pos.error(at, f"expected 'HOST_PATH:/container/path[:ro]', {_got_at(mount, at, pos)}")
    if len(parts) == 3 and parts[2] not in ("ro", "rw", "cached", "delegated"):
        got = _got_at(mount, at, pos) if at in pos.interpolated else f"got {parts[2]!r}"
        raise pos.error(at, f"mode must be ro or rw, {got}")


def _reload_problem(rule: c.ReloadRule) -> str | None:
    if rule.action == "exec" and not rule.exec:
        return "action 'exec' needs an 'exec' command"
    if rule.action != "exec" and rule.exec:
        return f"'exec' is only for action 'exec', not {rule.action!r}"
    if rule.action == "sync" and not rule.target:
        return "action 'sync' needs a 'target' folder in the container"
    return None


def _check_references(cfg: c.ProjectConfig, pos: Positions) -> None:
    """Names that must be declared: networks, volumes, the services of a depends_on mapping."""
    networks, volumes = [*cfg.networks, "default"], list(cfg.volumes)
    for name, svc in cfg.services.items():
        at: KeyPath = ("services", name)
        for where, joined in (
            ((*at, "networks"), svc.networks),
            ((*at, "dev", "networks"), svc.dev.networks or []),
            ((*at, "prod", "networks"), svc.prod.networks or []),
        ):
            for i, net in enumerate(joined):
                key: str | int = i if isinstance(joined, list) else net
                if net not in networks:
                    hint = _did_you_mean(net, networks) or " (declare it under top-level networks:)"
                    message = f"no network {net!r}{hint}"
                    raise pos.error((*where, key), message, prefer_key=True)
        for i, mount in enumerate(svc.volumes):
            vol = mount.partition(":")[0]
            if vol not in volumes:
                hint = _did_you_mean(vol, volumes) or " (declare it under top-level volumes:)"
                raise pos.error((*at, "volumes", i), f"no volume {vol!r}{hint}")
        if isinstance(svc.depends_on, dict):
            for dep in svc.depends_on:
                if dep not in cfg.services:
                    hint = _did_you_mean(dep, list(cfg.services))
                    raise pos.error(
                        (*at, "depends_on", dep), f"no service {dep!r}{hint}", prefer_key=True
                    )
