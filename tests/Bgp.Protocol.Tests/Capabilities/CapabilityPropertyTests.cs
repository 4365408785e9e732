using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using CsCheck;
using Xunit;

namespace Bgp.Protocol.Tests.Capabilities;

public sealed class CapabilityPropertyTests
{
    internal static readonly Gen<AddressFamily> GenFamily =
        Gen.Select(Gen.UShort, Gen.Byte, (afi, safi) => new AddressFamily((Afi)afi, (Safi)safi));

    internal static readonly Gen<Capability> GenCapability = Gen.OneOf<Capability>(
        GenFamily.Select(f => (Capability)new MultiprotocolCapability(f)),
        Gen.Const<Capability>(RouteRefreshCapability.Instance),
        Gen.Const<Capability>(ExtendedMessageCapability.Instance),
        Gen.Const<Capability>(EnhancedRouteRefreshCapability.Instance),
        Gen.UInt.Select(a => (Capability)new FourOctetAsCapability(a)),
        Gen.Select(GenFamily, Gen.UShort, (f, nh) => new ExtendedNextHopEntry(f, (Afi)nh)).Array[0, 40]
            .Select(e => (Capability)new ExtendedNextHopCapability(e)),
        Gen.Select(Gen.Bool, Gen.Bool, Gen.UShort[0, GracefulRestartCapability.MaxRestartTime],
                Gen.Select(GenFamily, Gen.Bool, (f, fb) => new GracefulRestartFamily(f, fb)).Array[0, 60])
            .Select((r, n, t, fams) => (Capability)new GracefulRestartCapability(r, n, t, fams)),
        Gen.Select(GenFamily, Gen.Byte[1, 3], (f, d) => new AddPathFamily(f, (AddPathDirection)d)).Array[0, 60]
            .Select(e => (Capability)new AddPathCapability(e)),
        Gen.Select(GenFamily, Gen.Bool, Gen.UInt[0, LongLivedGracefulRestartFamily.MaxStaleTime],
                (f, fb, s) => new LongLivedGracefulRestartFamily(f, fb, s)).Array[0, 36]
            .Select(e => (Capability)new LongLivedGracefulRestartCapability(e)),
        Gen.Select(Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"].Array[0, 60].Select(c => new string(c)), Gen.Char["abcdefghijklmnopqrstuvwxyz.-"].Array[0, 60].Select(c => new string(c)),
            (h, d) => (Capability)new FqdnCapability(h, d)),
        Gen.Select(Gen.Byte[200, 254], Gen.Byte.Array[0, 255],
            (c, v) => (Capability)new UnknownCapability(c, v)));

    [Fact]
    public void Capability_EncodeThenDecode_IsIdentity()
    {
        GenCapability.Sample(capability =>
        {
            var value = new byte[capability.ValueLength];
            capability.WriteValue(value);

            var decoded = Capability.Decode(capability.Code, value);

            Assert.Equal(capability, decoded);
        });
    }

    [Fact]
    public void Capability_RandomValue_DecodesOrThrowsOnlyNotification()
    {
        Gen.Select(Gen.Byte, Gen.Byte.Array[0, 255]).Sample((code, value) =>
        {
            try
            {
                var decoded = Capability.Decode((CapabilityCode)code, value);
                Assert.Equal(code, (byte)decoded.Code);
            }
            catch (BgpNotificationException e)
            {
                Assert.Equal(NotificationCode.OpenMessageError, e.Code);
            }
        });
    }
}
