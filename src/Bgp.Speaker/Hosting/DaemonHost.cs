using Bgp.Speaker.Configuration;
using Bgp.Speaker.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Bgp.Speaker.Hosting;

/// <summary>Builds the <c>bgpd run</c> host: logging, the speaker with real sockets and sessions, the hosted service.</summary>
internal static class DaemonHost
{
    /// <summary>The host setting that makes the default appsettings.json sources watch the content root.</summary>
    private const string ReloadConfigOnChangeKey = "hostBuilder:reloadConfigOnChange";

    public static IHost Build(SpeakerOptions options, SpeakerHostOptions hostOptions, bool jsonLogs, LogLevel minimumLevel, PeerSessionFactory? sessions = null)
    {
        // No command-line configuration source: bgpd parses its own arguments. bgpd reads no
        // appsettings.json, so the host must not watch its content root (by default the working
        // directory, recursively: hundreds of inotify watches and their threads for nothing).
        var hostConfiguration = new ConfigurationManager();
        hostConfiguration.AddInMemoryCollection([new(ReloadConfigOnChangeKey, bool.FalseString)]);
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            Configuration = hostConfiguration,
            ContentRootPath = AppContext.BaseDirectory,
        });

        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(minimumLevel);
        if (jsonLogs)
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(simple =>
            {
                simple.SingleLine = true;
                simple.UseUtcTimestamp = true;
                simple.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }

        // Logs go to stderr like BIRD's (runit's svlogd collects them); stdout stays for commands.
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(hostOptions);
        builder.Services.AddSingleton(provider => sessions ?? PeerSessionWiring.Create(
            provider.GetRequiredService<ILoggerFactory>(), provider.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<BgpListenerFactory>(provider =>
        {
            ILogger logger = provider.GetRequiredService<ILogger<BgpListener>>();
            return (listen, findPeer) => BgpListener.Start(listen, findPeer, logger);
        });
        // RFC 4724 §4.1: restarting when told so, or when the previous instance died without its Cease.
        RestartMarker? marker = options.GracefulRestart.StateDirectory is { } stateDirectory
            ? RestartMarker.Read(stateDirectory, TimeProvider.System, LongestRestartTime(options))
            : null;
        bool restarting = hostOptions.GracefulRestart || marker?.IsRestart == true;
        builder.Services.AddSingleton(provider => new Routing.RoutingEngine(
            options,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger("Bgp.Speaker.Routing"),
            new Routing.RoutingEngineOptions { Restarting = restarting }));
        builder.Services.AddSingleton(provider => new Speaker(
            options,
            provider.GetRequiredService<PeerSessionFactory>(),
            provider.GetRequiredService<BgpListenerFactory>(),
            provider.GetRequiredService<ILogger<Speaker>>(),
            provider.GetRequiredService<Routing.RoutingEngine>()));
        if (marker is not null)
        {
            // Before the speaker's service: stopped after it, once every peer got its Cease.
            builder.Services.AddSingleton(marker);
            builder.Services.AddHostedService<RestartMarkerService>();
        }

        builder.Services.AddHostedService<SpeakerHostedService>();
        AddMetrics(builder, hostOptions.Metrics);
        return builder.Build();
    }

    /// <summary>The longest Restart Time we advertise: after it no peer holds our routes.</summary>
    private static TimeSpan LongestRestartTime(SpeakerOptions options) =>
        options.Peers.Select(peer => peer.GracefulRestart?.RestartTime ?? TimeSpan.Zero).DefaultIfEmpty(TimeSpan.Zero).Max();

    private static void AddMetrics(HostApplicationBuilder builder, MetricsExporter exporter)
    {
        builder.Services.AddSingleton(provider =>
        {
            var speaker = provider.GetRequiredService<Speaker>();
            return new SpeakerMetrics(speaker.GetStatus, () => speaker.IncomingConnections);
        });

        if (exporter == MetricsExporter.None)
        {
            return;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("bgpd"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SpeakerMetrics.MeterName);
                if (exporter == MetricsExporter.Otlp)
                {
                    metrics.AddOtlpExporter();
                }
                else
                {
                    metrics.AddConsoleExporter();
                }
            });

        // The meter exists once something asks for it; make sure the exporter has something to read.
        builder.Services.AddHostedService(provider => new MetricsActivation(provider.GetRequiredService<SpeakerMetrics>()));
    }

    /// <summary>Creates <see cref="SpeakerMetrics"/> at start-up so its instruments are registered.</summary>
    private sealed class MetricsActivation(SpeakerMetrics metrics) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(metrics);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
