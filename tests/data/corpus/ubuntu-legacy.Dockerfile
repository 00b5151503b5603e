# An older-style image: unpinned apt without -y flags, pip without versions, ADD for files.
FROM ubuntu:20.04 AS base
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update
RUN apt-get install -y python3 python3-pip
RUN apt-get -qq install build-essential
RUN apt-get install --yes libssl-dev && apt-get clean
RUN pip3 install flask==2.3.3 gunicorn
ADD requirements.txt /tmp/requirements.txt
RUN pip3 install -r /tmp/requirements.txt
ADD . /opt/app

FROM base
WORKDIR /opt/app
RUN apt-get update && apt-get install -y --no-install-recommends supervisor \
    && rm -rf /var/lib/apt/lists/*
COPY supervisord.conf /etc/supervisor/conf.d/
RUN cd /opt/app && python3 setup.py install
CMD ["/usr/bin/supervisord", "-n"]
