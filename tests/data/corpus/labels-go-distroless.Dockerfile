# Go service: a builder stage and a distroless runtime; only the runtime is labelled.
FROM golang:1.23-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags "-s -w" -o /out/server ./cmd/server
RUN go install github.com/grpc-ecosystem/grpc-health-probe@v0.4.28

FROM gcr.io/distroless/static-debian12:nonroot
LABEL org.opencontainers.image.title="inventory" \
      org.opencontainers.image.source="https://github.com/example/inventory" \
      org.opencontainers.image.revision="9f3c2a1b7d4e5f60718293a4b5c6d7e8f9012345" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="v1.8.0" \
      org.opencontainers.image.created="2024-10-21T08:15:00Z" \
      maintainer="inventory-team@example.com"
COPY --from=build /out/server /server
COPY --from=build /go/bin/grpc-health-probe /bin/grpc-health-probe
USER nonroot:nonroot
EXPOSE 9000
HEALTHCHECK CMD ["/bin/grpc-health-probe", "-addr=:9000"]
ENTRYPOINT ["/server"]
