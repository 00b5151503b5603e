# /bin/sh is dash on Debian: bash syntax in a RUN is a bug there.
FROM debian:bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates=20230311 \
    && rm -rf /var/lib/apt/lists/*
RUN if [[ -d /etc/apt ]]; then echo apt; fi
RUN echo {a,b,c} > /letters
RUN source /etc/os-release && echo "$ID"
RUN set -o pipefail && cat /etc/passwd | cut -d: -f1 > /users
RUN echo -e "a\tb" > /tab
RUN let n=1+2 && echo "$n"
RUN function greet { echo hi; } ; greet
RUN [ "$(id -u)" == 0 ] && echo root
RUN echo $((1 + 2)) ${#HOSTNAME} "${HOSTNAME:0:3}"
CMD ["sh"]
