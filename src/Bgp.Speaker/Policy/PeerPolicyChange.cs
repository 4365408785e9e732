namespace Bgp.Speaker.Policy;

/// <summary>
/// A peer whose effective policy chain changed on reload. Import: ask the peer for a route refresh
/// (RFC 2918 / RFC 7313) or re-run the chain over the kept pre-policy Adj-RIB-In. Export: re-run the
/// export chain over the Loc-RIB and send the difference. Never a session reset.
/// </summary>
public readonly record struct PeerPolicyChange(string PeerName, bool ImportChanged, bool ExportChanged);
