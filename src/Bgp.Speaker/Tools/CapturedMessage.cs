using Bgp.Protocol;

namespace Bgp.Speaker.Tools;

/// <summary>One message of a capture file: who sent it, how to decode it, and its bytes.</summary>
public sealed record CapturedMessage(int Line, string Direction, DecodeContext Context, byte[] Bytes);
