using Bgp.Protocol.Iana;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Bgp.Speaker.Tests.Hosting;

using Speaker = Bgp.Speaker.Hosting.Speaker;

public sealed class SpeakerHostedServiceTests : IDisposable
{
    private const string TwoPeers = """
        {
          "localAs": 64512, "routerId": "192.0.2.1", "listen": false,
          "peers": [
            { "name": "a", "address": "192.0.2.2", "remoteAs": 65000 },
            { "name": "b", "address": "192.0.2.3", "remoteAs": 65000 }
          ]
        }
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("bgpd-host-").FullName;
    private readonly FakeSessionFactory _sessions = new();
    private readonly ListLogger<SpeakerHostedService> _log = new();

    private string ConfigPath => Path.Combine(_directory, "bgpd.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Reload_WithABadFile_LogsFileAndField_AndKeepsTheRunningConfig()
    {
        using SpeakerHostedService service = await StartAsync(TwoPeers, watch: false);
        SpeakerOptions running = service.Speaker.Options;

        await File.WriteAllTextAsync(ConfigPath, TwoPeers.Replace("\"remoteAs\": 65000 }\n  ]", "\"remoteAs\": 65000, \"holdTime\": 2 }\n  ]", StringComparison.Ordinal));
        bool applied = await service.ReloadAsync("test");

        Assert.False(applied);
        Assert.Same(running, service.Speaker.Options);
        Assert.All(_sessions.Created, session => Assert.Empty(session.Stops));
        Assert.Contains(_log.Lines, line => line.StartsWith("Error: ", StringComparison.Ordinal) &&
            line.Contains($"{ConfigPath}: peers[1].holdTime: must be 0 or between 3 and 65535 seconds, got 2", StringComparison.Ordinal));
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Reload_WithAChangedPeer_RestartsOnlyThatPeer()
    {
        using SpeakerHostedService service = await StartAsync(TwoPeers, watch: false);
        FakePeerSession a = _sessions.Created[0];

        await File.WriteAllTextAsync(ConfigPath, TwoPeers.Replace("\"192.0.2.3\"", "\"192.0.2.33\"", StringComparison.Ordinal));
        Assert.True(await service.ReloadAsync("test"));

        Assert.Same(a, service.Speaker.FindSession("a"));
        Assert.Empty(a.Stops);
        Assert.Equal(CeaseSubcode.OtherConfigurationChange, Assert.Single(_sessions.Created[1].Stops).Subcode);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task FileChange_TriggersADebouncedReload()
    {
        using SpeakerHostedService service = await StartAsync(TwoPeers, watch: true);

        await File.WriteAllTextAsync(ConfigPath, TwoPeers.Replace("\"name\": \"b\", \"address\": \"192.0.2.3\", \"remoteAs\": 65000", "\"name\": \"b\", \"address\": \"192.0.2.3\", \"remoteAs\": 65001", StringComparison.Ordinal));

        DateTime deadline = DateTime.UtcNow + Patience;
        while (service.Speaker.FindSession("b")?.Options.RemoteAs != 65001 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(65001u, service.Speaker.FindSession("b")?.Options.RemoteAs);
        Assert.Empty(_sessions.Created[0].Stops);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task RequestReload_Twice_WithinTheDebounce_ReloadsOnce()
    {
        using SpeakerHostedService service = await StartAsync(TwoPeers, watch: false);
        await File.WriteAllTextAsync(ConfigPath, TwoPeers.Replace("\"192.0.2.3\"", "\"192.0.2.33\"", StringComparison.Ordinal));

        service.RequestReload("first");
        service.RequestReload("second");

        DateTime deadline = DateTime.UtcNow + Patience;
        while (_sessions.Created.Count < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(300);
        Assert.Equal(3, _sessions.Created.Count);
        Assert.Single(_log.Lines, line => line.Contains("Reloading", StringComparison.Ordinal));
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stop_SendsCease6_2_ToEveryPeer()
    {
        using SpeakerHostedService service = await StartAsync(TwoPeers, watch: true);

        await service.StopAsync(CancellationToken.None);

        Assert.Equal(2, _sessions.Created.Count);
        Assert.All(_sessions.Created, session =>
            Assert.Equal([(CeaseSubcode.AdministrativeShutdown, "bgpd shutting down")], session.Stops));
    }

    [Fact]
    public async Task Stop_WithOnStopRestart_ClosesEverySessionWithoutANotification()
    {
        // gracefulRestart.onStop "restart": peers keep our routes stale (RFC 4724 §4.2), so no Cease.
        var json = TwoPeers.Replace("\"peers\"", $$"""
            "gracefulRestart": { "stateDirectory": "{{_directory}}", "onStop": "restart" },
            "peers"
            """, StringComparison.Ordinal);
        using SpeakerHostedService service = await StartAsync(json, watch: false);

        await service.StopAsync(CancellationToken.None);

        Assert.Equal(2, _sessions.Created.Count);
        Assert.All(_sessions.Created, session =>
        {
            Assert.Empty(session.Stops);
            Assert.True(session.Disposed);
        });
    }

    private async Task<SpeakerHostedService> StartAsync(string json, bool watch)
    {
        await File.WriteAllTextAsync(ConfigPath, json);
        var speaker = new Speaker(ConfigLoader.Load(ConfigPath), _sessions.Create, null, NullLogger<Speaker>.Instance);
        var options = new SpeakerHostOptions { ConfigPath = ConfigPath, WatchFile = watch, ReloadDebounce = TimeSpan.FromMilliseconds(100) };
        var service = new SpeakerHostedService(speaker, options, TimeProvider.System, _log);
        await service.StartAsync(CancellationToken.None);
        return service;
    }
}
