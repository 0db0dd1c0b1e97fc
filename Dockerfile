# hubaudit in a container: build on the official Swift image, run on a slim Debian with the two
# system libraries it links (libxml2, OpenSSL's libcrypto). The Swift runtime is linked statically.
#   docker build -t hubaudit .
#   docker run --rm -v "$PWD/examples:/snapshots:ro" -v "$PWD/out:/out" hubaudit \
#       scan /snapshots/finance-hub --json /out/report.json --markdown /out/review.md
# Not built by CI (no Docker engine on its machines): see README, "Install".
FROM swift:6.1-bookworm AS build
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libxml2-dev libssl-dev libcurl4-openssl-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib --product hubaudit \
    && install -D "$(swift build -c release --static-swift-stdlib --show-bin-path)/hubaudit" /out/hubaudit

FROM debian:bookworm-slim
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libxml2 libssl3 libcurl4 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin hubaudit
COPY --from=build /out/hubaudit /usr/local/bin/hubaudit
USER hubaudit
ENTRYPOINT ["/usr/local/bin/hubaudit"]
CMD ["--help"]
