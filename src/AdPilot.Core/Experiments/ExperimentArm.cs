namespace AdPilot.Core.Experiments;

/// <summary>An arm of a targeting experiment; stored as <c>original</c> or <c>copy</c>.</summary>
public enum ExperimentArm
{
    /// <summary>The ad set as it ran, with its targeting.</summary>
    Original,

    /// <summary>The A/B copy with the proposed targeting.</summary>
    Copy,
}
