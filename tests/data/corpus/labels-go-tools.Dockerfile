# Developer tooling built from go install; some tools are pinned, some are not.
FROM golang:1.23-alpine AS tools
RUN go install golang.org/x/tools/gopls@v0.16.2 \
 && go install github.com/go-delve/delve/cmd/dlv@latest \
 && go install honnef.co/go/tools/cmd/staticcheck@2024.1.1
RUN go install github.com/golangci/golangci-lint/cmd/golangci-lint

FROM golang:1.23-alpine AS context
RUN apk add --no-cache git=2.45.2-r0

FROM golang:1.23-alpine
LABEL maintainer="devex@example.com" \
      org.opencontainers.image.title="go-devtools" \
      org.opencontainers.image.source="https://github.com/example/devtools" \
      org.opencontainers.image.version="0.9.3" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.created="2024-10-15T09:00:00Z" \
      org.opencontainers.image.revision="c0ffee1"
COPY --from=tools /go/bin/ /usr/local/bin/
COPY --from=context /usr/bin/git /usr/bin/git
USER 1000
