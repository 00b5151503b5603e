"""The `RUN --mount=type=cache` and `type=tmpfs` targets of an instruction (`ONBUILD RUN`
too): a package manager's cache on such a mount never reaches the image, so the rules
that ask for a cleanup accept it, as hadolint 2.15.1 does for both types (issue 15)."""

from __future__ import annotations

from devenv.lint.dockerfile import Instruction

_TARGET_KEYS = ("target", "dst", "destination")
#: Mount types whose contents stay out of the layer.
_THROWAWAY = ("cache", "tmpfs")


def cache_targets(instr: Instruction) -> list[str]:
    targets: list[str] = []
    for flag in instr.flags:
        name, _, spec = flag.partition("=")
        if name != "--mount":
            continue
        options: dict[str, str] = {}
        for part in spec.split(","):
            key, _, value = part.partition("=")
            options[key.strip().lower()] = value.strip()
        target = next((options[k] for k in _TARGET_KEYS if k in options), "")
        if options.get("type") in _THROWAWAY and target:
            targets.append(target.strip("\"'"))
    return targets
