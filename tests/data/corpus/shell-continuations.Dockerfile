# Long RUNs with comments between continued lines and tabs for indentation.
FROM debian:12.7-slim
RUN apt-get update \
	# the toolchain
	&& apt-get install -y --no-install-recommends gcc=4:12.2.0-3 make=4.3-4.1 \
	# and a check
	&& gcc --version | head -n1 \
	&& rm -rf /var/lib/apt/lists/*
RUN set -e; \
    \
    for dir in /usr/local/bin /usr/local/sbin; do \
        test -d $dir || mkdir -p $dir; \
    done; \
    \
    echo done
RUN VERSION=1.2.3 \
    && echo "building $VERSION" \
    && url=https://example.com/v$VERSION.tgz \
    && echo $url
RUN echo one; \
    echo two \
    ; echo `uname -m`
CMD ["bash"]
