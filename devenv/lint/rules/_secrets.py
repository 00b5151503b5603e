"""The rules' view of devenv.secretnames, the one definition of a secret-looking variable."""

from __future__ import annotations

from devenv.secretnames import literal, literal_secret, secret_name

__all__ = ["literal", "literal_secret", "secret_name"]
