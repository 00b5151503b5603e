"""Which stages end up in an image, as hadolint decides it for DL3009 and DL3060."""

from __future__ import annotations

from devenv.lint.dockerfile import Dockerfile


def stages_in_image(df: Dockerfile) -> set[int]:
    """The final stage and every stage whose name some `FROM` names as its base.

    A stage only copied from (`COPY --from=build`) leaves its files behind, so what it
    leaves in its own layers does not matter. Like hadolint, a name counts when any FROM
    uses it, so with two stages of the same name (itself an error, DL3024) both count.
    """
    bases = {s.base_image.lower() for s in df.stages}
    kept = {s.index for s in df.stages if s.name and s.name.lower() in bases}
    return kept | {len(df.stages) - 1}
