using Bgp.Protocol.Iana;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Fsm;
using Bgp.Speaker.Sessions;
using Bgp.Speaker.Transport;

namespace Bgp.Speaker.Tests.Hosting;

/// <summary>An <see cref="IPeerSession"/> that records what the host did to it and keeps offered connections.</summary>
internal sealed class FakePeerSession(PeerOptions options) : IPeerSession, IReconfigurableSession
{
    private readonly TaskCompletionSource<BgpTransportConnection> _firstConnection = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PeerOptions Options { get; private set; } = options;

    /// <summary>Options taken by <see cref="UpdateOptions"/>, in order.</summary>
    public List<PeerOptions> OptionUpdates { get; } = [];

    public int StartCount { get; private set; }

    public List<(CeaseSubcode Subcode, string? Message)> Stops { get; } = [];

    public bool Disposed { get; private set; }

    /// <summary>What <see cref="AcceptIncomingAsync"/> answers.</summary>
    public bool AcceptConnections { get; set; } = true;

    public Task<BgpTransportConnection> FirstConnection => _firstConnection.Task;

    public void Start() => StartCount++;

    public ValueTask StopAsync(CeaseSubcode subcode, string? message, CancellationToken cancellationToken = default)
    {
        lock (Stops)
        {
            Stops.Add((subcode, message));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> AcceptIncomingAsync(BgpTransportConnection connection)
    {
        if (!AcceptConnections)
        {
            return ValueTask.FromResult(false);
        }

        _firstConnection.TrySetResult(connection);
        return ValueTask.FromResult(true);
    }

    public PeerStatus GetStatus() => new()
    {
        Name = Options.Name,
        Address = Options.Address,
        RemoteAs = Options.RemoteAs,
        State = StartCount > 0 && Stops.Count == 0 ? SessionState.Active : SessionState.Idle,
    };

    public void UpdateOptions(PeerOptions options)
    {
        OptionUpdates.Add(options);
        Options = options;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
