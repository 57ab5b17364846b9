# Confer: one static binary with the SPA embedded.
#   docker build -t confer .      docker run -p 8080:8080 confer
# or `docker compose up` for Confer with PostgreSQL.

# 1. The SPA (frontend/dist).
# node:24 ships npm 11, which Vite 8 needs (npm 10 fails to install it).
FROM node:24-bookworm-slim AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# 2. The binary: static, since the SQLite driver is pure Go.
FROM golang:1.26-bookworm AS go
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/frontend/dist ./frontend/dist
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/confer . \
    && mkdir -p /out/data

# 3. A small image: CA certificates (SendGrid is HTTPS), time zones, and busybox's wget
#    for the health check; runs as an unprivileged user.
FROM alpine:3.22
RUN apk add --no-cache ca-certificates tzdata \
    && adduser -D -H -u 10001 confer
COPY --from=go /out/confer /confer
COPY --from=go --chown=confer:confer /out/data /data
USER confer
WORKDIR /data
ENV CONFER_ADDR=:8080 \
    CONFER_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s \
    CMD wget -q -O /dev/null http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["/confer"]
CMD ["serve"]
