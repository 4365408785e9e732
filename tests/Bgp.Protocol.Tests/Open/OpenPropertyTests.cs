using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Tests.Capabilities;
using CsCheck;
using Xunit;

namespace Bgp.Protocol.Tests.Open;

public sealed class OpenPropertyTests
{
    private static readonly Gen<ushort> GenHoldTime = Gen.OneOf(Gen.Const((ushort)0), Gen.UShort[BgpConstants.MinHoldTime, ushort.MaxValue]);

    [Fact]
    public void Open_CreateEncodeDecode_IsIdentity()
    {
        Gen.Select(Gen.UInt, GenHoldTime, Gen.UInt[1, uint.MaxValue], CapabilityPropertyTests.GenCapability.Array[0, 12])
            .Sample((localAs, holdTime, bgpId, capabilities) =>
            {
                var open = OpenMessage.Create(localAs, holdTime, bgpId, [.. capabilities.Where(c => c is not FourOctetAsCapability)]);
                if (open.GetEncodedLength(default) > BgpConstants.MaxMessageLength)
                {
                    return;
                }

                var decoded = OpenMessage.Decode(OpenMessageTests.Body(open), default);

                Assert.Equal(open, decoded);
                Assert.Equal(localAs, decoded.EffectiveAs);
                Assert.Equal(localAs > ushort.MaxValue ? BgpConstants.AsTrans : localAs, decoded.MyAs);
            });
    }

    [Fact]
    public void Open_DecodeThenEncode_OfCanonicalBytes_IsIdentical()
    {
        Gen.Select(Gen.UShort, GenHoldTime, Gen.UInt[1, uint.MaxValue], CapabilityPropertyTests.GenCapability.Array[0, 12])
            .Sample((myAs, holdTime, bgpId, capabilities) =>
            {
                var body = OpenMessageTests.Body(new OpenMessage { MyAs = myAs, HoldTime = holdTime, BgpIdentifier = bgpId, Capabilities = capabilities });

                Assert.Equal(body, OpenMessageTests.Body(OpenMessage.Decode(body, default)));
            });
    }

    [Fact]
    public void Open_RandomBytes_DecodeOrThrowOnlyNotification()
    {
        // A valid fixed prefix followed by random optional parameters, and fully random bodies.
        var genBody = Gen.OneOf(
            Gen.Byte.Array[0, 600],
            Gen.Byte.Array[0, 600].Select(tail => (byte[])[4, 0xFD, 0xE9, 0, 90, 10, 0, 0, 1, .. tail]));
        genBody.Sample(body =>
        {
            try
            {
                OpenMessage.Decode(body, default);
            }
            catch (BgpNotificationException)
            {
            }
        });
    }
}
