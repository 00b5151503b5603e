"""What a deploy target promises (`Target`), and how it says a deploy did not take
(`DeployFailed`): the seam between promote and the swarm or Compose target behind it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from devenv.prod.lock import LockBackend
from devenv.prod.releases import Release, ReleaseStore


class DeployFailed(Exception):
    """Deploy or convergence failed; `detail` says which task and why, with its logs."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


Say = Callable[[str], None]


class Target(Protocol):
    kind: str
    stack: str

    def check(self) -> str:
        """The target gate: reachable and of the right kind; a one-line description."""
        ...

    def nodes(self) -> int | None:
        """How many nodes the target has (None: not a swarm); rules such as DV212 need it."""
        ...

    def store(self) -> ReleaseStore: ...

    def lock_backend(self) -> LockBackend: ...

    def deploy(self, text: str, images: Mapping[str, str], timeout: float, say: Say) -> None:
        """Deploy the Compose file `text` and wait until `images` run; DeployFailed if not."""
        ...

    def redeploy(self, release: Release, timeout: float, say: Say) -> None: ...

    def running(self) -> dict[str, Any]: ...
