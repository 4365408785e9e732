using System.IO.Pipelines;
using System.Net;

namespace Bgp.Speaker.Transport;

/// <summary>
/// One established TCP connection as the session sees it: a duplex pipe and its endpoints.
/// Sockets in production, an in-memory pipe pair in tests. Disposing closes the connection.
/// </summary>
public sealed class BgpTransportConnection(IDuplexPipe pipe, IPEndPoint local, IPEndPoint remote, IAsyncDisposable? owner = null)
    : IAsyncDisposable
{
    public IDuplexPipe Pipe { get; } = pipe;

    public IPEndPoint Local { get; } = local;

    public IPEndPoint Remote { get; } = remote;

    public async ValueTask DisposeAsync()
    {
        await Pipe.Input.CompleteAsync().ConfigureAwait(false);
        await Pipe.Output.CompleteAsync().ConfigureAwait(false);
        if (owner is not null)
        {
            await owner.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override string ToString() => $"{Local} -> {Remote}";
}
