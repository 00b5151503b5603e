# A Flask API with the OCI labels a platform team asks for, stamped by CI.
FROM python:3.12-slim AS base
ARG BUILD_DATE
ARG VCS_REF
LABEL maintainer="platform@example.com" \
      org.opencontainers.image.title="orders-api" \
      org.opencontainers.image.source="https://github.com/example/orders-api" \
      org.opencontainers.image.created=$BUILD_DATE \
      org.opencontainers.image.revision=$VCS_REF \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="2.4.1"
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends \
        ca-certificates=20230311 \
        curl=7.88.1-10+deb12u8 \
        tini=0.19.0-1; \
    rm -rf /var/lib/apt/lists/*
WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN useradd --system --uid 10001 app
USER 10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["tini", "--"]
CMD ["gunicorn", "-b", "0.0.0.0:8080", "orders.wsgi:app"]
