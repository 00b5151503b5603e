# A team base image: its own labels, and ONBUILD labels for the images built on it.
FROM python:3.11-slim-bookworm
LABEL maintainer="python-platform@example.com" \
      org.opencontainers.image.title="python-base" \
      org.opencontainers.image.source="https://github.com/example/base-images" \
      org.opencontainers.image.version="3.11.10" \
      org.opencontainers.image.licenses="BSD-3-Clause" \
      org.opencontainers.image.created="2024-10-01T12:00:00Z" \
      org.opencontainers.image.revision="deadbee"
RUN python -m pip install --no-cache-dir --root-user-action ignore pip-tools==7.4.1
WORKDIR /app
ONBUILD ARG APP_VERSION
ONBUILD LABEL org.opencontainers.image.version=$APP_VERSION
ONBUILD COPY requirements.txt .
ONBUILD RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
ONBUILD COPY . .
USER 1000
