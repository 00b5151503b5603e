# An ONBUILD base image for Go services, and the runtime it is meant to pair with.
FROM golang:1.23-bookworm AS onbuild
WORKDIR /go/src/app
ONBUILD COPY go.mod go.sum ./
ONBUILD RUN go mod download
ONBUILD COPY . .
ONBUILD RUN apt-get update && apt-get install -y --no-install-recommends upx
ONBUILD RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app
RUN go install github.com/go-delve/delve/cmd/dlv@v1.23.1
RUN go install golang.org/x/tools/gopls@latest

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=onbuild /go/bin/dlv /usr/local/bin/dlv
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/dlv"]
