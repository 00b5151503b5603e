# One Dockerfile, three targets (test, debug, release); only release is labelled.
FROM debian:12-slim AS base
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates=20230311 \
    && rm -rf /var/lib/apt/lists/*
COPY bin/ /usr/local/bin/

FROM base AS test
COPY tests/ /tests/
RUN /usr/local/bin/run-tests /tests

FROM base AS debug
RUN apt-get update && apt-get install -y --no-install-recommends gdb=13.1-3 strace=6.1-0.1 \
    && rm -rf /var/lib/apt/lists/*

FROM base AS release
LABEL maintainer="release-eng@example.com" \
      org.opencontainers.image.title="agent" \
      org.opencontainers.image.source="https://github.com/example/agent" \
      org.opencontainers.image.version="4.0.0" \
      org.opencontainers.image.licenses="LGPL-2.1-only" \
      org.opencontainers.image.created="2024-06-30T23:59:59Z" \
      org.opencontainers.image.revision="a1b2c3d"
USER 1000
ENTRYPOINT ["/usr/local/bin/agent"]
