namespace Bgp.Speaker.Policy.Conditions;

/// <summary>Calico BGPFilter <c>matchOperator</c>, in the config file's words.</summary>
internal enum PrefixMatchMode : byte
{
    /// <summary><c>in</c> (Calico In, BIRD <c>net ~ [...]</c>): the route is within a range.</summary>
    In,

    /// <summary><c>not-in</c> (Calico NotIn, <c>!~</c>).</summary>
    NotIn,

    /// <summary><c>equal</c> (Calico Equal, <c>net = prefix</c>): a bare prefix means exactly that prefix.</summary>
    Equal,

    /// <summary><c>not-equal</c> (Calico NotEqual, <c>!=</c>).</summary>
    NotEqual,
}
