namespace Bgp.Speaker;

/// <summary>Placeholder entry point until the speaker's host is written.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("bgpd: the speaker is not built yet; see README");
        return 0;
    }
}
