# syntax=docker/dockerfile:1
# Build: a static binary (pure Go SQLite, no cgo) with the time zone database inside.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/missionplanner ./cmd/missionplanner \
 && mkdir -p /out/data

# Run: nothing but the binary, CA certificates and a non-root user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/missionplanner /missionplanner
COPY --from=build --chown=65532:65532 /out/data /data
ENV PORT=8080 DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
USER 65532:65532
ENTRYPOINT ["/missionplanner"]
CMD ["serve"]
