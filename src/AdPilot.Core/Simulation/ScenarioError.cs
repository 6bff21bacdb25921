namespace AdPilot.Core.Simulation;

/// <summary>One problem in a scenario.</summary>
/// <param name="Path">The field, as a JSON path such as <c>adSets[2].cvr</c>.</param>
/// <param name="Reason">What is wrong with it.</param>
public sealed record ScenarioError(string Path, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Reason}";
}
