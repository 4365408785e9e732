using System.Net.Sockets;
using Bgp.Protocol.Capture;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Hosting;
using Bgp.Speaker.Tools;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bgp.Speaker;

/// <summary>
/// bgpd's entry point. With no arguments it runs the demo lab (a route reflector and Calico nodes
/// in one process, <see cref="Demo.DemoCommand"/>); <c>run</c> is the daemon.
/// </summary>
public static class Program
{
    private static readonly string Usage = $$"""
        usage:
        {{Demo.DemoCommand.Usage}}
          bgpd decode --embedded       decode the embedded capture of a real BIRD 2 <-> GoBGP session
          bgpd decode FILE             decode a capture file (format: tests/Bgp.Protocol.Tests/Vectors/README.md)
          bgpd decode --hex HEX [FLAGS]
                                       decode one message, header included, e.g. from tcpdump -X;
                                       FLAGS as in capture files: fouroctet=1 extmsg=1 ebgp=1 addpath=ipv4,ipv6
          bgpd run --config FILE [--log-format simple|json] [--log-level LEVEL] [--metrics none|otlp|console] [--graceful-restart]
                                       run the speaker (docs/CONFIG.md); SIGHUP or a file change reloads,
                                       SIGTERM stops every peer with Cease 6/2; LEVEL: trace debug information warning error;
                                       otlp metrics go where OTEL_EXPORTER_OTLP_ENDPOINT says;
                                       --graceful-restart (-R): this start is a restart (RFC 4724: R bit, selection deferred)
          bgpd check-config FILE       validate a configuration file: exit 0 and a summary, or exit 2 and the error
        """;

    /// <summary>Exit code for a usage or configuration error.</summary>
    private const int UsageError = 2;

    /// <summary>Exit code when the daemon could not start (e.g. the listen port is in use).</summary>
    private const int StartFailed = 1;

    public static int Main(string[] args)
    {
        try
        {
            return args switch
            {
                [] => Demo.DemoCommand.Run(args),
                ["demo", .. var demo] => Demo.DemoCommand.Run(demo),
                [var first, ..] when Demo.DemoOptions.IsDemoOption(first) => Demo.DemoCommand.Run(args),
                ["decode", "--embedded"] => RunEmbedded(),
                ["decode", "--hex", .. var rest] when rest.Length > 0 =>
                    DecodeCommand.Run(Console.Out, [CaptureFile.ParseLine(string.Join(' ', rest[1..].Append(rest[0])), "--hex", 1)]),
                ["decode", var path] => DecodeCommand.Run(Console.Out, DecodeCommand.LoadFile(path)),
                ["check-config", var path] => CheckConfig(path),
                ["run", .. var options] => RunDaemon(options),
                ["--help" or "-h" or "help"] => PrintUsage(Console.Out, 0),
                _ => PrintUsage(Console.Error, 2),
            };
        }
        catch (Exception error) when (error is FormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"bgpd: {error.Message}");
            return 2;
        }
    }

    private static int RunEmbedded()
    {
        Console.WriteLine($"Decoding {DecodeCommand.EmbeddedCaptureName}, a real BIRD 2 <-> GoBGP eBGP session captured on loopback:");
        Console.WriteLine();
        return DecodeCommand.Run(Console.Out, DecodeCommand.LoadEmbedded());
    }

    private static int CheckConfig(string path)
    {
        try
        {
            Console.Out.Write(ConfigSummary.Describe(ConfigLoader.Load(path), path));
            return 0;
        }
        catch (ConfigException error)
        {
            Console.Error.WriteLine(error.Message);
            return UsageError;
        }
    }

    private static int RunDaemon(string[] options)
    {
        string? configPath = null;
        bool jsonLogs = false;
        LogLevel level = LogLevel.Information;
        MetricsExporter metrics = MetricsExporter.None;
        bool gracefulRestart = false;
        for (int i = 0; i < options.Length; i++)
        {
            switch (options[i])
            {
                case "--graceful-restart" or "-R":
                    gracefulRestart = true;
                    break;
                case "--config" when i + 1 < options.Length:
                    configPath = options[++i];
                    break;
                case "--log-format" when i + 1 < options.Length && options[i + 1] is "simple" or "json":
                    jsonLogs = options[++i] == "json";
                    break;
                case "--metrics" when i + 1 < options.Length && Enum.TryParse(options[i + 1], ignoreCase: true, out MetricsExporter exporter):
                    metrics = exporter;
                    i++;
                    break;
                case "--log-level" when i + 1 < options.Length && Enum.TryParse(options[i + 1], ignoreCase: true, out LogLevel parsed):
                    level = parsed;
                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"bgpd run: unexpected '{options[i]}'");
                    return PrintUsage(Console.Error, UsageError);
            }
        }

        if (configPath is null)
        {
            Console.Error.WriteLine("bgpd run: --config FILE is required");
            return PrintUsage(Console.Error, UsageError);
        }

        SpeakerOptions config;
        try
        {
            config = ConfigLoader.Load(configPath);
        }
        catch (ConfigException error)
        {
            Console.Error.WriteLine(error.Message);
            return UsageError;
        }

        try
        {
            using IHost host = DaemonHost.Build(config, new SpeakerHostOptions { ConfigPath = configPath, Metrics = metrics, GracefulRestart = gracefulRestart }, jsonLogs, level);
            host.Run();
            return 0;
        }
        catch (SocketException error)
        {
            Console.Error.WriteLine($"bgpd: cannot start: {error.Message}");
            return StartFailed;
        }
    }

    private static int PrintUsage(TextWriter writer, int exitCode)
    {
        writer.WriteLine(Usage);
        return exitCode;
    }
}
