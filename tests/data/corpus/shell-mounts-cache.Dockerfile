# syntax=docker/dockerfile:1
# RUN flags are not part of the script ShellCheck reads.
FROM golang:1.22 AS build
WORKDIR /src
ENV CGO_ENABLED=0
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=bind,source=go.mod,target=go.mod \
    go mod download -x && echo $GOPATH
RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=bind,target=. \
    go build -o /out/app ./cmd/app && ls -la /out/$APP
RUN --network=none echo $CGO_ENABLED && echo $undefined_here

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
