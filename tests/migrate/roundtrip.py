"""The round-trip helper: import a Compose project, render both stacks, and compare what the
real Compose and Swarm loaders read from the original and from devenv's renders.

    assert round_trip(folder, prod=["docker-stack.yml"]) == []

Any test may use it on a folder of its own (it writes devenv.yaml and .devenv/ there).
Without a production side, devenv's own production transform is checked to pass Swarm's
loader instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from devenv import CONFIG_NAME
from devenv.migrate import compare
from devenv.migrate.importer import ImportOptions, import_project


def round_trip(folder: Path, files: Sequence[str] = (), prod: Sequence[str] = ()) -> list[str]:
    """Every difference between the original and devenv's renders, dev then prod."""
    info = import_project(ImportOptions(folder, tuple(files), tuple(prod), force=True))
    config = folder / CONFIG_NAME
    found = [f"dev: {d}" for d in compare.dev_differences(folder, files, config)]
    if info.prod_form == "none":
        compare.prod_accepted(config)
    else:
        found += [
            f"prod: {d}"
            for d in compare.prod_differences(
                folder, prod, info.prod_form, config, files, info.compose_project or None
            )
        ]
    return found
