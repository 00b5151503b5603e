# A development container as people write them: sudo, apt, root at the end.
FROM ubuntu:22.04
MAINTAINER dev team <dev@example.com>
ARG USERNAME=vscode
ARG USER_UID=1000
RUN apt update && apt install -y sudo git curl zsh
RUN groupadd --gid $USER_UID $USERNAME \
    && useradd --uid $USER_UID --gid $USER_UID -m $USERNAME \
    && echo $USERNAME ALL=\(root\) NOPASSWD:ALL > /etc/sudoers.d/$USERNAME \
    && chmod 0440 /etc/sudoers.d/$USERNAME
USER $USERNAME
RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends python3-pip
RUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)" "" --unattended
RUN pip3 install --user black flake8 mypy
USER root
ENTRYPOINT /bin/zsh
ENTRYPOINT ["/bin/zsh", "-l"]
CMD sleep infinity
CMD ["sleep", "infinity"]
