namespace AdPilot.Core.Guardrails;

/// <summary>One ad set while the evaluator works on it: the settings it is heading for and the reasons gathered so far.</summary>
internal sealed class AdSetWork(GuardedAdSet adSet)
{
    public GuardedAdSet AdSet { get; } = adSet;

    /// <summary>Gets or sets the settings it will have: its current ones when it has no proposal or is blocked.</summary>
    public AdSetSettings Target { get; set; } = adSet.Current;

    public List<GuardrailReason> Reasons { get; } = [];

    /// <summary>Gets or sets a value indicating whether a rule stopped every change to it.</summary>
    public bool Blocked { get; set; }
}
