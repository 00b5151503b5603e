# An ops image whose RUNs are small shell programs: loops, tests, substitutions.
FROM debian:12.7-slim
ARG TARGETARCH
ARG tool_version=1.4.2
ENV APP_HOME=/opt/app
RUN set -eux; \
    case "$TARGETARCH" in \
        amd64) arch=x86_64 ;; \
        arm64) arch=aarch64 ;; \
        *) echo "unsupported: $TARGETARCH"; exit 1 ;; \
    esac; \
    echo $arch > /etc/tool-arch
RUN for f in `ls /etc/profile.d`; do echo $f; done
RUN mkdir -p $APP_HOME/bin && cd $APP_HOME && echo "tool $tool_version" > VERSION
RUN if [ $tool_version == "1.4.2" ]; then echo pinned; fi
RUN files=$(find /usr/share/doc -name '*.gz'); rm -f $files
RUN echo "home is ~/app" && test -d ~root
RUN cat /etc/os-release | grep VERSION_ID
RUN read line < /etc/hostname && echo "$line"
RUN export PATH=$PATH:$APP_HOME/bin && echo "$PATH"
WORKDIR /opt/app
USER nobody
CMD ["/opt/app/bin/tool"]
