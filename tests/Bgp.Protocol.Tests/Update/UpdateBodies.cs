using Bgp.Protocol.Nlri;

namespace Bgp.Protocol.Tests.Update;

/// <summary>Builds UPDATE bodies from hex pieces, filling in the two length fields.</summary>
internal static class UpdateBodies
{
    public static readonly DecodeContext Ibgp4 = new() { FourOctetAs = true };
    public static readonly DecodeContext Ebgp4 = new() { FourOctetAs = true, IsExternalPeer = true };
    public static readonly DecodeContext Ibgp2 = new();
    public static readonly EncodeContext Encode4 = new() { FourOctetAs = true };
    public static readonly EncodeContext Encode2 = new();

    /// <summary>ORIGIN IGP, AS_PATH [65001] (4-octet), NEXT_HOP 192.0.2.1.</summary>
    public const string BaseAttributes4 = "40010100" + "40020602010000fde9" + "400304c0000201";

    /// <summary>Same with a 2-octet AS_PATH.</summary>
    public const string BaseAttributes2 = "40010100" + "4002040201fde9" + "400304c0000201";

    /// <summary>10.0.0.0/24.</summary>
    public const string OneNlri = "180a0000";

    public static byte[] Body(string withdrawn, string attributes, string nlri)
    {
        var w = Convert.FromHexString(withdrawn);
        var a = Convert.FromHexString(attributes);
        var n = Convert.FromHexString(nlri);
        var body = new byte[4 + w.Length + a.Length + n.Length];
        body[0] = (byte)(w.Length >> 8);
        body[1] = (byte)w.Length;
        w.CopyTo(body, 2);
        body[2 + w.Length] = (byte)(a.Length >> 8);
        body[3 + w.Length] = (byte)a.Length;
        a.CopyTo(body, 4 + w.Length);
        n.CopyTo(body, 4 + w.Length + a.Length);
        return body;
    }

    public static NlriEntry V4(string prefix, uint pathId = 0) => new(IpPrefix.Parse(prefix), pathId);

    /// <summary>The body of an encoded message (header stripped).</summary>
    public static byte[] BodyOf(byte[] message) => message[Bgp.Protocol.BgpConstants.HeaderLength..];
}
