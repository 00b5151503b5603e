# Postgres with an extension compiled from source, in the style of the official image.
FROM postgres:16-bookworm
LABEL maintainer="dba@example.com"
LABEL org.opencontainers.image.title="postgres-pgvector" \
      org.opencontainers.image.source="https://github.com/example/postgres-images" \
      org.opencontainers.image.version="16.4.0" \
      org.opencontainers.image.licenses="PostgreSQL" \
      org.opencontainers.image.created="2024-09-30" \
      org.opencontainers.image.revision="4c1d2e3"
ENV PGVECTOR_VERSION=0.7.4
RUN set -eux; \
    savedAptMark="$(apt-mark showmanual)"; \
    apt-get update; \
    apt-get install -y --no-install-recommends \
        build-essential=12.9 \
        git=1:2.39.5-0+deb12u1 \
        postgresql-server-dev-16=16.4-1.pgdg120+2; \
    git clone --branch "v${PGVECTOR_VERSION}" --depth 1 https://github.com/pgvector/pgvector.git /tmp/pgvector; \
    make -C /tmp/pgvector OPTFLAGS=""; \
    make -C /tmp/pgvector install; \
    rm -rf /tmp/pgvector; \
    apt-mark auto '.*' > /dev/null; \
    apt-mark manual $savedAptMark; \
    apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \
    rm -rf /var/lib/apt/lists/*
COPY docker-entrypoint-initdb.d/ /docker-entrypoint-initdb.d/
