using Bgp.Speaker.Configuration;

namespace Bgp.Soak;

/// <summary>
/// The child process: the far side of every session, one single-peer speaker per session (a
/// speaker keys its peers by address, so N peers need N source addresses and N speakers). It
/// runs until its standard input closes, then shuts every session down with Cease.
/// </summary>
internal static class PeerSide
{
    /// <summary>Connects in small batches so the measured speaker's accept backlog is never overrun.</summary>
    private const int StartBatch = 50;
    private static readonly TimeSpan BatchPause = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(SoakOptions options)
    {
        var speakers = new List<Speaker.Hosting.Speaker>(options.Peers);
        try
        {
            for (var i = 0; i < options.Peers; i++)
            {
                var address = options.PeerAddress(i);
                var speaker = SoakSpeakers.Create(new SpeakerOptions
                {
                    LocalAs = MeasuredSide.As,
                    RouterId = address,
                    Listen = null,
                    Peers =
                    [
                        new PeerOptions
                        {
                            Name = "measured",
                            Address = options.SpeakerAddress,
                            Port = options.Port,
                            RemoteAs = MeasuredSide.As,
                            SourceAddress = address,
                            Mode = ConnectionMode.Active,
                            HoldTime = TimeSpan.FromSeconds(options.HoldSeconds),
                            ConnectRetryTime = TimeSpan.FromSeconds(1),
                        },
                    ],
                }, SoakSpeakers.Quiet);
                speakers.Add(speaker);
                await speaker.StartAsync();
                if ((i + 1) % StartBatch == 0)
                {
                    await Task.Delay(BatchPause);
                }
            }

            // The parent closes our standard input when the soak is over (or dies).
            await Console.In.ReadToEndAsync();
            return 0;
        }
        finally
        {
            await Task.WhenAll(speakers.Select(speaker => speaker.StopAsync()));
            foreach (var speaker in speakers)
            {
                await speaker.DisposeAsync();
            }
        }
    }
}
