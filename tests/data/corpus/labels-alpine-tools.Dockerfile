# A CI tools image; its maintainers keep ignore pragmas in the file.
FROM alpine:3.20
LABEL maintainer="ci@example.com" \
      org.opencontainers.image.title="ci-tools" \
      org.opencontainers.image.source="https://gitlab.example.com/ci/tools" \
      org.opencontainers.image.version="2024.11.1" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.created="2024-11-01T00:00:00Z" \
      org.opencontainers.image.revision="1234567"
# hadolint ignore=DL3018
RUN apk add --no-cache \
        bash \
        git \
        jq \
        openssh-client
# hadolint ignore=DL3013,DL3042
RUN apk add --no-cache python3=3.12.7-r0 py3-pip=24.0-r2 \
    && pip install --break-system-packages yamllint
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN wget -qO- https://get.example.com/install.sh | bash
USER 1000
