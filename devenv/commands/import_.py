"""`devenv import`: bring an existing Compose project over as devenv.yaml."""

from __future__ import annotations

from devenv.migrate.importer import ImportOptions, import_project, summary


def run(options: ImportOptions) -> int:
    info = import_project(options)
    for line in summary(info):
        print(line)
    return 0
