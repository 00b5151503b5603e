# Shells inside shells, su and env.
FROM debian:12.7-slim
RUN sh -c 'echo $HOME' && bash -c "echo $HOME"
RUN su nobody -s /bin/sh -c "echo $USER"
RUN env FOO=bar sh -c 'echo $FOO'
RUN exec 3>/tmp/fd && echo hi >&3
RUN eval "echo $SHELL" && echo $(( $RANDOM % 10 ))
RUN x=`echo a`; y=$(echo b); echo $x $y
RUN while read -r l; do echo "$l"; done < /etc/hosts
RUN printf '%s\n' "hello $USER" > /etc/motd
CMD ["sh"]
