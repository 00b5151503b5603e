FROM alpine:3.20
RUN apk update && apk add curl bash jq
RUN apk add --no-cache git=2.45.2-r0 openssh-client=9.7_p1-r4
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
RUN curl -fsSL https://example.com/install.sh | sh
RUN sudo adduser -D tools
USER tools
ENTRYPOINT ["/bin/bash"]
CMD ["-l"]
