using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Actuation;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Rewards;

namespace AdPilot.Runtime.Evidence.Shadow;

/// <summary>
/// Expected Shopify revenue of one ad set-hour at a given hourly spend, from a fitted spend-response curve; null when
/// the ad set has no curve.
/// </summary>
/// <param name="adSet">The ad set.</param>
/// <param name="hourlySpend">The hour's spend.</param>
/// <param name="hourOfDay">The store-local hour of day, 0 to 23.</param>
/// <returns>The expected revenue, or null.</returns>
public delegate double? ExpectedRevenue(AdSetRef adSet, double hourlySpend, int hourOfDay);

/// <summary>Builds a <see cref="ShadowReport"/> from the action log and the rewards of a range (pure: no I/O).</summary>
/// <remarks>
/// <para>
/// Agreement is by direction per ad set and store-local day (<see cref="ShadowComparison"/>): up, down or hold, where a
/// day without a human change counts as people holding the budget.
/// </para>
/// <para>
/// Value: each hour the policy decided and the reward is known is valued twice. People's side is what happened: the
/// hour's Shopify-attributed profit. The policy's side is what happened plus the modelled difference of running the
/// budget it asked for that hour instead: the hour's spend scaled by the budget ratio (platforms pace spend to the daily
/// budget), the revenue difference taken from the ad set's spend-response curve at the two spends, and cost of goods
/// from the store's gross margin. Each proposal is one step from the budget that really ran (the policy proposed from
/// the real state), so the estimate is of the next hour's choice, not of a whole alternative budget path.
/// </para>
/// </remarks>
public static class ShadowReportBuilder
{
    private const int BootstrapResamples = 2_000;

    /// <summary>Builds the report.</summary>
    /// <param name="store">The shop's domain.</param>
    /// <param name="from">The first UTC hour.</param>
    /// <param name="to">The end hour (exclusive).</param>
    /// <param name="currency">The store currency.</param>
    /// <param name="zone">The store's time zone.</param>
    /// <param name="grossMargin">The store's gross margin in (0, 1].</param>
    /// <param name="entries">The action log entries of the range.</param>
    /// <param name="rewards">The rewards of the range.</param>
    /// <param name="revenue">The fitted curves; null when none could be fitted.</param>
    /// <param name="valueNote">What the curves rest on, or why there are none.</param>
    /// <returns>The report.</returns>
    public static ShadowReport Build(
        string store,
        DateTimeOffset from,
        DateTimeOffset to,
        string currency,
        TimeZoneInfo zone,
        decimal grossMargin,
        IReadOnlyList<ActionLogEntry> entries,
        IReadOnlyList<RewardRecord> rewards,
        ExpectedRevenue? revenue,
        string valueNote)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(zone);
        var days = ShadowComparison.Compare(entries, zone);
        var policyEntries = entries.Where(IsPolicy).ToList();
        var humanChanges = entries.Count(e => string.Equals(e.Decision.PolicyName, ActionPolicies.Human, StringComparison.Ordinal));

        var valued = revenue is null
            ? new Dictionary<(AdSetRef, DateOnly), DayValue>()
            : Value(policyEntries, rewards, zone, (double)grossMargin, revenue);
        var rows = days.Select(d => valued.TryGetValue((d.AdSet, d.Day), out var v)
            ? new ShadowDayRow(d, Round(v.People), Round(v.Policy))
            : new ShadowDayRow(d, null, null)).ToList();

        ShadowValue? value = null;
        if (valued.Count > 0)
        {
            var all = valued.Values.ToList();
            var people = all.Sum(v => v.People);
            var policy = all.Sum(v => v.Policy);
            value = new ShadowValue(
                all.Sum(v => v.Hours),
                Round(people),
                Round(policy),
                Round(all.Sum(v => v.PeopleSpend)),
                Round(all.Sum(v => v.PolicySpend)),
                Round(policy - people),
                Interval(all.Select(v => v.Policy - v.People).ToArray()),
                valued.Keys.Select(k => k.Item1).Distinct().Count());
        }

        var differences = rows.Where(r => r.Differs)
            .OrderByDescending(r => r.Difference is { } d ? Math.Abs(d) : -1m)
            .ThenByDescending(r => r.Comparison.Day)
            .ThenBy(r => r.AdSet.ToString(), StringComparer.Ordinal)
            .ToList();
        var note = value is null && revenue is not null ? valueNote + "; no hour had both a policy decision and a computed reward" : valueNote;
        return new ShadowReport(store, from, to, currency, zone.Id, policyEntries.Count, humanChanges, Agree(days), value, note, differences, rows);
    }

    /// <summary>Whether an entry is one of the policy's own decisions (not a human change or a kill-switch restore).</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>True for the policy's decisions.</returns>
    public static bool IsPolicy(ActionLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var name = entry.Decision.PolicyName;
        return !string.Equals(name, ActionPolicies.Human, StringComparison.Ordinal) && !string.Equals(name, ActionPolicies.KillSwitch, StringComparison.Ordinal)
            && !string.Equals(name, ActionPolicies.CreativeRotation, StringComparison.Ordinal);
    }

    private static ShadowAgreement Agree(IReadOnlyList<ShadowDay> days)
    {
        int count = 0, agreed = 0, acted = 0, agreedActed = 0, policyOnly = 0, peopleOnly = 0, opposite = 0;
        foreach (var day in days)
        {
            if (day.Decisions == 0 || day.PolicyDirection is not { } p)
            {
                continue;
            }

            count++;
            var h = day.HumanDirection ?? 0;
            agreed += p == h ? 1 : 0;
            if (day.HumanChanges > 0 && day.HumanDirection is not null)
            {
                acted++;
                agreedActed += p == h ? 1 : 0;
            }

            policyOnly += p != 0 && h == 0 ? 1 : 0;
            peopleOnly += p == 0 && h != 0 ? 1 : 0;
            opposite += p != 0 && h == -p ? 1 : 0;
        }

        return new ShadowAgreement(count, agreed, acted, agreedActed, policyOnly, peopleOnly, opposite);
    }

    private static Dictionary<(AdSetRef, DateOnly), DayValue> Value(
        List<ActionLogEntry> policyEntries, IReadOnlyList<RewardRecord> rewards, TimeZoneInfo zone, double margin, ExpectedRevenue revenue)
    {
        var byHour = new Dictionary<(AdSetRef, DateTimeOffset), RewardRecord>();
        foreach (var reward in rewards)
        {
            byHour[(reward.AdSet, reward.Hour)] = reward;
        }

        // The last decision of each ad set-hour (a retried cycle logs under the same key, so there is normally one).
        var decisions = new Dictionary<(AdSetRef, DateTimeOffset), ActionLogEntry>();
        foreach (var entry in policyEntries.OrderBy(e => e.Id))
        {
            decisions[(entry.Decision.AdSet, entry.Decision.Hour)] = entry;
        }

        var days = new Dictionary<(AdSetRef, DateOnly), DayValue>();
        foreach (var ((adSet, hour), entry) in decisions)
        {
            if (!byHour.TryGetValue((adSet, hour), out var reward)
                || Number(entry.Decision.StateJson, "current_budget") is not { } running || running <= 0
                || Number(entry.Decision.ProposedActionJson, "daily_budget") is not { } asked || asked < 0)
            {
                continue;
            }

            var local = TimeZoneInfo.ConvertTime(hour, zone);
            var spend = (double)reward.Spend;
            var policySpend = spend * (asked / running);
            if (revenue(adSet, spend, local.Hour) is not { } atActual || revenue(adSet, policySpend, local.Hour) is not { } atPolicy)
            {
                continue;
            }

            var people = (double)reward.Profit;
            var policy = people + (margin * (atPolicy - atActual)) - (policySpend - spend);
            var key = (adSet, DateOnly.FromDateTime(local.DateTime));
            var day = days.GetValueOrDefault(key);
            days[key] = new DayValue(day.Hours + 1, day.People + people, day.Policy + policy, day.PeopleSpend + spend, day.PolicySpend + policySpend);
        }

        return days;
    }

    /// <summary>A percentile bootstrap over the valued ad set-days of the summed difference; null with fewer than 5 days.</summary>
    private static (decimal, decimal)? Interval(double[] differences)
    {
        if (differences.Length < 5)
        {
            return null;
        }

        var rng = Rng.ForStream(0x5AAD0, 1, (ulong)differences.Length);
        var sums = new double[BootstrapResamples];
        for (var b = 0; b < sums.Length; b++)
        {
            var sum = 0.0;
            for (var i = 0; i < differences.Length; i++)
            {
                sum += differences[rng.NextInt(differences.Length)];
            }

            sums[b] = sum;
        }

        Array.Sort(sums);
        return (Round(sums[(int)(0.025 * (sums.Length - 1))]), Round(sums[(int)Math.Ceiling(0.975 * (sums.Length - 1))]));
    }

    private static decimal Round(double value) => Math.Round((decimal)value, 2, MidpointRounding.ToEven);

    private static double? Number(string? json, string name)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty(name, out var value))
            {
                return null;
            }

            return value.ValueKind switch
            {
                JsonValueKind.Number => value.GetDouble(),
                JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private readonly record struct DayValue(int Hours, double People, double Policy, double PeopleSpend, double PolicySpend);
}
