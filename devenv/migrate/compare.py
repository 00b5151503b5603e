"""The round trip: what Compose (and Swarm) read from the original project against what they
read from devenv's renders of the imported devenv.yaml, service by service.

Both sides go through the real loaders (`docker compose config`, `docker stack config`, or
Compose's for both where the CLI has no `stack config`), are normalised alike (defaults
Compose writes out, names derived from the project name), and then only devenv's declared
additions are taken away from the rendered side — the list in
`ADDITIONS`, documented in docs/migrating.md. Whatever is left is a difference.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from devenv.composefile import dump
from devenv.config import load_config
from devenv.config.interpolate import read_dotenv
from devenv.engine import cli_env, docker_cli
from devenv.errors import DevenvError
from devenv.migrate import dockercli, source
from devenv.render import HOLDER_PREFIX, render_dev, render_prod
from devenv.renderwatch import NOISE_DIRS

Doc = dict[str, Any]

ADDITIONS = {
    "dev": (
        "ports published on 127.0.0.1 when the original names no address",
        "init: true and stop_grace_period: 1s, each where the original does not set it",
        "the label io.devenv.service on each service",
        "network holders (devenv-net-<service>): they own the service's ports, networks, "
        "aliases (plus the service's own name) and hostname; the service joins their "
        "network namespace",
        "develop.watch: initial_sync: true on each entry that syncs, and each folder entry "
        "ignores devenv's noise folders (**/.git, **/node_modules, **/__pycache__, ...), "
        "where the original does not say so",
        "configs are bind-mounted read-only (dev.mounts)",
        "prod's file secrets are mounted in dev too, where prod mounts them",
    ),
    "prod": (
        "the image tag: devenv's release tag (images compare by repository)",
        "init: true when the original does not set it",
        "deploy defaults: replicas 1, update_config (start-first, rollback on failure, "
        "monitor 10s), rollback_config, restart_policy (any, 5s)",
        "configs and secrets named by content hash (compared by file, or external name)",
        "env_file read and inlined into environment",
        "depends_on as the list of names Swarm accepts",
        "from an overlay: build, source bind mounts and develop stay in dev",
    ),
}
TAG = "roundtrip"
_NET_KEYS = ("ports", "hostname", "extra_hosts", "expose", "dns", "dns_search", "mac_address")


def _clean(value: Any) -> Any:
    """Without the empty values Compose writes out (`command: null`, `resources: {}`)."""
    if isinstance(value, dict):
        out = {k: _clean(v) for k, v in value.items()}
        kept = {k: v for k, v in out.items() if v is not None and v != {} and v != []}
        if isinstance(value.get("networks"), dict):  # `net: null` means joined
            kept["networks"] = {n: _clean(c) or None for n, c in value["networks"].items()}
        return kept
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _names(doc: Doc, project: str) -> None:
    for section in ("networks", "volumes", "secrets", "configs"):
        top = doc.get(section) or {}
        for key, conf in list(top.items()):
            conf = dict(conf or {})
            if conf.get("name") == f"{project}_{key}":
                conf.pop("name")
            if section == "networks" and conf.get("driver") == "overlay":
                conf.pop("driver")  # Swarm's default
            top[key] = conf
        if section == "networks":
            if top.get("default") == {}:
                top.pop("default")
        if not top:
            doc.pop(section, None)
    doc.pop("name", None)
    doc.pop("version", None)


def _networks(svc: Doc, alias: str | None = None) -> None:
    nets = svc.get("networks")
    if isinstance(nets, list):
        nets = {n: None for n in nets}
    if not nets:
        svc.pop("networks", None)
        return
    out: Doc = {}
    for net, conf in nets.items():
        conf = dict(conf or {})
        aliases = [a for a in conf.get("aliases", []) if a != alias]
        if aliases:
            conf["aliases"] = aliases
        else:
            conf.pop("aliases", None)
        out[net] = conf or None
    if out == {"default": None}:
        svc.pop("networks")
    else:
        svc["networks"] = out


def _unbind(svc: Doc) -> None:
    """Mounts in target order (their order in the list means nothing), without the
    `create_host_path` Compose adds to the short syntax."""
    for vol in svc.get("volumes", []):
        if isinstance(vol, dict) and vol.get("bind") == {"create_host_path": True}:
            vol.pop("bind")
    if svc.get("volumes"):
        svc["volumes"] = sorted(svc["volumes"], key=lambda v: str(v.get("target", v)))
    deploy = svc.get("deploy") or {}
    if deploy.get("mode") == "replicated":  # Swarm's default, however written
        deploy.pop("mode")


def _fold_holders(doc: Doc) -> None:
    services = doc.get("services", {})
    for name, svc in list(services.items()):
        mode = svc.get("network_mode", "")
        holder_name = f"{HOLDER_PREFIX}{name}"
        if mode != f"service:{holder_name}" or holder_name not in services:
            continue
        holder = services.pop(holder_name)
        svc.pop("network_mode")
        for key in (*_NET_KEYS, "networks"):
            if key in holder:
                svc[key] = holder[key]
        if "sysctls" in holder:
            svc["sysctls"] = {**holder["sysctls"], **svc.get("sysctls", {})}
        deps = svc.get("depends_on", {})
        deps.pop(holder_name, None)
        if not deps:
            svc.pop("depends_on", None)
        _networks(svc, alias=name)


def _dev_original(doc: Doc) -> None:
    configs = doc.pop("configs", {}) or {}
    for svc in doc.get("services", {}).values():
        for ref in svc.pop("configs", []):
            file = configs.get(ref["source"], {}).get("file")
            target = ref.get("target") or f"/{ref['source']}"
            mount = {"type": "bind", "source": file, "target": target, "read_only": True}
            svc["volumes"] = [*svc.get("volumes", []), mount]
        _networks(svc)
        _unbind(svc)


def _dev_rendered(doc: Doc, original: Doc) -> None:
    _fold_holders(doc)
    orig_services = original.get("services", {})
    for name, svc in doc.get("services", {}).items():
        orig = orig_services.get(name, {})
        for key, value in (("init", True), ("stop_grace_period", "1s")):
            if key not in orig and svc.get(key) == value:
                svc.pop(key)
        labels = svc.get("labels", {})
        labels.pop("io.devenv.service", None)
        if not labels:
            svc.pop("labels", None)
        orig_ports = orig.get("ports", [])
        for i, port in enumerate(svc.get("ports", [])):
            theirs = orig_ports[i] if i < len(orig_ports) else {}
            if port.get("host_ip") == "127.0.0.1" and "host_ip" not in theirs:
                port.pop("host_ip")
        _develop(svc, orig)
        if "secrets" in svc:  # prod's file secrets, mounted in dev too
            known = {s.get("source") for s in orig.get("secrets", [])}
            svc["secrets"] = [s for s in svc["secrets"] if s.get("source") in known]
        _networks(svc)
        _unbind(svc)
    used = {s["source"] for svc in orig_services.values() for s in svc.get("secrets", [])}
    secrets = doc.get("secrets", {})
    for key in [k for k in secrets if k not in used]:
        secrets.pop(key)


def _develop(svc: Doc, orig: Doc) -> None:
    """The rendered develop.watch without devenv's declared additions."""
    theirs = (orig.get("develop") or {}).get("watch") or []
    noise = {f"**/{d}" for d in NOISE_DIRS}
    for i, entry in enumerate((svc.get("develop") or {}).get("watch") or []):
        their = theirs[i] if i < len(theirs) else {}
        if entry.get("initial_sync") is True and "initial_sync" not in their:
            entry.pop("initial_sync")
        kept = set(their.get("ignore") or [])
        ignores = [p for p in entry.get("ignore") or [] if p not in noise or p in kept]
        if ignores:
            entry["ignore"] = ignores
        else:
            entry.pop("ignore", None)


def differences(original: Any, rendered: Any, path: str = "") -> list[str]:
    if isinstance(original, dict) and isinstance(rendered, dict):
        out = []
        for key in [*original, *[k for k in rendered if k not in original]]:
            where = f"{path}.{key}" if path else str(key)
            if key not in rendered:
                out.append(f"{where}: missing in devenv's render (original: {original[key]!r})")
            elif key not in original:
                out.append(f"{where}: added by devenv ({rendered[key]!r})")
            else:
                out += differences(original[key], rendered[key], where)
        return out
    if isinstance(original, list) and isinstance(rendered, list) and len(original) == len(rendered):
        return [
            d
            for i, (a, b) in enumerate(zip(original, rendered, strict=True))
            for d in differences(a, b, f"{path}[{i}]")
        ]
    if original != rendered:
        return [f"{path}: original {original!r}, devenv {rendered!r}"]
    return []


def dev_differences(root: Path, files: Sequence[str], config: Path) -> list[str]:
    """Compose's reading of the original dev project against that of `devenv render dev`."""
    root = root.absolute()
    # both readings at once: each is a Compose process of its own
    reading = source.start_config(root, source.dev_files(root, files), interpolate=True)
    cfg = load_config(config)
    out = root / ".devenv" / "roundtrip.dev.yml"
    out.parent.mkdir(exist_ok=True)
    out.write_text(dump(render_dev(cfg, root)), encoding="utf-8")
    rendered = _clean(source.config(root, [str(out)], interpolate=True))
    original = _clean(reading.doc())
    project = str(original.get("name"))
    _names(original, project)
    _names(rendered, f"{cfg.project}-dev")
    _dev_original(original)
    _dev_rendered(rendered, original)
    return differences(original, rendered)


# --- prod ------------------------------------------------------------------------------


# The project name Compose's loader is given when it stands in for Swarm's (below).
_STAND_IN = "devenv-roundtrip"


@functools.cache
def _has_stack_config(cli: str) -> bool:
    """Whether the CLI at `cli` has `docker stack config`: asked once, both sides use it."""
    probe = dockercli.run([cli, "stack", "config", "--help"], timeout=30, longer="")
    return "docker stack config" in probe.stdout


def _stack_config(files: Sequence[Path], env: dict[str, str]) -> Doc:
    """Swarm's loader's reading of a stack (`docker stack config`); where the CLI has none
    (Debian 12's 20.10, issue 11), Compose's reading of it: the same keys, normalised by
    compose-go rather than by the CLI's loader, applied alike to both sides of the trip."""
    cli = docker_cli()
    if not _has_stack_config(cli.path):
        doc = source.config(
            files[0].parent, [str(f) for f in files], interpolate=True, project=_STAND_IN
        )
        _names(doc, _STAND_IN)
        return doc
    argv = [cli.path, "stack", "config"]
    for file in files:
        argv += ["-c", str(file)]
    proc = dockercli.run(argv, env={**cli_env(), **env}, cwd=files[0].parent, timeout=60, longer="")
    if proc.returncode != 0:
        raise DevenvError(f"docker stack config rejects {files[0]}:\n{proc.stderr.strip()}")
    data: Doc = yaml.safe_load(proc.stdout)
    return data


def _repository(image: str) -> str:
    image = image.partition("@")[0]
    head, _, last = image.rpartition("/")
    name = last.partition(":")[0]
    return f"{head}/{name}" if head else name


def _absolute(doc: Doc, base: Path) -> None:
    def fix(path: str) -> str:
        return path if os.path.isabs(path) else os.path.normpath(base / path)

    for section in ("secrets", "configs"):
        for conf in (doc.get(section) or {}).values():
            if conf and "file" in conf:
                conf["file"] = fix(conf["file"])
    for svc in doc.get("services", {}).values():
        files = svc.get("env_file")
        if files:
            svc["env_file"] = [
                fix(f if isinstance(f, str) else f["path"])
                for f in (files if isinstance(files, list) else [files])
            ]
        for vol in svc.get("volumes", []):
            if isinstance(vol, dict) and vol.get("type") == "bind":
                vol["source"] = fix(vol["source"])


def _refs(svc: Doc, doc: Doc, section: str) -> None:
    top = doc.get(section) or {}
    refs = []
    for ref in svc.get(section, []):
        ref = {"source": ref} if isinstance(ref, str) else dict(ref)
        key = ref.pop("source")
        conf = top.get(key) or {}
        who = conf.get("file") or f"external:{conf.get('name', key)}"
        default = f"/run/secrets/{key}" if section == "secrets" else f"/{key}"
        ref.setdefault("target", default)
        refs.append({"from": who, **{k: str(v) for k, v in ref.items()}})
    if refs:
        svc[section] = sorted(refs, key=lambda r: (r["target"], r["from"]))


def _prod_common(doc: Doc, project: str, base: Path) -> None:
    _absolute(doc, base)
    _names(doc, project)
    for svc in doc.get("services", {}).values():
        for section in ("secrets", "configs"):
            _refs(svc, doc, section)
        deps = svc.get("depends_on")
        if deps:
            svc["depends_on"] = sorted(deps)
        if "image" in svc:
            svc["image"] = _repository(svc["image"])
        for port in svc.get("ports", []):
            if isinstance(port, dict) and "published" in port:
                port["published"] = str(port["published"])
            if isinstance(port, dict):  # the defaults, written out or not
                if port.get("protocol") == "tcp":
                    port.pop("protocol")
                if port.get("mode") == "ingress":
                    port.pop("mode")
        env = {}
        for file in svc.pop("env_file", []):
            env.update(read_dotenv(Path(file)))
        if env:
            svc["environment"] = {**env, **(svc.get("environment") or {})}
        if isinstance(svc.get("environment"), list):
            svc["environment"] = dict(e.partition("=")[::2] for e in svc["environment"])
        _networks(svc)
        _unbind(svc)
    for section in ("secrets", "configs"):
        doc.pop(section, None)


def _prune_added(original: Any, rendered: Any) -> Any:
    """The rendered deploy without the keys the original does not have (devenv's defaults)."""
    if not isinstance(original, dict) or not isinstance(rendered, dict):
        return rendered
    return {k: _prune_added(original[k], v) for k, v in rendered.items() if k in original}


def _prod_rendered(doc: Doc, original: Doc, overlay: bool) -> None:
    for name, svc in doc.get("services", {}).items():
        orig = original.get("services", {}).get(name, {})
        if "init" not in orig and svc.get("init") is True:
            svc.pop("init")
        if "deploy" in svc:
            svc["deploy"] = _prune_added(orig.get("deploy", {}), svc["deploy"])
            if not svc["deploy"]:
                svc.pop("deploy")
        if "image" not in orig and overlay:
            svc.pop("image", None)


def _prod_original(doc: Doc, overlay: bool) -> None:
    if not overlay:
        return
    for svc in doc.get("services", {}).values():
        svc.pop("build", None)
        svc.pop("develop", None)
        vols = [v for v in svc.get("volumes", []) if v.get("type") != "bind"]
        if vols:
            svc["volumes"] = vols
        else:
            svc.pop("volumes", None)


def prod_differences(
    root: Path,
    files: Sequence[str],
    form: str,
    config: Path,
    dev_files: Sequence[str] = (),
    project: str | None = None,
) -> list[str]:
    """The original production side against `devenv render prod`: Swarm's loader reads
    both when the original is a stack file, Compose's when it is an overlay (under
    `project`, the dev side's Compose project name: read from it when not given)."""
    root = root.absolute()
    env = {**read_dotenv(root / ".env"), **os.environ}
    cfg = load_config(config)
    out = root / ".devenv" / "roundtrip.prod.yml"
    out.parent.mkdir(exist_ok=True)
    overlay = form == "overlay"
    # Compose resolves paths from the project folder, Swarm's loader from the file's
    base_dir = root if overlay else out.parent
    out.write_text(dump(render_prod(cfg, base_dir, TAG)), encoding="utf-8")
    if overlay:
        if project is None:
            project = str(source.config(root, source.dev_files(root, dev_files)).get("name"))
        base = [*source.base_files(root, dev_files), *files]
        reading = source.start_config(root, base, interpolate=True, project=project)
        rendered = _clean(source.config(root, [str(out)], interpolate=True, project=project))
        original = _clean(reading.doc())
        _prod_common(original, project, root)
        _prod_common(rendered, project, root)
    else:
        original = _clean(_stack_config([root / f for f in files], env))
        rendered = _clean(_stack_config([out], env))
        _prod_common(original, "", root)
        _prod_common(rendered, "", out.parent)
    _prod_original(original, overlay)
    _prod_rendered(rendered, original, overlay)
    return differences(original, rendered)


def prod_accepted(config: Path) -> Doc:
    """`devenv render prod` as Swarm's loader reads it (a DevenvError if it does not)."""
    cfg = load_config(config)
    out = cfg.root.absolute() / ".devenv" / "roundtrip.prod.yml"
    out.parent.mkdir(exist_ok=True)
    out.write_text(dump(render_prod(cfg, out.parent, TAG)), encoding="utf-8")
    return _stack_config([out], {})
