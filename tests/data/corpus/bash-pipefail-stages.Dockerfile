# pipefail set in one stage only: the second stage starts from a fresh image.
FROM debian:bookworm-slim AS fetch
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl gnupg \
    && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key | gpg --dearmor -o /usr/share/keyrings/nodesource.gpg
RUN curl -fsSL https://get.example.com/install.sh | bash -s -- --version 1.4.2

FROM debian:bookworm-slim
COPY --from=fetch /usr/share/keyrings/nodesource.gpg /usr/share/keyrings/
RUN echo "deb [signed-by=/usr/share/keyrings/nodesource.gpg] https://deb.nodesource.com/node_20.x nodistro main" | tee /etc/apt/sources.list.d/nodesource.list
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs=20.18.0-1nodesource1 \
    && rm -rf /var/lib/apt/lists/*
RUN npm install -g pnpm@9.12.2 && npm install -g typescript
RUN ls /usr/lib/node_modules | sort | head -n 5
USER node
CMD ["node"]
