# Bash as the RUN shell: arrays and [[ ]] are fine here, pipes get pipefail.
FROM ubuntu:24.04
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN pkgs=(curl ca-certificates jq) \
    && apt-get update \
    && apt-get install -y --no-install-recommends "${pkgs[@]}" \
    && rm -rf /var/lib/apt/lists/*
RUN if [[ -f /etc/lsb-release ]]; then source /etc/lsb-release; echo "$DISTRIB_ID"; fi
RUN for i in {1..3}; do echo "try $i"; done
RUN curl -fsSL https://example.com/index.json | jq -r .version > /version
RUN echo $RANDOM > /seed && echo ${HOSTNAME,,}
RUN cd /tmp && tar -czf archive.tgz /etc/hosts
RUN declare -A seen; seen[a]=1; echo ${seen[a]}
USER ubuntu
CMD ["bash"]
