# hadolint pragmas for ShellCheck: per instruction and global.
# hadolint global ignore=SC2164
FROM alpine:3.20
# hadolint ignore=SC2086
RUN echo $HOME $PATH
RUN echo $HOME
RUN cd /tmp && touch x
# hadolint ignore=DL3018,SC2046
RUN apk add --no-cache $(echo curl)
RUN apk add --no-cache curl=8.9.1-r1 && echo `date`
# shellcheck can be told too, inside the script:
RUN # shellcheck disable=SC2086
RUN echo $PWD
USER nobody
