using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Storage.Actions;

namespace AdPilot.Runtime.Actuation;

/// <summary>
/// AdPilot's own budget increases per ad set over a window, for the approval rule's cumulative check
/// (<see cref="Core.Guardrails.GuardedAdSet.RecentIncrease"/>): applied entries of a policy (not a person's change, not a
/// restore, not a "no change"), each from the budget its state recorded (<c>current_budget</c>) to its final budget.
/// </summary>
internal static class RecentIncreases
{
    public static Dictionary<AdSetRef, decimal> Sum(IEnumerable<ActionLogEntry> entries, DateTimeOffset since)
    {
        var sums = new Dictionary<AdSetRef, decimal>();
        foreach (var entry in entries)
        {
            if (entry.Status != ActionStatus.Applied || entry.CompletedAt is not { } completed || completed < since
                || !ActionWriter.IsPolicyEntry(entry) || Actuator.IsNoChange(entry)
                || ActionSettings.Parse(entry.Decision.FinalActionJson)?.DailyBudget is not { } after
                || CurrentBudget(entry.Decision.StateJson) is not { } before || after <= before)
            {
                continue;
            }

            sums[entry.Decision.AdSet] = sums.GetValueOrDefault(entry.Decision.AdSet) + (after - before);
        }

        return sums;
    }

    private static decimal? CurrentBudget(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("current_budget", out var value)
                && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var amount)
                    ? amount
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
