using System.Globalization;
using System.Net;

namespace Bgp.Soak;

/// <summary>Command line of the soak: <c>[--peers N] [--minutes M] [--hold S] [--block 127.X]</c>, or the child's <c>--role peers</c>.</summary>
internal sealed record SoakOptions
{
    public const int MaxPeers = 60000;
    public const double MaxMinutes = 60;

    public int Peers { get; init; } = 500;

    public double Minutes { get; init; } = 3;

    /// <summary>Hold time of every session; keepalives every third of it (RFC 4271 §10).</summary>
    public int HoldSeconds { get; init; } = 9;

    /// <summary>Second octet of the 127.X.0.0/16 block the soak uses; random unless given.</summary>
    public byte Block { get; init; } = (byte)(64 + Random.Shared.Next(128));

    /// <summary>Set in the child process, which runs the far side of every session.</summary>
    public bool PeersRole { get; init; }

    /// <summary>The port the measured speaker listens on (passed to the child).</summary>
    public int Port { get; init; }

    public IPAddress SpeakerAddress => new([127, Block, 0, 1]);

    /// <summary>The far side of session <paramref name="index"/>: 127.X.(1 + i / 250).(1 + i % 250).</summary>
    public IPAddress PeerAddress(int index) => new([127, Block, (byte)(1 + index / 250), (byte)(1 + index % 250)]);

    public static SoakOptions Parse(string[] args)
    {
        var options = new SoakOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--peers" => options with { Peers = Bounded(int.Parse(value, CultureInfo.InvariantCulture), 1, MaxPeers, "--peers") },
                "--minutes" => options with { Minutes = Bounded(double.Parse(value, CultureInfo.InvariantCulture), 0.1, MaxMinutes, "--minutes") },
                "--hold" => options with { HoldSeconds = Bounded(int.Parse(value, CultureInfo.InvariantCulture), 3, 65535, "--hold") },
                "--block" => options with { Block = byte.Parse(value, CultureInfo.InvariantCulture) },
                "--port" => options with { Port = int.Parse(value, CultureInfo.InvariantCulture) },
                "--role" => options with { PeersRole = value == "peers" },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
            i++;
        }

        return options;
    }

    private static T Bounded<T>(T value, T min, T max, string name)
        where T : IComparable<T> =>
        value.CompareTo(min) >= 0 && value.CompareTo(max) <= 0 ? value : throw new ArgumentException($"{name} must be within {min}..{max}");
}
