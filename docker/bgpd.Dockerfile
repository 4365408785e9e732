# Builds bgpd (src/Bgp.Speaker) on the .NET 10 SDK and runs it on the ASP.NET-free runtime image.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Bgp.Speaker -c Release -o /out

FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY --from=build /out .
ENTRYPOINT ["dotnet", "bgpd.dll"]
