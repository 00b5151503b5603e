"""Lint settings: `.hadolint.yaml`, the `lint:` section of devenv.yaml and the command line.

A hadolint user switches without editing a file, so `.hadolint.yaml` is read with
hadolint's keys. Unlike hadolint, which silently drops a file it cannot read, a misspelt
key or a bad value is an error at its `file:line:column` (issue 3).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from devenv.errors import DevenvError
from devenv.lint.finding import SEVERITIES, Severity, severity_rank

if TYPE_CHECKING:
    from devenv.config import ProjectConfig
    from devenv.config.yamlload import Positions

HADOLINT_FILES = (".hadolint.yaml", ".hadolint.yml")
#: `none` (and hadolint's `ignore`) never fail.
THRESHOLDS = (*SEVERITIES, "none", "ignore")
RULE_ID = re.compile(r"^(DL[0-9]{4}|SC[0-9]{4}|DV[0-9]{3})$")
#: hadolint's label types (`label-schema`); devenv.config.schema.LabelType says the same.
LABEL_TYPES = ("text", "url", "email", "rfc3339", "spdx", "hash", "semver")

# hadolint's keys; those devenv has no use for are accepted so the same file keeps working.
_KEYS = {
    "ignored": "ids",
    "override": "override",
    "trustedRegistries": "strings",
    "failure-threshold": "threshold",
    "no-fail": "bool",
    "no-color": "bool",
    "disable-ignore-pragma": "bool",
    "strict-labels": "bool",
    "label-schema": "labels",
    "format": "string",
}


class Settings(NamedTuple):
    ignored: frozenset[str] = frozenset()
    overrides: Mapping[str, Severity] = MappingProxyType({})
    threshold: Severity | None = "warning"
    trusted_registries: tuple[str, ...] = ()
    pragmas: bool = True
    sources: tuple[str, ...] = ()
    #: label name -> one of LABEL_TYPES (DL3049-DL3058); strict: no other label (DL3050).
    label_schema: Mapping[str, str] = MappingProxyType({})
    strict_labels: bool = False

    def fails(self, severity: Severity) -> bool:
        return self.threshold is not None and severity_rank(severity) <= severity_rank(
            self.threshold
        )

    def severity(self, rule: str, default: Severity) -> Severity:
        return self.overrides.get(rule, default)

    def rule_options(self) -> dict[str, Any]:
        """What the Dockerfile rules read from `df.options`, under hadolint's key names."""
        return {
            "trustedRegistries": self.trusted_registries,
            "label-schema": self.label_schema,
            "strict-labels": self.strict_labels,
        }


def threshold_of(value: str) -> Severity | None:
    for s in SEVERITIES:
        if s == value:
            return s
    return None


def find_hadolint_config(folders: Iterable[Path]) -> Path | None:
    for folder in folders:
        for name in HADOLINT_FILES:
            if (folder / name).is_file():
                return folder / name
    return None


def load_hadolint(path: Path, display: str, base: Settings) -> Settings:
    from devenv.config.yamlload import load_file

    loaded = load_file(path, display)
    data, pos = loaded.data, loaded.positions
    if data is None:
        return base
    if not isinstance(data, dict):
        raise pos.error((), "expected a mapping of hadolint settings")
    out = base._replace(sources=(*base.sources, display))
    for key, value in data.items():
        kind = _KEYS.get(key)
        if kind is None:
            import difflib

            hint = difflib.get_close_matches(key, list(_KEYS), n=1)
            did = f"; did you mean {hint[0]!r}?" if hint else f" (known: {', '.join(_KEYS)})"
            raise pos.error((key,), f"unknown key {key!r}{did}", prefer_key=True)
        out = _apply(out, key, kind, value, pos)
    return out


def _apply(out: Settings, key: str, kind: str, value: Any, pos: Positions) -> Settings:
    path: tuple[str | int, ...] = (key,)
    if kind == "ids":
        ids = _ids(value, path, pos, allow_unknown=True)
        return out._replace(ignored=out.ignored | ids)
    if kind == "override":
        return out._replace(overrides={**out.overrides, **_override(value, path, pos)})
    if kind == "strings":
        return out._replace(trusted_registries=tuple(_strings(value, path, pos)))
    if kind == "threshold":
        if value not in THRESHOLDS:
            raise pos.error(path, f"expected one of {', '.join(THRESHOLDS)}, got {value!r}")
        return out._replace(threshold=threshold_of(value))
    if kind == "bool":
        if not isinstance(value, bool):
            raise pos.error(path, f"expected true or false, got {value!r}")
        if key == "disable-ignore-pragma":
            return out._replace(pragmas=not value)
        if key == "no-fail" and value:
            return out._replace(threshold=None)
        if key == "strict-labels":
            return out._replace(strict_labels=value)
        return out
    if kind == "labels":
        return out._replace(label_schema=MappingProxyType(_label_schema(value, path, pos)))
    if kind == "string" and not isinstance(value, str):
        raise pos.error(path, f"expected a string, got {value!r}")
    return out


def _strings(value: Any, path: tuple[str | int, ...], pos: Positions) -> list[str]:
    if not isinstance(value, list):
        raise pos.error(path, f"expected a list, got {value!r}")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise pos.error((*path, i), f"expected a string, got {item!r}")
    return value


def _label_schema(value: Any, path: tuple[str | int, ...], pos: Positions) -> dict[str, str]:
    if not isinstance(value, dict):
        raise pos.error(path, f"expected a mapping of label name to type, got {value!r}")
    for name, kind in value.items():
        if not isinstance(name, str) or not name:
            raise pos.error((*path, name), "expected a label name", prefer_key=True)
        if kind not in LABEL_TYPES:
            raise pos.error(
                (*path, name), f"expected one of {', '.join(LABEL_TYPES)}, got {kind!r}"
            )
    return dict(value)


def _ids(
    value: Any, path: tuple[str | int, ...], pos: Positions, *, allow_unknown: bool
) -> frozenset[str]:
    from devenv.lint.rules import RULES

    ids = _strings(value, path, pos)
    for i, rule in enumerate(ids):
        if not RULE_ID.match(rule):
            raise pos.error((*path, i), f"not a rule id: {rule!r} (like DL3008 or DV101)")
        if rule.startswith("DV") and rule not in RULES and not allow_unknown:
            raise pos.error((*path, i), f"no devenv rule {rule}")
    return frozenset(ids)


def _override(value: Any, path: tuple[str | int, ...], pos: Positions) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise pos.error(path, "expected a mapping of severity to rule ids, e.g. `error: [DL3008]`")
    out: dict[str, Severity] = {}
    for level, ids in value.items():
        severity = threshold_of(level)
        if severity is None:
            raise pos.error(
                (*path, level),
                f"expected one of {', '.join(SEVERITIES)}, got {level!r}",
                prefer_key=True,
            )
        for rule in _ids(ids, (*path, level), pos, allow_unknown=True):
            out[rule] = severity
    return out


def from_project(cfg: ProjectConfig, base: Settings) -> Settings:
    """Apply devenv.yaml's `lint:` section (the schema already checked its keys)."""
    pos = cfg.positions
    lint = cfg.lint
    path: tuple[str | int, ...] = ("lint",)
    ignored = _ids(list(lint.ignore), (*path, "ignore"), pos, allow_unknown=False)
    overrides: dict[str, Severity] = {}
    for level, ids in lint.override.items():
        for rule in _ids(list(ids), (*path, "override", level), pos, allow_unknown=False):
            overrides[rule] = level
    fields: dict[str, Any] = {
        "ignored": base.ignored | ignored,
        "overrides": {**base.overrides, **overrides},
        "sources": (*base.sources, str(cfg.path)),
    }
    if (*path, "failure_threshold") in pos.value:  # written, not the default
        fields["threshold"] = threshold_of(lint.failure_threshold)
    if lint.trusted_registries:
        fields["trusted_registries"] = tuple(lint.trusted_registries)
    if lint.label_schema:
        fields["label_schema"] = MappingProxyType(dict(lint.label_schema))
    if (*path, "strict_labels") in pos.value:  # written, not the default
        fields["strict_labels"] = lint.strict_labels
    return base._replace(**fields)


def from_command_line(base: Settings, ignore: Iterable[str], threshold: str | None) -> Settings:
    ids = set(ignore)
    for rule in ids:
        if not RULE_ID.match(rule):
            raise DevenvError(f"--ignore {rule}: not a rule id (like DL3008 or DV101)")
    if threshold is not None and threshold not in THRESHOLDS:
        raise DevenvError(f"--failure-threshold: expected one of {', '.join(THRESHOLDS)}")
    out = base._replace(ignored=base.ignored | ids)
    return out._replace(threshold=threshold_of(threshold)) if threshold is not None else out
