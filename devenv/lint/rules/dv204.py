"""Pin every image: a release tag in any stack, and a digest in production.

An image without a tag is `latest`, and `latest` is whatever was pushed last: two
developers run two different databases, two nodes of the swarm can pull two different
images for one service, and a redeploy can bring in a new major version nobody tested.
Give each `image` a release tag, in dev and in prod. A production stack goes further:
every image is pinned by digest (`name@sha256:...`), the one content-addressed
reference a registry cannot move, so what runs is exactly what was tested. A Compose
file written by hand for production is checked for digests; in devenv's own prod stack
`devenv promote` pins them, so there it is checked once promoted. A tag that is a
variable (`app:${TAG}`) is not reported: its value is chosen when the stack is deployed.

Bad (compose.yaml):

```yaml
services:
  cache:
    image: redis
  proxy:
    image: nginx:latest
```

Good (compose.yaml):

```yaml
services:
  cache:
    image: redis:7.4.1@sha256:4bd5e5ea5c4a6c0b2a6b7e1c3f6c51dca6f3f6f9c38a1e6d1f4a1b1c2d3e4f50
  proxy:
    image: nginx:1.27.2@sha256:2140dad235c130ac861018a4e13a6bc8aea3a35f3a40e20c1b060d51a7efd250
```
"""

from __future__ import annotations

from collections.abc import Iterator

from devenv.lint.dockerfile import image_ref
from devenv.lint.finding import Finding, Severity, Target
from devenv.lint.rules._compose import rendered_dev
from devenv.lint.subjects import Stack

ID = "DV204"
NAME = "image-not-pinned"
TARGET: Target = "stack"
SEVERITY: Severity = "warning"
SUMMARY = "Pin images to a release tag, and by digest in production."
HADOLINT: str | None = None
FIXABLE = False


def check(stack: Stack) -> Iterator[Finding]:
    if rendered_dev(stack):
        return  # the same images as prod, at the same devenv.yaml lines
    digest = stack.promoted or (stack.env == "prod" and not stack.rendered)
    for name, svc in stack.services():
        image = svc.get("image")
        if not isinstance(image, str) or "$" in image.partition(":")[0]:
            continue
        message = _problem(image, promoted=digest)
        if message is not None:
            line, column = stack.at("services", name, "image")
            yield Finding(ID, SEVERITY, stack.path, line, column, f"service {name}: {message}")


def _problem(image: str, *, promoted: bool) -> str | None:
    ref = image_ref(image)
    if ref.digest:
        return None
    if "$" in ref.tag:
        return None
    if promoted:
        return (
            f"{image} is not pinned by digest in a production stack: a tag can be moved, "
            f"so nodes can run different images; use {image}@sha256:..."
        )
    if not ref.tag:
        return f"{image} has no tag, so it is `latest`: pin a release tag"
    if ref.tag == "latest":
        return f"{image} uses `latest`, which moves: pin a release tag"
    return None
