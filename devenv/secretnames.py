"""What looks like a secret in a variable: shared by DV104 (ENV/ARG), DV203 (Compose) and
`devenv import` (a flat module: the import needs it without loading every lint rule).

A name is secret-looking when it contains PASSWORD, PASSWD, SECRET, TOKEN, API_KEY,
PRIVATE_KEY or CREDENTIALS as a word (issue 3). To keep false positives out: the word must
end the name or be followed by `_`, a digit or a camelCase capital (`TOKENIZERS` and
`SECRETARY` are not secrets); a name ending in a suffix that says it holds something
about the secret rather than the secret (`DB_PASSWORD_FILE`, `TOKEN_URL`) is not one;
and only a literal value counts: not empty, not a `${VAR}` reference, not a boolean,
not an absolute path (a secret file's location).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"(?i)(password|passwd|secret|token|api_?key|private_?key|credential)s?")
_ABOUT_THE_SECRET = (
    *("_FILE", "_FILES", "_FILENAME", "_PATH", "_DIR", "_URL", "_URI", "_ENDPOINT"),
    *("_HOST", "_PORT", "_USER", "_USERNAME", "_NAME", "_ID", "_TYPE", "_LENGTH", "_TTL"),
)
_REFERENCE = re.compile(r"\$(\{|[A-Za-z_])")
_BOOLEANS = frozenset({"true", "false", "yes", "no", "on", "off"})


def secret_name(name: str) -> bool:
    if name.upper().endswith(_ABOUT_THE_SECRET):
        return False
    for m in _WORD.finditer(name):
        after = name[m.end() : m.end() + 1]
        if not after.isalpha() or (after.isupper() and not m.group(0).isupper()):
            return True
    return False


def literal(value: str | None) -> bool:
    """A value written out in full: not empty, not a reference, a boolean or a path."""
    if value is None:
        return False
    text = value.strip()
    if not text or _REFERENCE.search(text) or text.lower() in _BOOLEANS:
        return False
    return not text.startswith("/")


def literal_secret(name: str, value: str | None) -> bool:
    return secret_name(name) and literal(value)
