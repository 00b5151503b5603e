"""Pin every production image: a release tag, and a digest once promoted.

An image without a tag is `latest`, and `latest` is whatever was pushed last: two nodes
of the swarm can pull two different images for one service, and a redeploy can bring in
a new major version nobody tested. Give each `image` a release tag. A stack that
`devenv promote` deploys goes further: every image is pinned by digest
(`name@sha256:...`), the one content-addressed reference a registry cannot move, so
what runs is exactly what was tested. A tag that is a variable (`app:${TAG}`) is not
reported: its value is chosen when the stack is deployed.

Bad:

```yaml
services:
  cache:
    image: redis
  proxy:
    image: nginx:latest
```

Good:

```yaml
services:
  cache:
    image: redis:7.4.1
  proxy:
    image: nginx:1.27.2@sha256:2140dad235c130ac861018a4e13a6bc8aea3a35f3a40e20c1b060d51a7efd250
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import image_ref
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.subjects import Stack

ID = "DV204"
NAME = "image-not-pinned"
TARGET: Target = "prod"
SEVERITY: Severity = "warning"
SUMMARY = "Pin production images to a release tag, and by digest once promoted."
HADOLINT: str | None = None
FIXABLE = False


def check(stack: Stack) -> Iterator[Finding]:
    for name, svc in stack.services():
        image = svc.get("image")
        if not isinstance(image, str) or "$" in image.partition(":")[0]:
            continue
        message = _problem(image, promoted=stack.promoted)
        if message is not None:
            line, column = stack.at("services", name, "image")
            yield Finding(ID, SEVERITY, stack.path, line, column, f"service {name}: {message}")


def _problem(image: str, *, promoted: bool) -> str | None:
    ref = image_ref(image)
    if ref.digest:
        return None
    if promoted:
        return f"{image} is not pinned by digest in a promoted stack: use {image}@sha256:..."
    if "$" in ref.tag:
        return None
    if not ref.tag:
        return f"{image} has no tag, so it is `latest`: pin a release tag"
    if ref.tag == "latest":
        return f"{image} uses `latest`, which moves: pin a release tag"
    return None
