namespace AdPilot.Core.Training.OffPolicy;

/// <summary>The logging policy's own value per decision: the mean logged reward, with its normal 95% interval (null values with no decisions; no interval with one).</summary>
/// <param name="Value">The mean reward per decision.</param>
/// <param name="StandardError">Its standard error.</param>
/// <param name="Lower">The lower end of the 95% interval.</param>
/// <param name="Upper">The upper end of the 95% interval.</param>
public sealed record LoggedValue(double? Value, double? StandardError, double? Lower, double? Upper)
{
    /// <summary>The mean of some rewards and its interval.</summary>
    /// <param name="rewards">The rewards.</param>
    /// <returns>The value.</returns>
    public static LoggedValue Of(ReadOnlySpan<double> rewards)
    {
        if (rewards.Length == 0)
        {
            return new LoggedValue(null, null, null, null);
        }

        var (mean, error) = OffPolicyEstimators.MeanAndError(rewards);
        return error is { } se
            ? new LoggedValue(mean, se, mean - (OffPolicyEstimators.Z95 * se), mean + (OffPolicyEstimators.Z95 * se))
            : new LoggedValue(mean, null, null, null);
    }
}
