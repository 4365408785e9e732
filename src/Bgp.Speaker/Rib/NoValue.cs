namespace Bgp.Speaker.Rib;

/// <summary>The value type of a <see cref="DestinationMap{TValue}"/> that stores only destinations (no value array is allocated).</summary>
internal readonly struct NoValue;
