"""devenv.yaml: its types (`schema`), reading it with positions (`yamlload`), `${VAR}`
interpolation (`interpolate`), strings cast by type as Compose casts them (`typecast`),
loading and validating it (`load`), and the reload paths no bind mount serves (`mounts`).

Other wings import from here, not from the modules inside.
"""

from __future__ import annotations

from devenv.config.load import find_config, load_config, locate
from devenv.config.mounts import Unmounted, split_mount, unmounted_reload_paths
from devenv.config.schema import ProjectConfig, ReloadRule, Service, environment
from devenv.config.typecast import cast

__all__ = [
    "ProjectConfig",
    "ReloadRule",
    "Service",
    "Unmounted",
    "cast",
    "environment",
    "find_config",
    "load_config",
    "locate",
    "split_mount",
    "unmounted_reload_paths",
]
