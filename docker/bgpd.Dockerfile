# Builds bgpd (src/Bgp.Speaker) as it ships: one native AOT executable (scripts/publish-bgpd.sh),
# on a runtime-deps image: no .NET runtime, no JIT (see bench/RESULTS.md for its memory and speed).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN bash scripts/publish-bgpd.sh /out

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
WORKDIR /app
COPY --from=build /out/bgpd .
ENTRYPOINT ["/app/bgpd"]
