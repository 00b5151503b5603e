# An older image that still carries label-schema.org labels next to the OCI ones.
FROM ubuntu:22.04
ARG BUILD_DATE
ARG VERSION
ARG VCS_URL
LABEL org.label-schema.schema-version="1.0" \
      org.label-schema.build-date=$BUILD_DATE \
      org.label-schema.name="report-worker" \
      org.label-schema.vcs-url=$VCS_URL \
      org.label-schema.version=$VERSION
LABEL maintainer ops@example.com
LABEL org.opencontainers.image.title="report-worker" \
      org.opencontainers.image.source=$VCS_URL \
      org.opencontainers.image.version=$VERSION \
      org.opencontainers.image.licenses="GPL-3.0"
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      python3=3.10.6-1~22.04.1 \
      python3-pip=22.0.2+dfsg-1ubuntu0.4 \
 && rm -rf /var/lib/apt/lists/*
COPY worker/ /opt/worker/
RUN pip3 install --no-cache-dir /opt/worker
USER nobody
CMD ["python3", "-m", "worker"]
