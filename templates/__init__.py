"""The `devenv init` templates: one folder each, Jinja2 files ending in `.j2` (see devenv.scaffold)."""
