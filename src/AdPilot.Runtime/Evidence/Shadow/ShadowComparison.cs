using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Runtime.Actuation;
using AdPilot.Storage.Actions;

namespace AdPilot.Runtime.Evidence.Shadow;

/// <summary>
/// What the policy suggested beside what people did, per ad set and store-local day: the net direction of the policy's
/// proposed budgets over the day (from the budget its first decision saw to its last proposal) and of the human changes
/// logged that day (from the budget before the first to the budget after the last).
/// </summary>
public static class ShadowComparison
{
    /// <summary>A move smaller than this share of the budget counts as holding it.</summary>
    private const decimal HoldShare = 0.005m;

    /// <summary>Compares the entries of a range; the result is ordered by day (newest first), then ad set.</summary>
    public static IReadOnlyList<ShadowDay> Compare(IEnumerable<ActionLogEntry> entries, TimeZoneInfo zone)
    {
        var days = new Dictionary<(AdSetRef, DateOnly), ShadowDay>();
        foreach (var adSet in entries.GroupBy(e => e.Decision.AdSet))
        {
            decimal? known = null;
            foreach (var entry in adSet.OrderBy(e => e.Decision.Hour).ThenBy(e => e.Id))
            {
                var decision = entry.Decision;
                if (string.Equals(decision.PolicyName, ActionPolicies.CreativeRotation, StringComparison.Ordinal))
                {
                    continue;
                }

                var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(decision.Hour, zone).DateTime);
                var key = (adSet.Key, day);
                var final = Budget(decision.FinalActionJson);
                if (string.Equals(decision.PolicyName, ActionPolicies.KillSwitch, StringComparison.Ordinal))
                {
                    known = entry.Status == ActionStatus.Applied ? final ?? known : known;
                    continue;
                }

                var row = days.GetValueOrDefault(key) ?? new ShadowDay(adSet.Key, day);
                if (string.Equals(decision.PolicyName, ActionPolicies.Human, StringComparison.Ordinal))
                {
                    days[key] = row with { HumanFrom = row.HumanFrom ?? known, HumanTo = final ?? row.HumanTo, HumanChanges = row.HumanChanges + 1 };
                    known = final ?? known;
                    continue;
                }

                var seen = CurrentBudget(decision.StateJson) ?? known;
                var proposed = Budget(decision.ProposedActionJson);
                days[key] = row with
                {
                    PolicyFrom = row.PolicyFrom ?? seen,
                    PolicyTo = proposed ?? row.PolicyTo,
                    Decisions = row.Decisions + 1,
                };
                known = entry.Status == ActionStatus.Applied && final is not null ? final : seen;
            }
        }

        return [.. days.Values.OrderByDescending(d => d.Day).ThenBy(d => d.AdSet.Platform).ThenBy(d => d.AdSet.ExternalId, StringComparer.Ordinal)];
    }

    /// <summary>The direction of a move: 1 up, −1 down, 0 held (within half a percent); null when either end is unknown.</summary>
    public static int? Direction(decimal? from, decimal? to)
    {
        if (from is not { } f || to is not { } t)
        {
            return null;
        }

        var delta = t - f;
        return Math.Abs(delta) <= Math.Abs(f) * HoldShare ? 0 : Math.Sign(delta);
    }

    private static decimal? Budget(string? json) => Number(json, "daily_budget");

    private static decimal? CurrentBudget(string? json) => Number(json, "current_budget");

    private static decimal? Number(string? json, string name)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.Number
                && value.TryGetDecimal(out var number)
                    ? Math.Round(number, 2)
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
