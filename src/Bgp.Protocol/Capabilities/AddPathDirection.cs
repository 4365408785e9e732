namespace Bgp.Protocol.Capabilities;

/// <summary>The Send/Receive field of the ADD-PATH capability (RFC 7911 §4).</summary>
[Flags]
public enum AddPathDirection : byte
{
    None = 0,
    /// <summary>The sender can receive multiple paths (value 1).</summary>
    Receive = 1,
    /// <summary>The sender can send multiple paths (value 2).</summary>
    Send = 2,
    /// <summary>Both (value 3).</summary>
    Both = Receive | Send,
}
