from __future__ import annotations

import io
import struct
import tarfile

from devenv.dev import holders as pause


def test_elf_is_a_static_x86_64_executable() -> None:
    elf = pause.elf()
    assert elf[:4] == b"\x7fELF"
    assert elf[4] == 2  # 64-bit
    e_type, e_machine, _, e_entry, e_phoff = struct.unpack_from("<HHIQQ", elf, 16)
    assert (e_type, e_machine) == (2, 0x3E)  # ET_EXEC, x86-64
    p_type, p_flags, p_offset, p_vaddr, _, p_filesz = struct.unpack_from("<IIQQQQ", elf, e_phoff)
    assert (p_type, p_flags, p_offset) == (1, 5, 0)  # PT_LOAD, r-x, whole file
    assert p_filesz == len(elf) == 129
    # the entry point is the code after the headers: pause() in a loop
    assert elf[e_entry - p_vaddr :] == b"\xb8\x22\x00\x00\x00\x0f\x05\xeb\xf7"


def test_rootfs_holds_the_program_executable() -> None:
    with tarfile.open(fileobj=io.BytesIO(pause.rootfs())) as tar:
        (member,) = tar.getmembers()
        assert member.name == "pause"
        assert member.mode == 0o755
        extracted = tar.extractfile(member)
        assert extracted is not None
        assert extracted.read() == pause.elf()
