namespace Bgp.Protocol.Iana;

/// <summary>NOTIFICATION error codes (RFC 4271 §4.5, RFC 7313 §5, RFC 9687).</summary>
public enum NotificationCode : byte
{
    MessageHeaderError = 1,
    OpenMessageError = 2,
    UpdateMessageError = 3,
    HoldTimerExpired = 4,
    FiniteStateMachineError = 5,
    Cease = 6,
    RouteRefreshMessageError = 7,
    /// <summary>RFC 9687: we could not send for the send hold time; the peer stopped reading.</summary>
    SendHoldTimerExpired = 8,
}

/// <summary>Subcodes of <see cref="NotificationCode.MessageHeaderError"/> (RFC 4271 §4.5).</summary>
public enum MessageHeaderErrorSubcode : byte
{
    Unspecific = 0,
    ConnectionNotSynchronized = 1,
    BadMessageLength = 2,
    BadMessageType = 3,
}

/// <summary>Subcodes of <see cref="NotificationCode.OpenMessageError"/> (RFC 4271 §4.5, RFC 5492 §5).</summary>
public enum OpenMessageErrorSubcode : byte
{
    Unspecific = 0,
    UnsupportedVersionNumber = 1,
    BadPeerAs = 2,
    BadBgpIdentifier = 3,
    UnsupportedOptionalParameter = 4,
    // 5 (Authentication Failure) is deprecated by RFC 4271.
    UnacceptableHoldTime = 6,
    UnsupportedCapability = 7,
    RoleMismatch = 11,
}

/// <summary>Subcodes of <see cref="NotificationCode.UpdateMessageError"/> (RFC 4271 §4.5).</summary>
public enum UpdateMessageErrorSubcode : byte
{
    Unspecific = 0,
    MalformedAttributeList = 1,
    UnrecognizedWellKnownAttribute = 2,
    MissingWellKnownAttribute = 3,
    AttributeFlagsError = 4,
    AttributeLengthError = 5,
    InvalidOriginAttribute = 6,
    // 7 (AS Routing Loop) is deprecated by RFC 4271.
    InvalidNextHopAttribute = 8,
    OptionalAttributeError = 9,
    InvalidNetworkField = 10,
    MalformedAsPath = 11,
}

/// <summary>Subcodes of <see cref="NotificationCode.FiniteStateMachineError"/> (RFC 6608 §3).</summary>
public enum FsmErrorSubcode : byte
{
    Unspecified = 0,
    UnexpectedMessageInOpenSent = 1,
    UnexpectedMessageInOpenConfirm = 2,
    UnexpectedMessageInEstablished = 3,
}

/// <summary>Subcodes of <see cref="NotificationCode.Cease"/> (RFC 4486 §4, RFC 8538 §5).</summary>
public enum CeaseSubcode : byte
{
    Unspecific = 0,
    MaximumNumberOfPrefixesReached = 1,
    AdministrativeShutdown = 2,
    PeerDeconfigured = 3,
    AdministrativeReset = 4,
    ConnectionRejected = 5,
    OtherConfigurationChange = 6,
    ConnectionCollisionResolution = 7,
    OutOfResources = 8,
    HardReset = 9,
    BfdDown = 10,
}

/// <summary>Subcodes of <see cref="NotificationCode.RouteRefreshMessageError"/> (RFC 7313 §5).</summary>
public enum RouteRefreshErrorSubcode : byte
{
    Reserved = 0,
    InvalidMessageLength = 1,
}
