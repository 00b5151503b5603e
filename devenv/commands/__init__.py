"""One module per subcommand; each exposes a plain `run(...) -> int`."""
