# Alpine with a virtual build-deps package removed in the same RUN.
FROM alpine:3.20

SHELL ["/bin/ash", "-eo", "pipefail", "-c"]

RUN apk add --no-cache ca-certificates=20240705-r0 tzdata

RUN apk add --no-cache --virtual .build-deps \
        gcc \
        musl-dev \
        make \
        openssl-dev=3.3.2-r0 \
    && wget -qO- https://example.com/src/tool-2.1.tar.gz | tar -xz -C /usr/src \
    && make -C /usr/src/tool-2.1 install \
    && apk del .build-deps

RUN apk update && apk add curl=8.10.1-r0 && rm -rf /var/cache/apk/*

RUN addgroup -S app && adduser -S -G app app
USER app
WORKDIR /home/app
ENTRYPOINT ["/usr/local/bin/tool"]
