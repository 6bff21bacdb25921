using System.Globalization;
using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Sandbox;

namespace AdPilot.Runtime.Demo;

/// <summary>
/// Checks the world's own record of every hour's budgets, not AdPilot's log, against the guardrails: in shadow no budget
/// moves; otherwise a move stays within the hourly change limit, the ad set's budget bounds and caps, and the cool-down,
/// and no account's active budgets exceed its daily cap (or what people had set, if that was more).
/// </summary>
internal static class GuardrailAudit
{
    /// <summary>Every broken guardrail in the loop's hours, described; empty when none.</summary>
    /// <param name="world">The sandbox's world.</param>
    /// <param name="options">The guardrails the loop ran under.</param>
    /// <param name="loopStartUtc">The loop's first hour.</param>
    /// <param name="loopEndUtc">The end of its last hour.</param>
    /// <param name="stageAt">The stage of each hour.</param>
    /// <returns>The violations.</returns>
    public static IReadOnlyList<string> Check(
        SandboxWorld world, GuardrailOptions options, DateTimeOffset loopStartUtc, DateTimeOffset loopEndUtc, Func<DateTimeOffset, RolloutStage> stageAt)
    {
        var violations = new List<string>();
        var adSets = world.AdSets;

        // The hour before the loop is the reference: what people had set.
        var hours = world.HoursBetween(loopStartUtc.AddHours(-1), loopEndUtc);
        var initialTotals = hours.Where(h => h.HourStartUtc < loopStartUtc && h.Status == AdSetStatus.Active)
            .GroupBy(h => adSets[h.AdSetIndex].Ref.Platform)
            .ToDictionary(g => g.Key, g => g.Sum(h => h.DailyBudget.Amount));
        foreach (var series in hours.GroupBy(h => h.AdSetIndex))
        {
            var name = adSets[series.Key].Ref.ToString();
            var ordered = series.OrderBy(h => h.HourStartUtc).ToArray();
            DateTimeOffset? lastChange = null;
            for (var i = 1; i < ordered.Length; i++)
            {
                var before = ordered[i - 1].DailyBudget.Amount;
                var now = ordered[i].DailyBudget.Amount;
                var at = ordered[i].HourStartUtc;
                if (now == before)
                {
                    continue;
                }

                var when = at.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
                if (stageAt(at) == RolloutStage.Shadow)
                {
                    violations.Add(Text($"{name} moved {before} → {now} at {when} in shadow"));
                }

                if (Math.Abs(now - before) > (before * options.MaxHourlyChange) + 0.01m)
                {
                    violations.Add(Text($"{name} moved {before} → {now} at {when}, more than {options.MaxHourlyChange:P0} in an hour"));
                }

                // A bound people had already crossed is not the loop's doing: only a move further past it counts.
                var floor = options.MinDailyBudgetFor(adSets[series.Key].Ref.Platform);
                var ceiling = Math.Min(options.MaxDailyBudget, options.AdSetDailyCap);
                if ((now < floor && now < before) || (now > ceiling && now > before))
                {
                    violations.Add(Text($"{name} was set to {now} at {when}, outside [{floor}, {ceiling}]"));
                }

                if (lastChange is { } last && at - last < options.Cooldown)
                {
                    violations.Add(Text($"{name} changed at {last:yyyy-MM-dd HH:mm}Z and again at {when}, within the {options.Cooldown.TotalHours:0} h cool-down"));
                }

                lastChange = at;
            }
        }

        foreach (var hour in hours.Where(h => h.HourStartUtc >= loopStartUtc).GroupBy(h => (h.HourStartUtc, adSets[h.AdSetIndex].Ref.Platform)))
        {
            var total = hour.Where(h => h.Status == AdSetStatus.Active).Sum(h => h.DailyBudget.Amount);
            var cap = Math.Max(options.AccountDailyCap, initialTotals.GetValueOrDefault(hour.Key.Platform));
            if (total > cap + 0.05m)
            {
                violations.Add(Text($"{hour.Key.Platform} had {total} of active daily budgets at {hour.Key.HourStartUtc:yyyy-MM-dd HH:mm}Z, over its cap {cap}"));
            }
        }

        return violations;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
