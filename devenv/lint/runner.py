"""The lint runner: run the rules that fit each subject, then apply ignores and severities.

Pragmas first (`# devenv ignore=` / `# hadolint ignore=` above an instruction, `global
ignore` anywhere), then the settings (`.hadolint.yaml`, devenv.yaml's `lint:`, `--ignore`).
`--fix` applies the safe fixes of fixable rules until the file stops changing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from devenv.fsutil import display, resolve
from devenv.lint.dockerfile import Dockerfile, parse, parse_file
from devenv.lint.finding import Finding, Target
from devenv.lint.rules import RULES, Rule, fixer, opt_in
from devenv.lint.settings import Settings
from devenv.lint.subjects import Project, Stack

if TYPE_CHECKING:
    from devenv.config import ProjectConfig
    from devenv.lint.shellcheck import ShellCheck

Subject = Dockerfile | Stack | Project

#: Enough rounds for every fix to settle; each round must shrink or end the findings.
MAX_FIX_ROUNDS = 20
_FIX_LAST = ("DL3059",)


def target_of(subject: Subject) -> Target:
    if isinstance(subject, Dockerfile):
        return "dockerfile"
    if isinstance(subject, Stack):
        return subject.env
    return "config"


def check(subject: Subject, rules: Iterable[Rule], *, pragmas: bool = True) -> list[Finding]:
    """Findings of `rules` on `subject`, sorted, without those an ignore comment silences.

    A Dockerfile that did not parse gets only DL1000: the other rules would see nothing.
    """
    target = target_of(subject)
    selected = [
        r for r in rules if r.TARGET in (target, "stack" if target in ("dev", "prod") else "")
    ]
    if isinstance(subject, Dockerfile) and subject.parse_error is not None:
        selected = [r for r in selected if r.ID == "DL1000"]
    yaml = _yaml_ignores(subject) if pragmas and not isinstance(subject, Dockerfile) else None
    found: list[Finding] = []
    for rule in selected:
        for finding in rule.check(subject):
            if pragmas and isinstance(subject, Dockerfile) and silenced(subject, finding, rule):
                continue
            if yaml and finding.file == subject.path and finding.rule in yaml.get(finding.line, ()):
                continue
            found.append(finding)
    return sorted(found, key=Finding.sort_key)


def _yaml_ignores(subject: Stack | Project) -> Mapping[int, frozenset[str]]:
    """`# devenv ignore=ID` comments of the YAML file the subject's findings point into."""
    from devenv.lint import yamlignore

    if isinstance(subject, Stack) and not subject.rendered:
        return yamlignore.ignores(subject.text) if subject.text else {}
    cfg = subject.config
    return yamlignore.file_ignores(cfg.path) if cfg is not None else {}


def silenced(df: Dockerfile, finding: Finding, rule: Rule | None = None) -> bool:
    """`# devenv ignore=ID` / `# hadolint ignore=ID` above the finding's instruction, or a
    `global ignore` anywhere in the file; the hadolint id of a devenv rule works too."""
    ids = {finding.rule}
    if rule is not None and rule.HADOLINT:
        ids.add(rule.HADOLINT)
    if ids & df.global_ignores:
        return True
    instr = df.instruction_at(finding.line)
    return instr is not None and bool(ids & df.ignores.get(instr.line, frozenset()))


def lint(
    subjects: Iterable[Subject],
    settings: Settings,
    rules: Mapping[str, Rule] = RULES,
    shellcheck: ShellCheck | None = None,
) -> list[Finding]:
    """Every finding on every subject after ignores, with severity overrides applied;
    with `shellcheck`, its SC findings on every RUN of the Dockerfiles too."""
    subjects = list(subjects)
    sc: dict[str, list[Finding]] = {}
    if shellcheck is not None:
        sc = shellcheck.check([s for s in subjects if isinstance(s, Dockerfile)])
    out: list[Finding] = []
    active = [r for r in rules.values() if not opt_in(r) or _turned_on(r, settings)]
    for subject in subjects:
        found = check(subject, active, pragmas=settings.pragmas)
        if isinstance(subject, Dockerfile) and subject.path in sc:
            extra = sc[subject.path]
            if settings.pragmas:
                extra = [f for f in extra if not silenced(subject, f)]
            found = sorted([*found, *extra], key=Finding.sort_key)
        for finding in found:
            adjusted = _apply_settings(finding, settings, rules)
            if adjusted is not None and isinstance(subject, Dockerfile):
                adjusted = _mark_fixable(subject, adjusted, rules)
            if adjusted is not None:
                out.append(adjusted)
    return out


def _turned_on(rule: Rule, settings: Settings) -> bool:
    # hadolint's `ignore` severity: off until an override gives the rule a severity.
    return rule.ID in settings.overrides or (rule.HADOLINT or rule.ID) in settings.overrides


def _mark_fixable(df: Dockerfile, finding: Finding, rules: Mapping[str, Rule]) -> Finding:
    # "fixable" promises that --fix changes this very finding, so try the fix on it alone.
    rule = rules.get(finding.rule)
    f = fixer(rule) if rule is not None and not finding.fixable else None
    if f is None:
        return finding
    return finding._replace(fixable=f.fix(df, [finding]) != df.text)


def _apply_settings(
    finding: Finding, settings: Settings, rules: Mapping[str, Rule]
) -> Finding | None:
    rule = rules.get(finding.rule)
    ids = [finding.rule] + ([rule.HADOLINT] if rule is not None and rule.HADOLINT else [])
    if any(i in settings.ignored for i in ids):
        return None
    severity = finding.severity
    for i in reversed(ids):
        severity = settings.overrides.get(i, severity)
    return finding._replace(severity=severity) if severity != finding.severity else finding


def fix(df: Dockerfile, settings: Settings, rules: Mapping[str, Rule] = RULES) -> Dockerfile:
    """Apply the safe fixes until nothing changes; the result re-parsed, same context."""
    fixers = [
        (rule, f) for rule in rules.values() if (f := fixer(rule)) and rule.TARGET == "dockerfile"
    ]
    # Merging RUNs goes last: the other fixes read better on the RUNs as they were written.
    fixers.sort(key=lambda pair: pair[0].ID in _FIX_LAST)
    current = df
    for _ in range(MAX_FIX_ROUNDS):
        changed = False
        for rule, f in fixers:
            found = lint([current], settings, {rule.ID: rule})
            if not found:
                continue
            text = f.fix(current, found)
            if text != current.text:
                current = _reparse(current, text)
                changed = True
        if not changed:
            break
    return current


def _reparse(df: Dockerfile, text: str) -> Dockerfile:
    fresh = parse(text, df.path)
    return fresh._replace(config=df.config, services=df.services, options=df.options)


def project(cfg: ProjectConfig) -> Project:
    """The config with each Dockerfile its services build, parsed once each."""
    paths: dict[Path, list[str]] = {}
    for name, svc in cfg.services.items():
        if svc.build is None:
            continue
        path = resolve(cfg.root / svc.build.context / svc.build.dockerfile)
        if not path.is_file():
            raise cfg.positions.error(
                ("services", name, "build"), f"no Dockerfile at {display(path)}"
            )
        paths.setdefault(path, []).append(name)
    dockerfiles: dict[str, Dockerfile] = {}
    for path, names in paths.items():
        df = parse_file(path, display(path))._replace(config=cfg, services=tuple(names))
        for name in names:
            dockerfiles[name] = df
    return Project(display(cfg.path), cfg, dockerfiles)


def settings_for(
    configs: Sequence[ProjectConfig],
    folders: Sequence[Path],
    ignore: Sequence[str] = (),
    threshold: str | None = None,
) -> Settings:
    """The settings chain, weakest first: defaults, the nearest `.hadolint.yaml` in `folders`
    or the projects' folders, each project's `lint:` section, then the command line."""
    from devenv.lint import settings as lintconfig

    settings = Settings()
    found = lintconfig.find_hadolint_config([*folders, *(c.root for c in configs)])
    if found is not None:
        settings = lintconfig.load_hadolint(found, display(found), settings)
    for cfg in configs:
        settings = lintconfig.from_project(cfg, settings)
    return lintconfig.from_command_line(settings, ignore, threshold)


def rendered_stack(
    proj: Project,
    env: Literal["dev", "prod"],
    stack: Mapping[str, Any],
    nodes: int | None = None,
) -> Stack:
    """A stack devenv rendered from the project, positioned at the config's lines; `nodes`:
    the size of the swarm it is linted for, when known."""
    pos = proj.config.positions
    positions = {**pos.value, **pos.key}
    return Stack(
        proj.path,
        env,
        dict(stack),
        positions,
        proj.config,
        rendered=True,
        dockerfiles=proj.dockerfiles,
        nodes=nodes,
    )


def rendered_stacks(proj: Project) -> list[Stack]:
    """Both stacks rendered from the project, as `devenv lint` checks them."""
    from devenv import render

    cfg = proj.config
    dev = render.render_dev(cfg, cfg.root)
    prod = render.render_prod(cfg, cfg.root, "lint")
    return [rendered_stack(proj, "dev", dev), rendered_stack(proj, "prod", prod)]
