"""A deterministic corpus of realistic Dockerfiles, for the hadolint agreement test and the
benchmark (bench/lint_vs_hadolint.py): the same seed gives the same files everywhere.

Each file is assembled from the pieces real Dockerfiles are made of (apt/apk/pip/npm/gem
installs, multistage builds, COPY/ADD, users, healthchecks, entrypoints), each piece
sometimes written well and sometimes with the mistake a rule looks for, so that every
hadolint rule devenv mirrors is exercised both ways.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

Piece = Callable[[random.Random], list[str]]

DEBIAN = ["debian:12.7-slim", "debian:bookworm", "ubuntu:22.04", "ubuntu:24.04", "debian"]
ALPINE = ["alpine:3.20", "alpine:3.19", "alpine", "alpine:latest"]
RUNTIMES = [
    "python:3.12-slim",
    "python:3.11",
    "node:20-alpine",
    "node:22",
    "golang:1.22",
    "ruby:3.3",
    "nginx:1.27",
    "nginx:latest",
    "eclipse-temurin:21-jre",
    "registry.example.com:5000/team/base:2.1",
    "ghcr.io/acme/tools@sha256:" + "ab" * 32,
]
APT_PACKAGES = ["curl", "git", "ca-certificates", "build-essential", "libpq-dev", "jq", "vim"]
APK_PACKAGES = ["curl", "git", "bash", "openssl", "tzdata", "make", "gcc"]
PIP_PACKAGES = ["flask", "requests", "gunicorn", "django", "numpy", "uvicorn"]
NPM_PACKAGES = ["express", "typescript", "pm2", "lodash", "nodemon"]
GEMS = ["bundler", "rails", "puma", "nokogiri"]


def _pick(rng: random.Random, items: list[str], k: int) -> list[str]:
    return rng.sample(items, k=min(k, len(items)))


def _cont(rng: random.Random, commands: list[str]) -> list[str]:
    """One RUN of several commands, on one line or continued over several."""
    joiner = rng.choice([" && ", " && ", "; "])
    if len(commands) == 1 or rng.random() < 0.4:
        return ["RUN " + joiner.join(commands)]
    lines = ["RUN " + commands[0] + " \\"]
    for cmd in commands[1:-1]:
        lines.append(f"    {joiner.strip()} {cmd} \\")
    lines.append(f"    {joiner.strip()} {commands[-1]}")
    return lines


def apt(rng: random.Random) -> list[str]:
    pkgs = [
        f"{p}={rng.choice(['7.88.1-10', '1:2.39.2-1.1', '20230311'])}" if rng.random() < 0.5 else p
        for p in _pick(rng, APT_PACKAGES, rng.randint(1, 4))
    ]
    tool = "apt" if rng.random() < 0.1 else "apt-get"
    flags = []
    if rng.random() < 0.75:
        flags.append(rng.choice(["-y", "-y", "--yes", "-qq", "-yq"]))
    if rng.random() < 0.6:
        flags.append("--no-install-recommends")
    install = " ".join([tool, "install", *flags, *pkgs])
    commands = [f"{tool} update", install]
    if rng.random() < 0.55:
        commands.append("rm -rf /var/lib/apt/lists/*")
    if rng.random() < 0.15:  # update alone in its own RUN
        return [f"RUN {tool} update", *_cont(rng, commands[1:])]
    return _cont(rng, commands)


def apk(rng: random.Random) -> list[str]:
    pkgs = [
        f"{p}={rng.choice(['8.9.1-r0', '2.45.2-r0', '3.3.1-r3'])}" if rng.random() < 0.5 else p
        for p in _pick(rng, APK_PACKAGES, rng.randint(1, 3))
    ]
    cache = "--no-cache " if rng.random() < 0.6 else ""
    commands = [f"apk add {cache}{' '.join(pkgs)}"]
    if not cache and rng.random() < 0.3:
        commands.insert(0, "apk update")
    return _cont(rng, commands)


def pip(rng: random.Random) -> list[str]:
    pkgs = [
        f"{p}=={rng.choice(['2.3.3', '1.0.1', '22.0.0'])}" if rng.random() < 0.5 else p
        for p in _pick(rng, PIP_PACKAGES, rng.randint(1, 3))
    ]
    nocache = "--no-cache-dir " if rng.random() < 0.5 else ""
    if rng.random() < 0.3:
        return [f"RUN pip install {nocache}-r requirements.txt"]
    return [f"RUN pip install {nocache}{' '.join(pkgs)}"]


def npm(rng: random.Random) -> list[str]:
    if rng.random() < 0.3:
        return ["RUN npm ci --omit=dev"]
    pkgs = [
        f"{p}@{rng.choice(['4.19.2', '5.4.5', '^3.0.0'])}" if rng.random() < 0.5 else p
        for p in _pick(rng, NPM_PACKAGES, rng.randint(1, 2))
    ]
    glob = "-g " if rng.random() < 0.5 else ""
    lines = [f"RUN npm install {glob}{' '.join(pkgs)}"]
    if rng.random() < 0.3:
        lines = _cont(
            rng,
            ["yarn install --frozen-lockfile"]
            + (["yarn cache clean"] if rng.random() < 0.5 else []),
        )
    return lines


def gem(rng: random.Random) -> list[str]:
    g = rng.choice(GEMS)
    version = f":{rng.choice(['2.5.6', '7.1.3'])}" if rng.random() < 0.5 else ""
    return [f"RUN gem install {g}{version}"]


def fetch(rng: random.Random) -> list[str]:
    url = "https://example.com/releases/tool-1.2.3.tar.gz"
    choice = rng.random()
    if choice < 0.3:
        return [f"RUN wget {url} -O /tmp/tool.tgz && tar -xzf /tmp/tool.tgz -C /opt"]
    if choice < 0.5:
        return [f"RUN wget --progress=dot:giga {url} && curl -fsSL {url} -o /tmp/b"]
    if choice < 0.75:
        pipefail = rng.random() < 0.5
        lines = ['SHELL ["/bin/bash", "-o", "pipefail", "-c"]'] if pipefail else []
        return [*lines, f"RUN curl -fsSL {url} | tar -xz -C /opt"]
    return [f"ADD {url} /tmp/tool.tgz"]


def workdir(rng: random.Random) -> list[str]:
    return [f"WORKDIR {rng.choice(['/app', '/srv/app', 'app', '/usr/src/app', 'src'])}"]


def copy(rng: random.Random) -> list[str]:
    choice = rng.random()
    if choice < 0.4:
        return [
            f"COPY {rng.choice(['.', 'src/', 'package.json'])} {rng.choice(['/app/', '.', 'app/'])}"
        ]
    if choice < 0.6:
        return [f"ADD {rng.choice(['app.py', 'config/', 'vendor.tar.gz'])} /app/"]
    if choice < 0.8:
        return [f"COPY --chown=1000:1000 {rng.choice(['.', 'bin/'])} /app/"]
    return ["COPY requirements.txt ./"]


def shell_habits(rng: random.Random) -> list[str]:
    choice = rng.random()
    if choice < 0.25:
        return ["RUN cd /app && make build"]
    if choice < 0.4:
        return ["RUN sudo chown -R app /app"]
    if choice < 0.6:
        return ["RUN mkdir -p /var/log/app", "RUN chmod 755 /var/log/app"]
    if choice < 0.75:
        return ["RUN set -eux; groupadd -r app; useradd -r -g app app"]
    if choice < 0.85:
        return ["RUN echo 'done' > /build-info && ls -la /app | grep -v total"]
    return ["RUN (cd /tmp && ./configure && make && make install)"]


def metadata(rng: random.Random) -> list[str]:
    choice = rng.random()
    if choice < 0.2:
        return ["MAINTAINER Jane Doe <jane@example.com>"]
    if choice < 0.6:
        return ['LABEL org.opencontainers.image.source="https://example.com/repo"']
    return [f"ENV APP_ENV={rng.choice(['production', 'dev'])} PORT={rng.choice(['8080', '3000'])}"]


def finale(rng: random.Random) -> list[str]:
    lines: list[str] = []
    if rng.random() < 0.5:
        lines.append(f"EXPOSE {rng.choice(['8080', '80/tcp', '3000', '443'])}")
    if rng.random() < 0.4:
        lines.append("HEALTHCHECK --interval=30s CMD wget -q -O /dev/null http://127.0.0.1:8080/")
    user = rng.random()
    if user < 0.5:
        lines.append(f"USER {rng.choice(['app', '1000', 'nobody', 'node'])}")
    elif user < 0.65:
        lines.append("USER root")
    if rng.random() < 0.3:
        lines.append('ENTRYPOINT ["/docker-entrypoint.sh"]')
        if rng.random() < 0.2:
            lines.append("ENTRYPOINT /docker-entrypoint.sh")
    cmd = rng.random()
    if cmd < 0.6:
        lines.append(f'CMD ["{rng.choice(["python", "node", "./server"])}", "app"]')
    else:
        lines.append("CMD python app.py --port 8080")
    if rng.random() < 0.1:
        lines.append('CMD ["sh"]')
    return lines


def rpm(rng: random.Random) -> list[str]:
    """yum, dnf/microdnf: -y or not, pinned or not, the cache cleaned after, before or never."""
    tool = rng.choice(["yum", "yum", "dnf", "dnf", "microdnf"])
    if rng.random() < 0.15:
        stream = rng.choice(["nodejs:20", "nodejs", "php:8.2"])
        return [f"RUN {tool} module install -y {stream} && {tool} clean all"]
    if tool == "dnf" and rng.random() < 0.15:
        return [f"RUN dnf upgrade -y{rng.choice(['', ' && dnf clean all'])}"]
    pkgs = [
        rng.choice([f"{p}-{v}", f"{p}-{v}", p])
        for p, v in rng.sample(
            [("httpd", "2.4.6"), ("git", "2.43.0"), ("python3-pip", "21.3.1"), ("jq", "1.6")], k=2
        )
    ]
    if rng.random() < 0.2:
        pkgs.append("epel-release")
    yes = rng.choice(["-y ", "-y ", "--assumeyes ", ""])
    install = f"{tool} {rng.choice(['install', 'install', '-q install'])} {yes}{' '.join(pkgs)}"
    clean = rng.choice(
        [f"{tool} clean all", f"{tool} clean all", "rm -rf /var/cache/yum", f"{tool} makecache"]
    )
    where = rng.random()
    if where < 0.55:
        return _cont(rng, [install, clean])
    if where < 0.7:
        return _cont(rng, [clean, install])
    return [f"RUN {install}"]


def zypper(rng: random.Random) -> list[str]:
    if rng.random() < 0.25:
        return [f"RUN zypper {rng.choice(['-n dup', '-n dist-upgrade', '-n refresh'])}"]
    pkgs = [rng.choice([f"{p}=1.{i}", p, f"'{p}>=1'"]) for i, p in enumerate(["curl", "git"])]
    yes = rng.choice(["-n ", "--non-interactive ", "", ""])
    confirm = rng.choice(["-y ", "--no-confirm ", ""])
    sub = rng.choice(["install", "in", "rm", "in"])
    install = f"zypper {yes}{sub} {confirm}{' '.join(pkgs)}"
    commands = [install, "zypper clean -a"] if rng.random() < 0.5 else [install]
    if rng.random() < 0.15:
        commands.reverse()
    return _cont(rng, commands)


def _archive(rng: random.Random) -> list[str]:
    ext = rng.choice(["tar.gz", "tgz", "tar.xz", "zip"])
    extract = rng.choice([f"tar -xzf /tmp/vendor.{ext} -C /opt", f"tar -tf /tmp/vendor.{ext}"])
    return [f"COPY vendor.{ext} /tmp/", f"RUN {extract}"]


def oddities(rng: random.Random) -> list[str]:
    """Instructions the rarer hadolint rules look at, each sometimes written well."""
    choices: list[list[str]] = [
        [f"EXPOSE {rng.choice(['80800', '8000-8010', '70000/udp', '65535', '3000 99999'])}"],
        ["HEALTHCHECK CMD true", "HEALTHCHECK --interval=5s CMD true"],
        [f"COPY app.py util.py {rng.choice(['/app', '/app/', './'])}"],
        ['COPY ["a.txt", "b.txt", "/data"]'],
        [f"ONBUILD {rng.choice(['FROM debian:12', 'MAINTAINER x', 'RUN echo hi', 'COPY . /src'])}"],
        [rng.choice(["ENV APP_HOME=/srv BIN=$APP_HOME/bin", "ENV PATH=/opt/bin:$PATH"])],
        ["ENV DATA_ROOT=/data", "ENV DATA_LOGS=${DATA_ROOT}/logs CACHE=${DATA_ROOT}/cache"],
        [f"RUN useradd {rng.choice(['-u 123456', '-l -u 123456', '-u 1000', '-r'])} svc"],
        [f"RUN {rng.choice(['service nginx start', 'ps aux', 'ifconfig', 'top -bn1', 'free -m'])}"],
        _archive(rng),
        _archive(rng),
        [f"LABEL {rng.choice(['Maintainer=ops', 'com.docker.x=1', 'app.tier=web', 'a_b=1'])}"],
        [rng.choice(["ARG NPM_TOKEN", "ARG BUILD_DATE", "ENV DB_PASSWORD_FILE=/run/secrets/db"])],
        [f"RUN ln -sf {rng.choice(['/bin/bash /bin/sh', '/usr/bin/python3 /usr/bin/python'])}"],
    ]
    return rng.choice(choices)


#: Pieces for the rules added later (issue 15), drawn from a stream of their own so that
#: the files the pieces above make stay as they were.
EXTRA: list[Piece] = [rpm, rpm, zypper, oddities, oddities, oddities]

BODY: list[Piece] = [
    apt,
    apt,
    apk,
    pip,
    npm,
    gem,
    fetch,
    workdir,
    copy,
    copy,
    shell_habits,
    shell_habits,
    metadata,
]


def dockerfile(seed: int) -> str:
    rng = random.Random(seed)
    extra = random.Random(seed + 7)
    lines: list[str] = []
    if rng.random() < 0.15:
        lines += ["# syntax=docker/dockerfile:1"]
    if extra.random() < 0.05:
        lines += ['LABEL org.opencontainers.image.title="early"']  # before any FROM
    stages = 1 if rng.random() < 0.55 else rng.randint(2, 3)
    names: list[str] = []
    for index in range(stages):
        base = rng.choice(DEBIAN + ALPINE + RUNTIMES)
        if index and names and rng.random() < 0.3:
            base = names[-1]  # FROM an earlier stage
        if rng.random() < 0.1:
            lines += [f"ARG BASE_TAG={base.partition(':')[2] or 'latest'}"]
            base = base.partition(":")[0].partition("@")[0] + ":${BASE_TAG}"
        name = (
            rng.choice(["build", "deps", "builder", "base", "test"]) if index < stages - 1 else ""
        )
        if name and name in names:
            name = name + str(index)
        if name and rng.random() < 0.1 and names:
            name = names[0]  # a duplicate stage name
        platform = extra.choice(
            [
                "",
                "",
                "",
                "",
                "--platform=linux/amd64 ",
                "--platform=$BUILDPLATFORM ",
                "--platform=$TARGETPLATFORM ",
            ]
        )
        lines += [f"FROM {platform}{base}" + (f" AS {name}" if name else "")]
        names.append(name or f"stage{index}")
        for piece in rng.sample(BODY, k=rng.randint(3, 7)):
            lines += piece(rng)
        for piece in extra.sample(EXTRA, k=extra.randint(0, 2)):
            lines += piece(extra)
        if index:
            src = rng.choice([names[0], names[0], "missing", str(index), names[-1]])
            lines += [f"COPY --from={src} /out /app/bin"]
            if extra.random() < 0.15:
                lines += [f"COPY --from={src} / {extra.choice(['/', '/rootfs/'])}"]
        lines += [""]
    lines += finale(rng)
    return "\n".join(lines) + "\n"


def generate(folder: Path, count: int, seed: int = 2024) -> list[Path]:
    """Write `count` Dockerfiles to `folder` (`0000.Dockerfile`...), return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"{i:04d}.Dockerfile"
        path.write_text(dockerfile(seed * 100_000 + i))
        paths.append(path)
    return paths


def handwritten() -> Iterator[Path]:
    yield from sorted((Path(__file__).parent / "data" / "corpus").glob("*.Dockerfile"))
