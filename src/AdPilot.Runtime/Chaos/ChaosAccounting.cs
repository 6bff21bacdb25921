using System.Globalization;
using AdPilot.Core.Guardrails;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Demo;
using AdPilot.Sandbox;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Webhooks;

namespace AdPilot.Runtime.Chaos;

/// <summary>The records a soak is counted from, each kept by a different party.</summary>
/// <param name="Sandbox">The sandbox: its world's record of every change and hour, its sender's journal of every webhook.</param>
/// <param name="Database">AdPilot's database: the actions log and the stored webhooks.</param>
/// <param name="StoreId">The store.</param>
/// <param name="Guardrails">The guardrails the loop ran under.</param>
/// <param name="LoopStartUtc">The loop's first hour.</param>
/// <param name="LoopEndUtc">The end of its last hour.</param>
/// <param name="StageAt">The rollout stage of each hour.</param>
internal sealed record ChaosRecords(
    SandboxServer Sandbox,
    StorageDatabase Database,
    long StoreId,
    GuardrailOptions Guardrails,
    DateTimeOffset LoopStartUtc,
    DateTimeOffset LoopEndUtc,
    Func<DateTimeOffset, RolloutStage> StageAt);

/// <summary>The counts of a soak, and one line per problem.</summary>
internal sealed record ChaosCounts(
    int WebhooksSent,
    int WebhooksLost,
    int ChangesApplied,
    int ChangesAppliedTwice,
    int IntendedChangesLost,
    int GuardrailViolations,
    int BudgetMismatches,
    int MisattributedChanges,
    IReadOnlyList<string> Problems);

/// <summary>
/// Counts what a soak lost, doubled or broke by holding independent records against each other: the world's record of
/// the changes it received against the actions log (applied twice, applied but never received, final budgets), the
/// actions log alone (intents left open or failed without a reason, changes it blamed on a person), the sender's journal
/// against the receiver's store (webhooks lost), and the world's hourly budgets against the guardrails.
/// </summary>
internal static class ChaosAccounting
{
    /// <summary>The most problem lines kept per kind.</summary>
    private const int MaxLinesPerKind = 10;

    public static async Task<ChaosCounts> CountAsync(ChaosRecords records, CancellationToken cancellationToken)
    {
        var world = records.Sandbox.World;
        var problems = new List<string>();
        void Problem(string kind, ref int count, FormattableString line)
        {
            count++;
            if (problems.Count(p => p.StartsWith(kind, StringComparison.Ordinal)) < MaxLinesPerKind)
            {
                problems.Add(kind + ": " + line.ToString(CultureInfo.InvariantCulture));
            }
        }

        var log = new ActionLog(records.Database, TimeProvider.System);
        var entries = await log.ListAsync(records.StoreId, records.LoopStartUtc.AddHours(-1), records.LoopEndUtc.AddHours(2), cancellationToken).ConfigureAwait(false);

        // What the actions log says about an ad set around an hour, appended to a problem so it can be traced.
        string Trail(Core.Domain.AdSetRef adSet, DateTimeOffset hour) => string.Join(" | ", entries
            .Where(e => e.Decision.AdSet == adSet && e.Decision.Hour >= hour.AddHours(-3) && e.Decision.Hour <= hour.AddHours(1))
            .Select(e => string.Create(
                CultureInfo.InvariantCulture,
                $"#{e.Id} {e.Decision.Hour:HH:mm} {e.Decision.PolicyName} {e.Status} {ActionSettings.Parse(e.Decision.FinalActionJson)?.DailyBudget} {e.PlatformResponse}{e.Error} decided {e.DecidedAt:HH:mm} done {e.CompletedAt:HH:mm}")));

        // 1. The world's record of the changes it received.
        var changes = world.Changes().Where(c => c.AtUtc >= records.LoopStartUtc).ToList();
        var applied = changes.Count(c => c.After != c.Before);
        var twice = 0;
        foreach (var series in changes.GroupBy(c => c.AdSetIndex))
        {
            var name = world.AdSets[series.Key].Ref;
            var budgetHours = new HashSet<DateTimeOffset>();
            var statusHours = new HashSet<DateTimeOffset>();
            foreach (var change in series)
            {
                var hour = HourOf(change.AtUtc);
                if (change.After == change.Before)
                {
                    Problem("applied twice", ref twice, $"{name} received a write at {change.AtUtc:u} that changed nothing (the change was already there)");
                }
                else if (change.After.DailyBudget != change.Before.DailyBudget && !budgetHours.Add(hour))
                {
                    Problem("applied twice", ref twice, $"{name}'s budget was written again in the hour of {hour:u} ({change.Before.DailyBudget} → {change.After.DailyBudget}); log: {Trail(name, hour)}");
                }
                else if (change.After.Status != change.Before.Status && !statusHours.Add(hour))
                {
                    Problem("applied twice", ref twice, $"{name}'s status was written again in the hour of {hour:u}");
                }
            }
        }

        // 2. The actions log, alone and against the world's record.
        var lost = 0;
        var misattributed = 0;
        foreach (var entry in entries)
        {
            var adSet = entry.Decision.AdSet;
            if (string.Equals(entry.Decision.PolicyName, ActionPolicies.Human, StringComparison.Ordinal))
            {
                Problem("misattributed", ref misattributed, $"action {entry.Id} logged a change of {adSet} at {entry.DecidedAt:u} as a person's ({string.Join("; ", entry.Decision.GuardrailReasons)}); log: {Trail(adSet, entry.Decision.Hour)}");
                continue;
            }

            if (entry.Status == ActionStatus.Intended)
            {
                Problem("intent lost", ref lost, $"action {entry.Id} for {adSet} (hour {entry.Decision.Hour:u}) is still intended after the final recovery");
            }
            else if (entry.Status == ActionStatus.Failed && string.IsNullOrWhiteSpace(entry.Error))
            {
                Problem("intent lost", ref lost, $"action {entry.Id} for {adSet} (hour {entry.Decision.Hour:u}) failed without a reason");
            }
            else if (entry.Status == ActionStatus.Applied
                && entry.PlatformResponse?.StartsWith("accepted", StringComparison.Ordinal) == true
                && ActionSettings.Parse(entry.Decision.FinalActionJson)?.DailyBudget is { } budget
                && world.Find(adSet.Platform, adSet.ExternalId) is { } target
                && !changes.Any(c => c.AdSetIndex == target.Index && c.After.DailyBudget == budget
                    && c.AtUtc >= (entry.AttemptedAt ?? entry.DecidedAt) && c.AtUtc <= (entry.CompletedAt ?? records.LoopEndUtc.AddHours(2))))
            {
                Problem("intent lost", ref lost, $"action {entry.Id} for {adSet} is logged applied ({entry.PlatformResponse}) but the platform never received a budget of {budget}");
            }
        }

        // 3. The final budgets: the sandbox against the last applied budget in the actions log.
        var mismatches = 0;
        foreach (var last in await log.LatestAppliedAsync(records.StoreId, cancellationToken).ConfigureAwait(false))
        {
            var adSet = last.Decision.AdSet;
            if (ActionSettings.Parse(last.Decision.FinalActionJson)?.DailyBudget is not { } budget || world.Find(adSet.Platform, adSet.ExternalId) is not { } target)
            {
                continue;
            }

            var now = world.SettingsOf(target.Index).DailyBudget;
            if (now != budget)
            {
                Problem("budget mismatch", ref mismatches, $"{adSet} has {now} in the sandbox, but the actions log's last applied budget is {budget} (action {last.Id})");
            }
        }

        // 4. The webhooks: the sender's journal against the receiver's store.
        var sent = records.Sandbox.WebhooksSent;
        var queue = new WebhookQueueStore(records.Database, TimeProvider.System);
        var webhooksLost = 0;
        foreach (var webhook in sent)
        {
            var stored = await queue.FindAsync(records.StoreId, webhook.WebhookId, cancellationToken).ConfigureAwait(false);
            if (stored?.Status != WebhookStatus.Processed)
            {
                Problem(
                    "webhook lost",
                    ref webhooksLost,
                    $"{webhook.Topic} {webhook.WebhookId} ({webhook.State} at the sender) is {(stored is null ? "not stored" : stored.Status.ToString().ToLowerInvariant())}{(stored?.Error is { } e ? ": " + e : "")}");
            }
        }

        // 5. The guardrails, on the world's record of hourly budgets.
        var violations = GuardrailAudit.Check(world, records.Guardrails, records.LoopStartUtc, records.LoopEndUtc, records.StageAt);
        var violationCount = 0;
        foreach (var violation in violations)
        {
            Problem("guardrail", ref violationCount, $"{violation}");
        }

        return new ChaosCounts(sent.Count, webhooksLost, applied, twice, lost, violations.Count, mismatches, misattributed, problems);
    }

    private static DateTimeOffset HourOf(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
}
