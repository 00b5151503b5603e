# A Rust command-line tool shipped on debian-slim; the revision label is a branch name.
FROM rust:1.82-bookworm AS builder
WORKDIR /usr/src/logship
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/src/logship/target \
    cargo build --release && cp target/release/logship /usr/local/bin/logship

FROM debian:12-slim
LABEL org.opencontainers.image.title="logship" \
      org.opencontainers.image.source="https://github.com/example/logship" \
      org.opencontainers.image.revision="release/2.0" \
      org.opencontainers.image.licenses="MIT OR Apache-2.0" \
      org.opencontainers.image.version="2.0.0" \
      org.opencontainers.image.created="2024-08-12T00:00:00Z" \
      maintainer="logship maintainers <logship@example.com>"
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates=20230311 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=builder /usr/local/bin/logship /usr/local/bin/logship
USER 65534
ENTRYPOINT ["logship"]
