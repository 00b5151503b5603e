"""An in-memory lock backend for the lock's pure logic and the promote tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from devenv.prod.lock import Holder, holder_of


@dataclass
class MemoryBackend:
    objects: dict[int, str] = field(default_factory=dict)
    seen: list[str] = field(default_factory=list)
    # Fault injection: called before each create, to let a rival act in the gap.
    before_create: Callable[[int], None] = lambda generation: None

    def generations(self) -> dict[int, str]:
        return dict(self.objects)

    def create(self, generation: int, data: str) -> bool:
        self.before_create(generation)
        if generation in self.objects:
            return False
        self.objects[generation] = data
        self.seen.append(data)
        return True

    def remove(self, generation: int) -> None:
        self.objects.pop(generation, None)

    @property
    def held(self) -> Holder | None:
        return holder_of(self)
