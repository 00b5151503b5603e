# syntax=docker/dockerfile:1
# Heredocs for multi-line scripts and inline files (blank lines after each body).
FROM ubuntu:24.04

RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl
rm -rf /var/lib/apt/lists/*
EOF

COPY <<EOF /etc/app/config.ini
[server]
port = 8080
EOF

RUN <<EOF
useradd --create-home app
cd /home/app
mkdir -p data logs
EOF

RUN <<EOF
apt-get update
apt-get install -y --no-install-recommends jq
EOF

WORKDIR /home/app
USER app
CMD ["bash", "-lc", "exec app --config /etc/app/config.ini"]
