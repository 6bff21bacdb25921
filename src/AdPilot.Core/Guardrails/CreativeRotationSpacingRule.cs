using System.Globalization;

namespace AdPilot.Core.Guardrails;

/// <summary>
/// At most one creative rotation per ad set every <c>minHours</c> hours (<c>Creatives:RotationMinHours</c>, 24 by default:
/// once a day; early pilots set it higher). It counts elapsed hours, so unlike <see cref="CreativeRotationRule"/> a rotation
/// at 23:30 does not allow another at 00:30.
/// </summary>
public static class CreativeRotationSpacingRule
{
    /// <summary>Checks a proposed rotation against the ad set's past ones.</summary>
    /// <param name="minHours">The fewest hours between two rotations of one ad set.</param>
    /// <param name="rotations">When its earlier rotations were applied (any order).</param>
    /// <param name="now">The instant of the proposal.</param>
    /// <returns>The reason it is refused, or null when it may go ahead.</returns>
    public static GuardrailReason? Check(int minHours, IReadOnlyList<DateTimeOffset> rotations, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rotations);
        if (rotations.Count == 0)
        {
            return null;
        }

        var last = rotations.Max();
        var elapsed = now - last;
        if (elapsed >= TimeSpan.FromHours(minHours))
        {
            return null;
        }

        return new GuardrailReason(
            GuardrailReasonCodes.CreativeRotationMinHours,
            string.Create(
                CultureInfo.InvariantCulture,
                $"the ad set's creatives were last rotated at {last.ToUniversalTime():yyyy-MM-dd HH:mm}Z, {elapsed.TotalHours:0.#} h ago; at most one rotation every {minHours} h (Creatives:RotationMinHours)"));
    }
}
