using Bgp.Speaker.Configuration;
using Bgp.Speaker.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Bgp.Speaker.Hosting;

/// <summary>Builds the <c>bgpd run</c> host: logging, the speaker with real sockets and sessions, the hosted service.</summary>
internal static class DaemonHost
{
    public static IHost Build(SpeakerOptions options, SpeakerHostOptions hostOptions, bool jsonLogs, LogLevel minimumLevel, PeerSessionFactory? sessions = null)
    {
        // No command-line configuration source: bgpd parses its own arguments.
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });

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
        builder.Services.AddSingleton(provider => new Speaker(
            options,
            provider.GetRequiredService<PeerSessionFactory>(),
            provider.GetRequiredService<BgpListenerFactory>(),
            provider.GetRequiredService<ILogger<Speaker>>()));
        builder.Services.AddHostedService<SpeakerHostedService>();
        return builder.Build();
    }
}
