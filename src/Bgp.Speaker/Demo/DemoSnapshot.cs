namespace Bgp.Speaker.Demo;

/// <summary>The whole lab at <paramref name="TakenAt"/>: the reflector's view first, then each node's.</summary>
internal sealed record DemoSnapshot(IReadOnlyList<DemoSpeakerView> Speakers, DateTimeOffset TakenAt)
{
    public DemoSpeakerView Reflector => Speakers[0];

    public DemoSpeakerView Speaker(string name) => Speakers.Single(view => view.Name == name);
}
