using Bgp.Speaker.Tools;

namespace Bgp.Speaker;

/// <summary>
/// bgpd's entry point. The speaker itself (sessions, RIBs, reflection) is being built issue by
/// issue; until it runs, the main job decodes BGP captures with the project's codec.
/// </summary>
public static class Program
{
    private const string Usage = """
        usage:
          bgpd                         decode the embedded capture of a real BIRD 2 <-> GoBGP session
          bgpd decode FILE             decode a capture file (format: tests/Bgp.Protocol.Tests/Vectors/README.md)
          bgpd decode --hex HEX [FLAGS]
                                       decode one message, header included, e.g. from tcpdump -X;
                                       FLAGS as in capture files: fouroctet=1 extmsg=1 ebgp=1 addpath=ipv4,ipv6
        """;

    public static int Main(string[] args)
    {
        try
        {
            return args switch
            {
                [] => RunEmbedded(),
                ["decode", "--hex", .. var rest] when rest.Length > 0 =>
                    DecodeCommand.Run(Console.Out, [CaptureFile.ParseLine(string.Join(' ', rest[1..].Append(rest[0])), "--hex", 1)]),
                ["decode", var path] => DecodeCommand.Run(Console.Out, DecodeCommand.LoadFile(path)),
                ["--help" or "-h" or "help"] => PrintUsage(Console.Out, 0),
                _ => PrintUsage(Console.Error, 2),
            };
        }
        catch (Exception error) when (error is FormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"bgpd: {error.Message}");
            return 2;
        }
    }

    private static int RunEmbedded()
    {
        Console.WriteLine("bgpd: the BGP speaker is under construction (see README); its codec is complete.");
        Console.WriteLine($"Decoding {DecodeCommand.EmbeddedCaptureName}, a real BIRD 2 <-> GoBGP eBGP session captured on loopback:");
        Console.WriteLine();
        return DecodeCommand.Run(Console.Out, DecodeCommand.LoadEmbedded());
    }

    private static int PrintUsage(TextWriter writer, int exitCode)
    {
        writer.WriteLine(Usage);
        return exitCode;
    }
}
