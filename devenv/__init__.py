"""devenv: one project config, a development and a production Docker stack."""

__version__ = "0.1.0"

#: The project config's file name. Here, not in devenv.config, so that commands which only
#: look for the file (lint of one Dockerfile, ntp --server) do not import the config types.
CONFIG_NAME = "devenv.yaml"
