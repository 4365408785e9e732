using System.Text.Json;

namespace Bgp.Speaker.Configuration;

/// <summary>
/// The top-level <c>gracefulRestart</c> section (our own restart, RFC 4724 §4.1), e.g.
/// <c>{"selectionDeferralTime": 240, "forwardingState": true, "stateDirectory": "/var/run/calico/bgpd", "onStop": "restart"}</c>.
/// </summary>
internal sealed class RestartConfigReader(ConfigSource source)
{
    /// <summary>Longer than any Restart Time a peer can hold our routes for (12 bits, RFC 4724 §3) is pointless; allow up to an hour.</summary>
    private const long MaxSelectionDeferralTime = 3600;

    private static readonly string[] Fields = ["selectionDeferralTime", "forwardingState", "stateDirectory", "onStop"];

    public SpeakerRestartOptions Read(JsonElement value, string path)
    {
        var fields = new ConfigObject(source, value, path, Fields);
        var options = new SpeakerRestartOptions();
        if (fields.TryGet("selectionDeferralTime", out JsonElement v, out string p))
        {
            options = options with { SelectionDeferralTime = source.ReadSeconds(v, p, 1, MaxSelectionDeferralTime) };
        }

        if (fields.TryGet("forwardingState", out v, out p))
        {
            options = options with { ForwardingState = source.ReadBool(v, p) };
        }

        if (fields.TryGet("stateDirectory", out v, out p))
        {
            string directory = source.ReadString(v, p);
            if (!Path.IsPathFullyQualified(directory))
            {
                throw source.Error(p, $"'{directory}' is not an absolute path; give the directory that survives restarts, e.g. /var/run/calico/bgpd");
            }

            options = options with { StateDirectory = directory };
        }

        if (fields.TryGet("onStop", out v, out p))
        {
            options = options with
            {
                OnStop = source.ReadString(v, p) switch
                {
                    "cease" => StopAction.Cease,
                    "restart" => StopAction.Restart,
                    var other => throw source.Error(p, $"must be \"cease\" or \"restart\", got '{other}'"),
                },
            };
            if (options.OnStop == StopAction.Restart && options.StateDirectory is null)
            {
                throw source.Error(p, "\"restart\" needs gracefulRestart.stateDirectory, so the next start knows it is the restart its peers wait for");
            }
        }

        return options;
    }
}
