using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bgp.Speaker.Hosting;

/// <summary>
/// Keeps the <see cref="RestartMarker"/> current: <c>running</c> from start, <c>stopped</c> after a
/// clean stop, <c>restarting</c> after a stop for a graceful restart (<c>gracefulRestart.onStop</c>). Registered before the speaker's service, so it stops after the peers got their Cease.
/// </summary>
internal sealed partial class RestartMarkerService(RestartMarker marker, Speaker speaker, ILogger<RestartMarkerService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogMarker(logger, marker.Path, marker.Reason, marker.IsRestart);
        marker.MarkRunning();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (speaker.Options.GracefulRestart.OnStop == Configuration.StopAction.Restart)
        {
            marker.MarkRestarting();
        }
        else
        {
            marker.MarkStopped();
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restart marker {Path}: {Reason}; graceful restart (restarting role): {Restarting}")]
    private static partial void LogMarker(ILogger logger, string path, string reason, bool restarting);
}
