# Model server on a CUDA runtime; CI fills the labels from build arguments.
FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
ARG IMAGE_VERSION=0.0.0-dev
ARG GIT_COMMIT=unknown
ARG CREATED
LABEL maintainer="ml-platform@example.com" \
      org.opencontainers.image.title="embedder" \
      org.opencontainers.image.source="https://github.com/example/embedder" \
      org.opencontainers.image.version="${IMAGE_VERSION}" \
      org.opencontainers.image.revision="${GIT_COMMIT}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends \
        python3.11=3.11.0~rc1-1~22.04 \
        python3-pip=22.0.2+dfsg-1ubuntu0.4 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/embedder
COPY requirements.lock .
RUN --mount=type=cache,target=/root/.cache/pip python3.11 -m pip install -r requirements.lock
COPY src/ ./src/
USER 1000
EXPOSE 8000
CMD ["python3.11", "-m", "src.serve"]
