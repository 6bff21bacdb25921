using System.Globalization;

namespace AdPilot.Core.Training.OffPolicy;

/// <summary>
/// A logged history cut into decisions (<see cref="DecisionUnit"/>): those the estimators can use, and the count of those
/// they cannot by reason.
/// </summary>
/// <remarks>
/// Reasons a decision is skipped, checked in this order: one of its hours was not scored (its step's
/// <see cref="LoggedStep.Skip"/>, e.g. <c>shadow</c>); <c>no_propensity</c>: an hour logged no propensity;
/// <c>zero_propensity</c>: an hour logged propensity 0; <c>reward_pending</c>: an hour's reward is not computed yet.
/// Decisions of warm-up hours are neither used nor counted. The log entries the history left out
/// (<see cref="LoggedHistory.SkippedEntries"/>, counted per entry) are added to the same counts.
/// </remarks>
public sealed class DecisionUnitSet
{
    private readonly int[][][] _layout;

    private DecisionUnitSet(LoggedHistory history, IReadOnlyList<DecisionUnit> units, IReadOnlyDictionary<string, int> skipped, int[][][] layout)
    {
        History = history;
        Units = units;
        Skipped = skipped;
        _layout = layout;
    }

    /// <summary>Gets the history the decisions come from.</summary>
    public LoggedHistory History { get; }

    /// <summary>Gets the decisions the estimators can use, by episode, ad set and hour.</summary>
    public IReadOnlyList<DecisionUnit> Units { get; }

    /// <summary>Gets the decisions (and log entries) skipped, by reason.</summary>
    public IReadOnlyDictionary<string, int> Skipped { get; }

    /// <summary>Cuts a history into decisions.</summary>
    /// <param name="history">The logged history.</param>
    /// <param name="dayStartHour">The local hour (0–23) a decision starts at: the hour the policies decide the day's move (0 by default for every agent).</param>
    /// <returns>The decisions.</returns>
    /// <exception cref="ArgumentException">An episode's hour has another number of steps than it has ad sets, or its hours are not ascending.</exception>
    public static DecisionUnitSet Build(LoggedHistory history, int dayStartHour = 0)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfNegative(dayStartHour);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dayStartHour, 23);
        var units = new List<DecisionUnit>();
        var skipped = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (reason, count) in history.SkippedEntries)
        {
            skipped[reason] = count;
        }

        var layout = new int[history.Episodes.Count][][];
        for (var e = 0; e < history.Episodes.Count; e++)
        {
            var episode = history.Episodes[e];
            var n = episode.AdSets.Count;
            var hours = episode.Hours;
            layout[e] = new int[hours.Count][];
            for (var h = 0; h < hours.Count; h++)
            {
                if (hours[h].Steps.Count != n)
                {
                    throw new ArgumentException(string.Create(
                        CultureInfo.InvariantCulture, $"episode {e}, hour {hours[h].HourUtc:O}: {hours[h].Steps.Count} steps for {n} ad sets"), nameof(history));
                }

                if (h > 0 && hours[h].HourUtc <= hours[h - 1].HourUtc)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"episode {e}: hour {hours[h].HourUtc:O} does not follow {hours[h - 1].HourUtc:O}"), nameof(history));
                }

                layout[e][h] = new int[n];
            }

            for (var i = 0; i < n; i++)
            {
                var start = 0;
                while (start < hours.Count)
                {
                    var end = start + 1;
                    while (end < hours.Count
                        && end - start < 24
                        && hours[end].HourUtc == hours[end - 1].HourUtc.AddHours(1)
                        && hours[end].Steps[i].State.HourOfDay != dayStartHour)
                    {
                        end++;
                    }

                    var index = Judge(episode, e, i, start, end, units, skipped);
                    for (var h = start; h < end; h++)
                    {
                        layout[e][h][i] = index;
                    }

                    start = end;
                }
            }
        }

        units.Sort((a, b) => (a.Episode, a.StartUtc, a.AdSetIndex).CompareTo((b.Episode, b.StartUtc, b.AdSetIndex)));
        var renumber = new Dictionary<(int, int, int), int>();
        for (var u = 0; u < units.Count; u++)
        {
            renumber[(units[u].Episode, units[u].AdSetIndex, units[u].FirstHour)] = u;
        }

        foreach (var (e, episodeLayout) in layout.Select((l, e) => (e, l)))
        {
            foreach (var hour in episodeLayout)
            {
                for (var i = 0; i < hour.Length; i++)
                {
                    hour[i] = hour[i] < 0 ? -1 : renumber[(e, i, hour[i])];
                }
            }
        }

        return new DecisionUnitSet(history, units, skipped, layout);
    }

    /// <summary>The decision an ad set's logged hour belongs to, or −1 when that decision is skipped.</summary>
    /// <param name="episode">The episode's index.</param>
    /// <param name="hour">The hour's index in the episode.</param>
    /// <param name="adSet">The ad set's position.</param>
    /// <returns>The index in <see cref="Units"/>, or −1.</returns>
    public int UnitOf(int episode, int hour, int adSet) => _layout[episode][hour][adSet];

    /// <summary>Judges one ad set's run of hours [start, end): a usable decision (returns its first hour, to be renumbered) or a skipped one (−1).</summary>
    private static int Judge(LoggedEpisode episode, int e, int i, int start, int end, List<DecisionUnit> units, SortedDictionary<string, int> skipped)
    {
        string? skip = null;
        var propensity = 1.0;
        var reward = 0.0;
        for (var h = start; h < end && skip != LoggedStep.WarmUp; h++)
        {
            var step = episode.Hours[h].Steps[i];
            if (step.Skip is { } reason)
            {
                skip = reason == LoggedStep.WarmUp || skip is null ? reason : skip;
                continue;
            }

            if (skip is not null)
            {
                continue;
            }

            if (step.Propensity is not { } p)
            {
                skip = "no_propensity";
            }
            else if (!(p > 0))
            {
                skip = "zero_propensity";
            }
            else if (step.Outcome is not { } outcome)
            {
                skip = "reward_pending";
            }
            else
            {
                propensity *= p;
                reward += outcome.Profit;
            }
        }

        if (skip is not null)
        {
            if (skip != LoggedStep.WarmUp)
            {
                skipped[skip] = skipped.GetValueOrDefault(skip) + 1;
            }

            return -1;
        }

        var first = episode.Hours[start].Steps[i];
        units.Add(new DecisionUnit(
            e, i, episode.AdSets[i].Ref, start, end - start, episode.Hours[start].HourUtc, first.State, first.Action, propensity, reward));
        return start;
    }
}
