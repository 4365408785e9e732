using System.Runtime.InteropServices;
using System.Threading.Channels;
using Bgp.Speaker.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bgp.Speaker.Hosting;

/// <summary>
/// bgpd as a long-running service: starts the <see cref="Speaker"/>, reloads the configuration on
/// SIGHUP (as Calico's confd signals BIRD) and when the file changes, and on host shutdown
/// (SIGTERM, Ctrl-C) stops every peer with Cease 6/2 before the process exits.
/// A configuration that fails to load is logged with its file and field, and the running
/// configuration stays in force.
/// </summary>
public sealed partial class SpeakerHostedService : BackgroundService
{
    private readonly Speaker _speaker;
    private readonly SpeakerHostOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<string> _reloadRequests =
        Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private PosixSignalRegistration? _sighup;
    private FileSystemWatcher? _watcher;

    public SpeakerHostedService(Speaker speaker, SpeakerHostOptions options, TimeProvider time, ILogger<SpeakerHostedService> logger)
    {
        _speaker = speaker;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public Speaker Speaker => _speaker;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _speaker.StartAsync(cancellationToken).ConfigureAwait(false);
        _sighup = RegisterSighup();
        if (_options.WatchFile)
        {
            _watcher = WatchConfigFile();
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _sighup?.Dispose();
        _watcher?.Dispose();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_speaker.Options.GracefulRestart.OnStop == StopAction.Restart)
        {
            // gracefulRestart.onStop "restart": no Cease, so peers keep our routes (RFC 4724 §4.2).
            await _speaker.StopForRestartAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _speaker.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _sighup?.Dispose();
        _watcher?.Dispose();
        base.Dispose();
    }

    /// <summary>Asks for a reload; requests arriving within the debounce interval become one reload.</summary>
    public void RequestReload(string reason) => _reloadRequests.Writer.TryWrite(reason);

    /// <summary>
    /// Loads the file and applies it now. Returns false, and keeps the running configuration, when
    /// the file is invalid or the new listen address cannot be bound.
    /// </summary>
    public async Task<bool> ReloadAsync(string reason, CancellationToken cancellationToken = default)
    {
        SpeakerOptions next;
        try
        {
            next = ConfigLoader.Load(_options.ConfigPath);
        }
        catch (ConfigException error)
        {
            LogReloadRejected(_logger, reason, error.Message);
            return false;
        }

        if (next.Equals(_speaker.Options))
        {
            LogReloadUnchanged(_logger, reason, _options.ConfigPath);
            return true;
        }

        try
        {
            LogReloading(_logger, reason, _options.ConfigPath);
            await _speaker.ApplyAsync(next, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (System.Net.Sockets.SocketException error)
        {
            LogReloadRejected(_logger, reason, error.Message);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                string reason = await _reloadRequests.Reader.ReadAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(_options.ReloadDebounce, _time, stoppingToken).ConfigureAwait(false);
                while (_reloadRequests.Reader.TryRead(out _))
                {
                    // Folded into this reload.
                }

                await ReloadAsync(reason, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private PosixSignalRegistration? RegisterSighup()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        return PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true; // SIGHUP's default action would end the process
            RequestReload("SIGHUP");
        });
    }

    /// <summary>
    /// Watches the file's directory rather than the file: editors replace the file by renaming, and a
    /// Kubernetes ConfigMap volume swaps a "..data" symlink without touching the file's own entry.
    /// </summary>
    private FileSystemWatcher WatchConfigFile()
    {
        string fullPath = Path.GetFullPath(_options.ConfigPath);
        string fileName = Path.GetFileName(fullPath);
        var watcher = new FileSystemWatcher(Path.GetDirectoryName(fullPath)!)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };

        void OnChange(object sender, FileSystemEventArgs change)
        {
            if (change.Name == fileName || change.Name?.StartsWith("..", StringComparison.Ordinal) == true)
            {
                RequestReload("file changed");
            }
        }

        watcher.Changed += OnChange;
        watcher.Created += OnChange;
        watcher.Renamed += (sender, change) => OnChange(sender, change);
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloading ({Reason}) from {Path}")]
    private static partial void LogReloading(ILogger logger, string reason, string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reload ({Reason}): {Path} is unchanged")]
    private static partial void LogReloadUnchanged(ILogger logger, string reason, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reload ({Reason}) rejected, keeping the running configuration: {Error}")]
    private static partial void LogReloadRejected(ILogger logger, string reason, string error);
}
