"""devenv.yaml as `devenv import` writes it: block YAML, the escape hatch commented."""

from __future__ import annotations

import re
from typing import Any

from devenv.composefile import dump_escaped

HEADER = (
    "# Written by `devenv import` from {source}.\n"
    "# Review the summary it printed; `devenv lint` says what to change.\n"
)
_HATCH = re.compile(r"^(?P<indent>\s*)(?P<key>compose|x-compose):")
COMMENT = (
    "{indent}# not modelled by devenv yet: passed to Compose as written (devenv lint: DV230)\n"
)


def text(config: dict[str, Any], source: str) -> str:
    """The mapping as devenv.yaml. `$` stays as written: devenv interpolates like Compose."""
    out = [HEADER.format(source=source)]
    for line in dump_escaped(config).splitlines(keepends=True):
        m = _HATCH.match(line)
        if m:
            out.append(COMMENT.format(indent=m["indent"]))
        out.append(line)
    return "".join(out)
