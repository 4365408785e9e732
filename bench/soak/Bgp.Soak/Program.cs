using System.Diagnostics;
using Bgp.Soak;

// The 500-session soak of issue 3: ONE measured speaker (this process) with N passive peers on
// loopback; the far side of every session runs in a child process (this program, --role peers),
// one single-peer speaker per session, each from its own 127.X.Y.Z address. The soak holds the
// sessions for the given minutes, checks every second that each session is still up and that the
// peer's keepalives keep arriving (no gap near the hold time), then prints CPU and peak RSS per session.
var options = SoakOptions.Parse(args);
if (options.PeersRole)
{
    return await PeerSide.RunAsync(options);
}

return await MeasuredSide.RunAsync(options, Environment.ProcessPath ?? throw new InvalidOperationException("no process path"),
    Environment.GetCommandLineArgs()[0]);
