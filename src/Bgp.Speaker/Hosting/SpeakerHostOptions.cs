namespace Bgp.Speaker.Hosting;

/// <summary>How the daemon host finds and watches its configuration.</summary>
public sealed record SpeakerHostOptions
{
    /// <summary>Editors and config-map updates write a file in several steps; wait this long for quiet.</summary>
    public static readonly TimeSpan DefaultReloadDebounce = TimeSpan.FromMilliseconds(500);

    public required string ConfigPath { get; init; }

    public TimeSpan ReloadDebounce { get; init; } = DefaultReloadDebounce;

    /// <summary>Reload when the file changes, besides on SIGHUP.</summary>
    public bool WatchFile { get; init; } = true;

    /// <summary><c>bgpd run --graceful-restart</c>: this start is a restart (RFC 4724 §4.1), whatever the restart marker says.</summary>
    public bool GracefulRestart { get; init; }

    /// <summary>Where OpenTelemetry sends the <see cref="SpeakerMetrics"/>.</summary>
    public MetricsExporter Metrics { get; init; } = MetricsExporter.None;
}

/// <summary>The OpenTelemetry metrics exporter of <c>bgpd run --metrics</c>.</summary>
public enum MetricsExporter
{
    None,

    /// <summary>OTLP, configured by the standard <c>OTEL_EXPORTER_OTLP_*</c> environment variables.</summary>
    Otlp,

    /// <summary>Printed to the console every collection interval, for a quick look.</summary>
    Console,
}
