"""devenv: one project config, a development and a production Docker stack."""

__version__ = "0.1.0"
