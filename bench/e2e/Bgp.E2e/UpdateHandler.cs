namespace Bgp.E2e;

/// <summary>Receives one UPDATE body (header stripped); the span is valid only during the call.</summary>
internal delegate void UpdateHandler(ReadOnlySpan<byte> body);
