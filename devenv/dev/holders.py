"""The network holder's image: a 129-byte program that sleeps until a signal, made locally.

Each built dev service runs in the network namespace of a holder container (see
`devenv.render.holder_name`), like a Kubernetes pod's pause container. The image is built
on the engine from bytes written here, so the dev stack needs nothing from a registry.
The program is x86-64 machine code (`pause()` in a loop); on other engines devenv renders
the dev stack without holders, and restarts are slower there.
"""

from __future__ import annotations

import io
import struct
import tarfile

from devenv.render import PAUSE_IMAGE

_BASE = 0x400000
_CODE = (
    b"\xb8\x22\x00\x00\x00"  # mov eax, 34 (pause)
    b"\x0f\x05"  # syscall
    b"\xeb\xf7"  # jmp back to the mov
)


def elf() -> bytes:
    """A static x86-64 ELF executable: one header, one loadable segment, the code."""
    ehdr_size, phdr_size = 64, 56
    entry = _BASE + ehdr_size + phdr_size
    ident = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)  # 64-bit, little-endian, SysV
    ehdr = ident + struct.pack(
        "<HHIQQQIHHHHHH", 2, 0x3E, 1, entry, ehdr_size, 0, 0, ehdr_size, phdr_size, 1, 0, 0, 0
    )
    size = ehdr_size + phdr_size + len(_CODE)
    phdr = struct.pack("<IIQQQQQQ", 1, 5, 0, _BASE, _BASE, size, size, 0x1000)  # PT_LOAD, r-x
    return ehdr + phdr + _CODE


def rootfs() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        program = elf()
        info = tarfile.TarInfo("pause")
        info.size = len(program)
        info.mode = 0o755
        tar.addfile(info, io.BytesIO(program))
    return buf.getvalue()


def ensure_image() -> bool:
    """Make the pause image on the engine if it is missing; False where it cannot run."""
    from docker.errors import ImageNotFound

    from devenv import engine

    client = engine.client()
    try:
        client.images.get(PAUSE_IMAGE)
        return True
    except ImageNotFound:
        pass
    if client.info().get("Architecture") not in ("x86_64", "amd64"):
        return False
    repository, _, tag = PAUSE_IMAGE.partition(":")
    client.api.import_image_from_data(
        rootfs(), repository=repository, tag=tag, changes=['CMD ["/pause"]']
    )
    return True
