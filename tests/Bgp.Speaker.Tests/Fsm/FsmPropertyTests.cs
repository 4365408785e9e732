using Bgp.Speaker.Fsm;
using Bgp.Testing;
using CsCheck;
using Xunit;

namespace Bgp.Speaker.Tests.Fsm;

/// <summary>Properties that hold for every (state, event) pair and every configuration.</summary>
public sealed class FsmPropertyTests
{
    private static readonly SessionState[] States = Enum.GetValues<SessionState>();
    private static readonly FsmEvent[] Events = Enum.GetValues<FsmEvent>();

    /// <summary>Every combination of the boolean session attributes, 2^6.</summary>
    private static IEnumerable<FsmConfig> AllConfigs()
    {
        for (var bits = 0; bits < 64; bits++)
        {
            yield return new FsmConfig
            {
                DelayOpen = (bits & 1) != 0,
                PassiveTcpEstablishment = (bits & 2) != 0,
                SendNotificationWithoutOpen = (bits & 4) != 0,
                DampPeerOscillations = (bits & 8) != 0,
                CollisionDetectEstablishedState = (bits & 16) != 0,
                ConnectRetryTime = (bits & 32) != 0 ? TimeSpan.FromSeconds(5) : FsmConfig.DefaultConnectRetryTime,
            };
        }
    }

    private static IEnumerable<FsmInput> AllInputs(FsmEvent fsmEvent)
    {
        foreach (var delayOpenTimerRunning in new[] { false, true })
        {
            foreach (var hold in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(90) })
            {
                yield return new FsmInput(fsmEvent) { DelayOpenTimerRunning = delayOpenTimerRunning, NegotiatedHoldTime = hold };
            }
        }
    }

    private static IEnumerable<(SessionState State, FsmInput Input, FsmConfig Config, FsmTransition Result)> Everything()
    {
        foreach (var config in AllConfigs())
        {
            foreach (var state in States)
            {
                foreach (var fsmEvent in Events)
                {
                    foreach (var input in AllInputs(fsmEvent))
                    {
                        yield return (state, input, config, BgpFsm.Handle(state, input, config));
                    }
                }
            }
        }
    }

    [Fact]
    public void EveryStateAndEvent_UnderEveryConfig_ReturnsWithoutThrowing_AndADefinedState()
    {
        var count = 0;
        foreach (var (_, _, _, result) in Everything())
        {
            Assert.True(Enum.IsDefined(result.NextState));
            Assert.InRange(result.Count, 0, FsmTransition.MaxActions);
            count++;
        }

        Assert.Equal(64 * 6 * 29 * 6, count);
    }

    [Fact]
    public void GoingIdleFromAnyOtherState_AlwaysReleasesResources()
    {
        foreach (var (state, input, _, result) in Everything())
        {
            if (state != SessionState.Idle && result.NextState == SessionState.Idle)
            {
                Assert.True(result.ToArray().Any(a => a.Kind == FsmActionKind.ReleaseResources), $"{state} {input}");
            }
        }
    }

    [Fact]
    public void LeavingEstablished_AlwaysDeletesRoutes()
    {
        foreach (var (state, input, _, result) in Everything())
        {
            if (state == SessionState.Established && result.NextState != SessionState.Established)
            {
                Assert.True(result.ToArray().Any(a => a.Kind == FsmActionKind.DeleteAllRoutes), $"{input}");
            }
        }
    }

    [Fact]
    public void BeforeOpenIsSent_NoNotification_UnlessSendNotificationWithoutOpen()
    {
        foreach (var (state, input, config, result) in Everything())
        {
            if (state is SessionState.Idle or SessionState.Connect or SessionState.Active && !config.SendNotificationWithoutOpen)
            {
                Assert.DoesNotContain(result.ToArray(), a => a.Kind == FsmActionKind.SendNotification);
            }
        }
    }

    [Fact]
    public void ANotification_IsAlwaysTheFirstAction_SoItGoesOutBeforeTheConnectionDrops()
    {
        foreach (var (state, input, _, result) in Everything())
        {
            var actions = result.ToArray();
            var index = Array.FindIndex(actions, a => a.Kind == FsmActionKind.SendNotification);
            Assert.True(index <= 0, $"{state} {input}: {result}");
        }
    }

    [Fact]
    public void Established_IsOnlyReachedFromOpenConfirm_OnKeepAliveMsg()
    {
        foreach (var (state, input, _, result) in Everything())
        {
            if (state != SessionState.Established && result.NextState == SessionState.Established)
            {
                Assert.Equal(SessionState.OpenConfirm, state);
                Assert.Equal(FsmEvent.KeepAliveMsg, input.Event);
            }
        }
    }

    [Fact]
    public void Handle_AllocatesNothing()
    {
        var config = new FsmConfig { DampPeerOscillations = true };
        var update = new FsmInput(FsmEvent.UpdateMsg);
        var error = new FsmInput(FsmEvent.UpdateMsgErr);
        for (var i = 0; i < 100; i++)
        {
            BgpFsm.Handle(SessionState.Established, update, config);
            BgpFsm.Handle(SessionState.Established, error, config);
        }

        var actions = 0;
        long allocated = AllocationProbe.FewestBytes(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                actions += BgpFsm.Handle(SessionState.Established, update, config).Count;
                actions += BgpFsm.Handle(SessionState.Established, error, config).Count;
            }
        });

        Assert.Equal(0, allocated);
        Assert.Equal(AllocationProbe.Rounds * 1000 * (2 + 7), actions);
    }

    [Fact]
    public void UndefinedEventOrState_ThrowsArgumentOutOfRange()
    {
        var config = new FsmConfig();

        Assert.Throws<ArgumentOutOfRangeException>(() => BgpFsm.Handle(SessionState.Idle, (FsmEvent)0, config));
        Assert.Throws<ArgumentOutOfRangeException>(() => BgpFsm.Handle(SessionState.Idle, (FsmEvent)30, config));
        Assert.Throws<ArgumentOutOfRangeException>(() => BgpFsm.Handle((SessionState)6, FsmEvent.ManualStart, config));
    }

    [Fact]
    public void RandomEventSequences_KeepTheModelConsistent()
    {
        var genEvent = Gen.Int[1, Events.Length].Select(i => (FsmEvent)i);
        TimeSpan[] holds = [TimeSpan.Zero, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(90)];
        var genHold = Gen.Int[0, holds.Length - 1].Select(i => holds[i]);
        var genStep = Gen.Select(genEvent, genHold);
        var genConfig = Gen.Int[0, 63].Select(bits => AllConfigs().ElementAt(bits));

        Gen.Select(genConfig, genStep.Array[1, 60]).Sample((config, steps) =>
        {
            var fsm = new FsmDriver(config);
            foreach (var (fsmEvent, hold) in steps)
            {
                var before = fsm.State;
                fsm.Feed(fsmEvent, hold);

                if (fsm.State == SessionState.Idle && before != SessionState.Idle)
                {
                    // Only the ConnectRetryTimer may outlive the connection (Active, Event 18).
                    Assert.All(fsm.Timers.Keys, k => Assert.Equal("ConnectRetry", k));
                    Assert.False(fsm.HasResources);
                }

                if (fsm.State is SessionState.OpenConfirm or SessionState.Established)
                {
                    Assert.Contains("OPEN", fsm.Sent);
                }

                Assert.True(fsm.ConnectRetryCounter >= 0);
            }
        });
    }
}
