# Quoting mistakes as they appear in install scripts.
FROM alpine:3.20
RUN apk add --no-cache curl=8.9.1-r1 bash=5.2.26-r0
RUN echo '$HOME is not expanded' && echo "$HOME is"
RUN find / -name *.conf -maxdepth 2 > /confs
RUN wget -qO- https://example.com/install.sh | sh
RUN echo "a" 'b' "c$1" && printf "$HOME\n"
RUN ls -l | grep -v total | wc -l > /count
RUN echo "unterminated
RUN rm -rf "$DIR/"*
RUN [ -n $HOME ] && echo set
RUN trap "echo $HOME" EXIT
USER nobody
