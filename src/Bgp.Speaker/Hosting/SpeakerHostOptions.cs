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
}
