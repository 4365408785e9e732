namespace Bgp.Speaker.Rib;

/// <summary>Where a path came from, as the decision process and the path rules see it.</summary>
public enum RouteSourceKind : byte
{
    /// <summary>Originated by this speaker (Calico's exported blocks): BIRD's static/kernel routes.</summary>
    Local = 0,

    /// <summary>Learned over an iBGP session (peer AS equals local AS, RFC 4271 §9.1.2.2 d).</summary>
    Internal = 1,

    /// <summary>Learned over an eBGP session.</summary>
    External = 2,
}
