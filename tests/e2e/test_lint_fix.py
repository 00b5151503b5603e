"""`devenv lint --fix` gives the same image with fewer layers, proven on the engine (issue 3).

The base is the offline busybox image, which has no apt-get: a fake `apt-get` copied into
the image behaves like the real one where the fixes care. `update` writes the package
lists, `install` refuses to run without them, installs files named after the packages,
and asks for a confirmation (and aborts without `-y`) only when a package pulls in more.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path

from devenv.commands import lint as cmd
from devenv.lint.dockerfile import parse

FAKE_APT_GET = r"""#!/bin/sh
# A stand-in for apt-get: deterministic files, the same failure modes.
set -e
yes=no; sub=""; pkgs=""
for arg in "$@"; do
  case "$arg" in
    -y|--yes|--assume-yes|-qq) yes=yes ;;
    -*) ;;
    *) if [ -z "$sub" ]; then sub="$arg"; else pkgs="$pkgs $arg"; fi ;;
  esac
done
case "$sub" in
  update)
    mkdir -p /var/lib/apt/lists
    echo "Package: curl" > /var/lib/apt/lists/deb.debian.org_Packages ;;
  install)
    if [ ! -f /var/lib/apt/lists/deb.debian.org_Packages ]; then
      echo "E: Unable to locate package" >&2; exit 100
    fi
    for p in $pkgs; do
      name="${p%%=*}"
      if [ "${name%-full}" != "$name" ] && [ "$yes" != yes ]; then
        echo "Do you want to continue? [Y/n] Abort." >&2; exit 1
      fi
      mkdir -p "/usr/share/doc/$name"
      echo "$p" > "/usr/share/doc/$name/version"
    done ;;
  *) echo "E: unsupported: $sub" >&2; exit 100 ;;
esac
"""

BEFORE = """\
FROM {base}
COPY apt-get /usr/bin/apt-get
RUN apt-get update
# the tools the app needs
RUN apt-get install curl=7.88.1 \\
    jq=1.6
RUN mkdir -p /app/data

RUN echo hello > /app/greeting
# keep it readable
RUN chmod 0640 /app/greeting
RUN rm -rf /var/lib/apt/lists/*
CMD ["cat", "/app/greeting"]
"""

FIXED_RULES = ("DL3014", "DV101", "DL3059")


def _listing(image: str, docker: Callable[..., subprocess.CompletedProcess[str]]) -> set[tuple]:
    container = docker("create", image).stdout.strip()
    try:
        raw = subprocess.run(
            ["docker", "export", container], capture_output=True, check=True, timeout=120
        ).stdout
    finally:
        docker("rm", container)
    entries = set()
    with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
        for member in tar:
            digest = ""
            if member.isfile():
                data = tar.extractfile(member)
                digest = hashlib.sha256(data.read() if data else b"").hexdigest()
            # mtimes differ between any two builds; everything else must match
            entries.add(
                (
                    member.name,
                    member.type,
                    member.mode,
                    member.uid,
                    member.gid,
                    member.size,
                    member.linkname,
                    digest,
                )
            )
    return entries


def _layers(image: str, docker: Callable[..., subprocess.CompletedProcess[str]]) -> int:
    return len(
        json.loads(docker("image", "inspect", "-f", "{{json .RootFS.Layers}}", image).stdout)
    )


def test_fix_gives_the_same_image_with_fewer_layers(
    tmp_path: Path,
    busybox_image: str,
    docker: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    context = tmp_path / "ctx"
    context.mkdir()
    fake = context / "apt-get"
    fake.write_text(FAKE_APT_GET)
    fake.chmod(0o755)
    dockerfile = context / "Dockerfile"
    dockerfile.write_text(BEFORE.format(base=busybox_image))
    tag = f"devenv-test/lint-fix-{tmp_path.name.lower()}"

    docker("build", "-q", "-t", f"{tag}:before", str(context), timeout=300)
    assert cmd.run([dockerfile], fix=True, format="json", failure_threshold="none") == 0
    fixed = dockerfile.read_text()
    assert fixed != BEFORE.format(base=busybox_image)
    docker("build", "-q", "-t", f"{tag}:after", str(context), timeout=300)
    try:
        before, after = _listing(f"{tag}:before", docker), _listing(f"{tag}:after", docker)
        assert before == after, sorted(before ^ after)[:20]
        assert _layers(f"{tag}:after", docker) < _layers(f"{tag}:before", docker)
    finally:
        docker("rmi", f"{tag}:before", f"{tag}:after")

    # What the fix wrote: readable, comments kept, and nothing left for these rules.
    assert "apt-get update && apt-get install -y curl=7.88.1" in fixed
    assert "# keep it readable" in fixed
    assert len([i for i in parse(fixed).instructions if i.cmd == "RUN"]) < 6
    assert cmd.run([dockerfile], fix=True, format="json", failure_threshold="none") == 0
    assert dockerfile.read_text() == fixed


def test_without_the_fix_the_fake_apt_get_fails_like_the_real_one(
    tmp_path: Path,
    busybox_image: str,
    docker: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    # The stand-in must be faithful where it matters: install needs the lists, and a
    # package that pulls in more needs -y. Otherwise the image comparison proves nothing.
    (tmp_path / "apt-get").write_text(FAKE_APT_GET)
    (tmp_path / "apt-get").chmod(0o755)
    for body in ("RUN apt-get install curl=1", "RUN apt-get update && apt-get install vim-full=9"):
        (tmp_path / "Dockerfile").write_text(
            f"FROM {busybox_image}\nCOPY apt-get /usr/bin/apt-get\n{body}\n"
        )
        proc = subprocess.run(
            ["docker", "build", "-q", str(tmp_path)], capture_output=True, text=True, timeout=300
        )
        assert proc.returncode != 0, body
