"""The `devenv init` templates: one folder each, of Jinja2 files ending in `.j2`.

See devenv.scaffold; this folder is the package `devenv.templates` in the wheel.
"""
