"""devenv.yaml: its types (`schema`), reading it with positions (`yamlload`), `${VAR}`
interpolation (`interpolate`) and loading and validating it (`load`).

Other wings import from here, not from the modules inside.
"""

from __future__ import annotations

from devenv.config.load import find_config, load_config
from devenv.config.schema import ProjectConfig, ReloadRule, Service, environment

__all__ = ["ProjectConfig", "ReloadRule", "Service", "environment", "find_config", "load_config"]
