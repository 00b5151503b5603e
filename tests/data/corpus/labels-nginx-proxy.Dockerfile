# Reverse proxy with a templated config; labels in the old space-separated form too.
FROM nginx:1.27.2-bookworm AS scratch
RUN rm /etc/nginx/conf.d/default.conf

FROM scratch
LABEL maintainer edge-team@example.com
LABEL org.opencontainers.image.title="edge-proxy" \
      org.opencontainers.image.source="https://github.com/example/edge-proxy" \
      org.opencontainers.image.version="1.27.2" \
      org.opencontainers.image.licenses="BSD-2-Clause" \
      org.opencontainers.image.created="2024-10-08T14:22:31Z" \
      org.opencontainers.image.revision="77aa88b"
COPY templates/ /etc/nginx/templates/
ENV NGINX_ENVSUBST_OUTPUT_DIR=/etc/nginx/conf.d
EXPOSE 8443
HEALTHCHECK --start-period=5s CMD curl -fsk https://127.0.0.1:8443/ready || exit 1
