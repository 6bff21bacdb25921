using AdPilot.Core.Guardrails;

namespace AdPilot.Runtime.Evidence;

/// <summary>How logged decisions are read into episodes (<see cref="LoggedDecisionReader"/>).</summary>
public sealed record LoggedDecisionReaderOptions
{
    /// <summary>Gets the guardrails the loop ran with: they give a candidate the ad sets' budget range and the hourly limit, as the loop gives its policy.</summary>
    /// <value>The default value is the default guardrails.</value>
    public GuardrailOptions Guardrails { get; init; } = new();

    /// <summary>
    /// Gets how many hours before the range are replayed first, unscored, so a candidate that learns from the episode
    /// (the bandit's curves, the rules' trailing ROAS) starts the range knowing what the logging policy knew.
    /// </summary>
    /// <value>The default value is 168 (a week).</value>
    public int WarmUpHours { get; init; } = 168;

    /// <summary>Checks the options.</summary>
    /// <returns>The problems, one sentence each; empty when there are none.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Guardrails is null)
        {
            errors.Add("Guardrails must be set");
        }
        else
        {
            errors.AddRange(Guardrails.Validate().Select(e => e.ToString()));
        }

        if (WarmUpHours is < 0 or > 24 * 90)
        {
            errors.Add($"WarmUpHours must be between 0 and {24 * 90}, was {WarmUpHours}");
        }

        return errors;
    }
}
