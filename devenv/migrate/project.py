"""Both sides of every service merged into one devenv.yaml mapping (see convert.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from devenv.config import Service, cast
from devenv.migrate.convert import Converter, Doc, Note, Result, _Side
from devenv.secretnames import literal_secret

_MISSING: Any = object()
_TOP_DONE = ("name", "services", "networks", "volumes", "secrets", "configs")
# Keys a side says instead of the service's (`dev.ports`, `prod.networks`, ...)
SIDED = ("ports", "networks")


def convert(root: Path, dev: Doc, prod: Doc | None, *, overlay: bool = False) -> Result:
    """devenv.yaml for the project `dev` (and `prod`, its production side, if given)."""
    project = _project_name(str(dev.get("name") or root.name))
    conv = Converter(root, str(dev.get("name") or project))
    dev_services: Doc = dev.get("services", {})
    prod_services: Doc = dict((prod or dev).get("services", {}))
    services: Doc = {}
    for name in [*dev_services, *[n for n in prod_services if n not in dev_services]]:
        d = conv.side(name, dev_services[name], dev, dev=True) if name in dev_services else None
        p: _Side | None
        if prod is None:
            p = _derived(conv, name, dev_services[name], dev, d)
        else:
            if overlay and name in prod_services and name in dev_services:
                prod_services[name] = _without_dev_binds(prod_services[name], dev_services[name])
            p = (
                conv.side(name, prod_services[name], prod, dev=False)
                if name in prod_services
                else None
            )
        services[name] = _service(conv, name, d, p)
    config: Doc = {"project": project}
    for section in ("networks", "volumes"):
        prod_project = str((prod or dev).get("name"))
        top = _top(
            conv, section, dev.get(section, {}), (prod or dev).get(section, {}), prod_project
        )
        if top:
            config[section] = top
    config["services"] = services
    extra = {k: v for k, v in dev.items() if k not in _TOP_DONE}
    if extra:
        config["x-compose"] = extra
    result = Result(config, conv.notes)
    result.secrets = _secrets(services)
    return result


def _without_dev_binds(prod: Doc, dev: Doc) -> Doc:
    """An overlay inherits the base's source mounts: they stay dev's (dev.mounts)."""
    binds = [v for v in dev.get("volumes", []) if v.get("type") == "bind"]
    kept = [v for v in prod.get("volumes", []) if v not in binds]
    out = {k: v for k, v in prod.items() if k != "volumes"}
    if kept:
        out["volumes"] = kept
    return out


def _project_name(name: str) -> str:
    import re

    slug = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-_")
    return slug or "app"


def _derived(conv: Converter, name: str, svc: Doc, doc: Doc, dev: _Side | None) -> _Side:
    """No production file: prod is devenv's production transform of the one project."""
    assert dev is not None
    out = _Side(common=dict(dev.common))
    if "deploy" in svc:
        conv._deploy(svc["deploy"], out)
    if "secrets" in svc:
        conv._secrets(svc["secrets"], doc.get("secrets", {}), out, dev=False)
    if "configs" in svc:
        conv._configs(name, svc["configs"], doc.get("configs", {}), out, dev=False)
    out.compose = {}
    return out


def _typed(key: str, dv: Any, pv: Any) -> tuple[Any, Any]:
    """A quoted literal where devenv.yaml takes a number or a boolean (`init: "true"`) is
    what Compose casts it to: two sides that differ only so are alike. `${VAR}` stays as
    written. Only for values that differ: walking the types is not free."""
    if dv is _MISSING or pv is _MISSING:
        return dv, pv
    tdv, tpv = (cast({key: v}, Service)[key] for v in (dv, pv))
    return (tdv, tpv) if tdv == tpv else (dv, pv)


def _service(conv: Converter, name: str, d: _Side | None, p: _Side | None) -> Doc:
    if d is None or p is None:
        only = d or p
        assert only is not None
        where = "dev" if d is not None else "prod"
        conv.notes.append(
            Note(name, f"only in the {where} files: give it `{where}.compose` or review", True)
        )
        d = d or _Side(common=dict(only.common))
        p = p or _Side(common=dict(only.common))
    if "build" in d.common and "image" in p.common and "build" not in p.common:
        p.own["image"] = p.common.pop("image")  # the repository the release is pushed to
    svc: Doc = {}
    dev_part: Doc = dict(d.own)
    prod_part: Doc = dict(p.own)
    dev_compose, prod_compose = dict(d.compose), dict(p.compose)
    for key in [*d.common, *[k for k in p.common if k not in d.common]]:
        dv, pv = d.common.get(key, _MISSING), p.common.get(key, _MISSING)
        if dv != pv:
            dv, pv = _typed(key, dv, pv)
        if dv == pv:
            svc[key] = dv
        elif key == "build":
            _build(svc, dev_part, dev_compose, dv, pv)
        elif key == "environment":
            _environment(svc, dev_part, prod_part, dv, pv)
        elif key == "depends_on" and _same_names(dv, pv):
            svc[key] = dv if isinstance(dv, dict) else pv
        elif key in ("command", "entrypoint"):
            if pv is not _MISSING:
                svc[key] = pv
                if dv is _MISSING:
                    dev_compose[key] = None
                else:
                    dev_part[key] = dv
            else:
                dev_part[key] = dv
        elif key in SIDED:
            # each stack says its own; what neither side has in common is not common
            if dv is not _MISSING:
                dev_part[key] = dv
            if pv is not _MISSING:
                prod_part[key] = pv
        elif key == "volumes" and dv is not _MISSING:
            # dev's whole list as Compose says it: its binds and its volumes together
            dev_compose["volumes"] = [*dev_part.pop("mounts", []), *dv]
            if pv is not _MISSING:
                svc[key] = pv
        elif pv is not _MISSING:
            svc[key] = pv
            dev_compose[key] = None if dv is _MISSING else dv
        else:
            svc[key] = dv
            prod_compose[key] = None
        if dv != pv:
            conv.notes.append(Note(name, f"{key}: dev and prod differ, each side kept"))
    _dev_secrets(dev_part, prod_part)
    common = {k: v for k, v in dev_compose.items() if prod_compose.get(k, _MISSING) == v}
    for key in common:
        dev_compose.pop(key)
        prod_compose.pop(key)
    if common:
        svc["compose"] = common
    if dev_compose:
        dev_part["compose"] = dev_compose
    if prod_compose:
        prod_part["compose"] = prod_compose
    for key, part in (
        ("compose", common),
        ("dev.compose", dev_compose),
        ("prod.compose", prod_compose),
    ):
        if part:
            conv.notes.append(
                Note(name, f"{key}: {', '.join(part)} (not modelled: as written)", True)
            )
    if dev_part:
        svc["dev"] = dev_part
    if prod_part:
        svc["prod"] = prod_part
    return svc


def _same_names(dv: Any, pv: Any) -> bool:
    return dv is not _MISSING and pv is not _MISSING and list(dv) == list(pv)


def _build(svc: Doc, dev_part: Doc, dev_compose: Doc, dv: Any, pv: Any) -> None:
    if dv is _MISSING:
        svc["build"] = pv
        return
    svc["build"] = dict(dv)
    if pv is _MISSING:
        return
    rest_d = {k: v for k, v in dv.items() if k != "target"}
    rest_p = {k: v for k, v in pv.items() if k != "target"}
    if rest_d == rest_p:
        if "target" in pv:
            svc["build"]["target"] = pv["target"]
        if dv.get("target") != pv.get("target"):
            if "target" in dv:
                dev_part["target"] = dv["target"]
            else:
                dev_compose["build"] = {"target": None}
    else:
        svc["build"] = dict(pv)
        dev_compose["build"] = dict(dv)


def _environment(svc: Doc, dev_part: Doc, prod_part: Doc, dv: Any, pv: Any) -> None:
    dv = {} if dv is _MISSING else dv
    pv = {} if pv is _MISSING else pv
    common = {k: v for k, v in dv.items() if k in pv and pv[k] == v}
    if common:
        svc["environment"] = common
    dev_only = {k: v for k, v in dv.items() if k not in common}
    prod_only = {k: v for k, v in pv.items() if k not in common}
    if dev_only:
        dev_part["environment"] = dev_only
    if prod_only:
        prod_part["environment"] = prod_only


def _dev_secrets(dev_part: Doc, prod_part: Doc) -> None:
    """devenv's dev stack mounts prod's file secrets itself: keep only dev's own."""
    prod = {s["name"]: s for s in prod_part.get("secrets", [])}
    own = []
    for secret in dev_part.pop("secrets", []):
        theirs = prod.get(secret["name"], {})
        if "target" not in secret and "target" in theirs:  # dev's default is not prod's
            secret["target"] = f"/run/secrets/{secret['name']}"
        if theirs != secret and "file" in secret:
            own.append(secret)
    if own:
        dev_part["secrets"] = own


def _top(conv: Converter, section: str, dev: Doc, prod: Doc, prod_project: str) -> Doc:
    """A top-level section; a name Compose derived from a project's name is left out."""
    dev = {k: _underived(v, f"{conv.project}_{k}") for k, v in dev.items()}
    prod = {k: _underived(v, f"{prod_project}_{k}") for k, v in prod.items()}
    out: Doc = {}
    for key in [*dev, *[k for k in prod if k not in dev]]:
        conf = dict(dev.get(key) or prod.get(key) or {})
        if conf.get("name") == f"{conv.project}_{key}":
            conf.pop("name")
        if key == "default" and section == "networks" and not conf:
            continue
        if section == "networks" and conf.get("driver") == "overlay" and key not in dev:
            conf.pop("driver")
        if key in dev and key in prod:
            pconf = {
                k: v
                for k, v in (prod[key] or {}).items()
                if not (k == "name" and v == f"{conv.project}_{key}")
            }
            if pconf.get("driver") == "overlay" and "driver" not in conf:
                pconf.pop("driver")
            if pconf != conf:
                conv.notes.append(
                    Note("", f"{section}.{key}: the prod side differs; dev's kept", True)
                )
        out[key] = conf
    return out


def _underived(conf: Any, derived: str) -> Doc:
    out: Doc = dict(conf or {})
    if out.get("name") == derived:
        out.pop("name")
    return out


def _secrets(services: Doc) -> list[tuple[str, str]]:
    found = []
    for name, svc in services.items():
        for where, env in (
            ("", svc.get("environment", {})),
            ("dev.", svc.get("dev", {}).get("environment", {})),
            ("prod.", svc.get("prod", {}).get("environment", {})),
        ):
            for var, value in env.items():
                if literal_secret(var, None if value is None else str(value)):
                    found.append((name, f"{where}environment.{var}"))
    return found
