using Bgp.Speaker.Configuration;
using Bgp.Speaker.Hosting;
using Bgp.Speaker.Tests.Sessions;
using Xunit;

namespace Bgp.Speaker.Tests.Hosting;

/// <summary>How bgpd recognises, without a flag, that it starts after a crash (RFC 4724 §4.1 restarting role).</summary>
public sealed class RestartMarkerTests : IDisposable
{
    private static readonly TimeSpan RestartTime = TimeSpan.FromSeconds(120);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"bgpd-state-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void FirstStart_IsNotARestart()
    {
        var time = SessionTestKit.NewTime();

        using var marker = RestartMarker.Read(_directory, time, RestartTime);

        Assert.False(marker.IsRestart);
    }

    [Fact]
    public void PreviousInstanceDiedWhileRunning_IsARestart()
    {
        var time = SessionTestKit.NewTime();
        var previous = RestartMarker.Read(_directory, time, RestartTime);
        previous.MarkRunning();
        previous.Dispose(); // killed: no MarkStopped

        time.Advance(TimeSpan.FromSeconds(30));
        using var next = RestartMarker.Read(_directory, time, RestartTime);

        Assert.True(next.IsRestart, next.Reason);
    }

    [Fact]
    public void PreviousInstanceStoppedForAGracefulRestart_IsARestart_WithinTheRestartTime_ButNotAfter()
    {
        var time = SessionTestKit.NewTime();
        using (var previous = RestartMarker.Read(_directory, time, RestartTime))
        {
            previous.MarkRunning();
            previous.MarkRestarting();
        }

        time.Advance(TimeSpan.FromSeconds(5));
        using (var soon = RestartMarker.Read(_directory, time, RestartTime))
        {
            Assert.True(soon.IsRestart, soon.Reason);
            Assert.Contains("stopped for a graceful restart", soon.Reason, StringComparison.Ordinal);
        }

        time.Advance(RestartTime + RestartMarker.HeartbeatInterval);
        using var late = RestartMarker.Read(_directory, time, RestartTime);
        Assert.False(late.IsRestart, late.Reason);
    }

    [Fact]
    public void PreviousInstanceStoppedCleanly_IsNotARestart()
    {
        var time = SessionTestKit.NewTime();
        using (var previous = RestartMarker.Read(_directory, time, RestartTime))
        {
            previous.MarkRunning();
            previous.MarkStopped();
        }

        using var next = RestartMarker.Read(_directory, time, RestartTime);

        Assert.False(next.IsRestart, next.Reason);
        Assert.Contains("stopped", next.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PreviousInstanceDiedLongerAgoThanTheRestartTime_IsNotARestart()
    {
        var time = SessionTestKit.NewTime();
        var previous = RestartMarker.Read(_directory, time, RestartTime);
        previous.MarkRunning();
        previous.Dispose();

        time.Advance(RestartTime + RestartMarker.HeartbeatInterval + TimeSpan.FromSeconds(1));
        using var next = RestartMarker.Read(_directory, time, RestartTime);

        Assert.False(next.IsRestart, next.Reason);
    }

    [Fact]
    public void HeartbeatKeepsALongRunningInstanceRecent()
    {
        var time = SessionTestKit.NewTime();
        var previous = RestartMarker.Read(_directory, time, RestartTime);
        previous.MarkRunning();
        for (var i = 0; i < 60; i++)
        {
            time.Advance(RestartMarker.HeartbeatInterval); // ten minutes of heartbeats
        }

        previous.Dispose();
        using var next = RestartMarker.Read(_directory, time, RestartTime);

        Assert.True(next.IsRestart, next.Reason);
    }

    [Fact]
    public void Config_GracefulRestartSection_IsRead_AndARelativeStateDirectoryIsRefused()
    {
        var options = ConfigLoader.Parse("""
            { "localAs": 64512, "routerId": "192.0.2.1",
              "gracefulRestart": { "selectionDeferralTime": 90, "forwardingState": false, "stateDirectory": "/var/run/calico/bgpd" } }
            """, "bgpd.json");
        Assert.Equal(TimeSpan.FromSeconds(90), options.GracefulRestart.SelectionDeferralTime);
        Assert.False(options.GracefulRestart.ForwardingState);
        Assert.Equal("/var/run/calico/bgpd", options.GracefulRestart.StateDirectory);
        Assert.Equal(SpeakerRestartOptions.DefaultSelectionDeferralTime,
            ConfigLoader.Parse("""{ "localAs": 64512, "routerId": "192.0.2.1" }""", "bgpd.json").GracefulRestart.SelectionDeferralTime);

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(
            """{ "localAs": 64512, "routerId": "192.0.2.1", "gracefulRestart": { "stateDirectory": "state" } }""", "bgpd.json"));
        Assert.StartsWith("bgpd.json: gracefulRestart.stateDirectory: 'state' is not an absolute path", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(
            """{ "localAs": 64512, "routerId": "192.0.2.1", "gracefulRestart": { "selectionDeferal": 1 } }""", "bgpd.json"));
        Assert.Contains("gracefulRestart.selectionDeferal: unknown field", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "stateDirectory": "/var/run/bgpd", "onStop": "restart" }""", StopAction.Restart)]
    [InlineData("""{ "onStop": "cease" }""", StopAction.Cease)]
    [InlineData("""{ }""", StopAction.Cease)]
    public void Config_OnStop_IsRead(string section, StopAction expected)
    {
        var options = ConfigLoader.Parse($$"""{ "localAs": 64512, "routerId": "192.0.2.1", "gracefulRestart": {{section}} }""", "bgpd.json");

        Assert.Equal(expected, options.GracefulRestart.OnStop);
    }

    [Theory]
    [InlineData("""{ "onStop": "restart" }""", "bgpd.json: gracefulRestart.onStop: \"restart\" needs gracefulRestart.stateDirectory")]
    [InlineData("""{ "onStop": "kill" }""", "bgpd.json: gracefulRestart.onStop: must be \"cease\" or \"restart\", got 'kill'")]
    public void Config_OnStop_Errors_NameTheFileAndField(string section, string expected)
    {
        var error = Assert.Throws<ConfigException>(() =>
            ConfigLoader.Parse($$"""{ "localAs": 64512, "routerId": "192.0.2.1", "gracefulRestart": {{section}} }""", "bgpd.json"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
