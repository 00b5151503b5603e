# A stage built on an earlier one keeps its SHELL and its ENV for ShellCheck.
FROM python:3.12-slim AS base
SHELL ["/bin/bash", "-c"]
ENV VENV=/opt/venv
RUN python -m venv $VENV

FROM base AS build
RUN [[ -d $VENV ]] && $VENV/bin/pip install --no-cache-dir flask==3.0.3
RUN echo ${VENV}/bin

FROM python:3.12-slim
COPY --from=build /opt/venv /opt/venv
RUN [[ -d /opt/venv ]] && echo ok
RUN echo $VENV
CMD ["/opt/venv/bin/python"]
