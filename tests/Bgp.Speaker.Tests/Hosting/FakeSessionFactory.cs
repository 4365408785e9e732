using Bgp.Speaker.Configuration;
using Bgp.Speaker.Hosting;

namespace Bgp.Speaker.Tests.Hosting;

/// <summary>Creates <see cref="FakePeerSession"/>s and remembers every one, in creation order.</summary>
internal sealed class FakeSessionFactory
{
    private readonly List<FakePeerSession> _created = [];

    public PeerSessionFactory Create => (peer, _) =>
    {
        var session = new FakePeerSession(peer);
        lock (_created)
        {
            _created.Add(session);
        }

        return session;
    };

    public IReadOnlyList<FakePeerSession> Created
    {
        get
        {
            lock (_created)
            {
                return [.. _created];
            }
        }
    }
}
