# Stages referred to by name, by index and by image, and one name used twice.
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/server ./cmd/server

FROM alpine:3.20 AS certs
RUN apk add --no-cache ca-certificates

FROM build AS lint
RUN go vet ./...

FROM alpine:3.20 AS certs
RUN apk add --no-cache tzdata

FROM scratch
COPY --from=certs /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=0 /out/server /server
COPY --from=busybox:1.36-musl /bin/busybox /bin/busybox
COPY --from=builder /out/migrate /migrate
COPY --from=docs /site /srv/docs
USER 65534:65534
ENTRYPOINT ["/server"]
