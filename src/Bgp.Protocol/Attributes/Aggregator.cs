namespace Bgp.Protocol.Attributes;

/// <summary>
/// The AGGREGATOR value (RFC 4271 §5.1.7): the AS (always held as 4 octets, RFC 6793) and the
/// IPv4 address (big-endian integer) of the speaker that formed the aggregate.
/// </summary>
public readonly record struct Aggregator(uint As, uint Address);
