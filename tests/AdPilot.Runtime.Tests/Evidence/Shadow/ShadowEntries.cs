using AdPilot.Core.Domain;
using AdPilot.Runtime.Actuation;
using AdPilot.Storage.Actions;

namespace AdPilot.Runtime.Tests.Evidence.Shadow;

/// <summary>Action log entries as the loop writes them: the policy's decisions, people's changes and kill-switch restores.</summary>
internal static class ShadowEntries
{
    private static long _id;

    public static ActionLogEntry Policy(AdSetRef adSet, DateTimeOffset hour, decimal seen, decimal proposed) =>
        Entry(adSet, hour, "bandit", $$"""{"current_budget":{{seen}}}""", $$"""{"daily_budget":{{proposed}}}""", ActionStatus.Shadow);

    public static ActionLogEntry Human(AdSetRef adSet, DateTimeOffset hour, decimal to) =>
        Entry(adSet, hour, ActionPolicies.Human, "{}", $$"""{"daily_budget":{{to}}}""", ActionStatus.Applied);

    public static ActionLogEntry Restore(AdSetRef adSet, DateTimeOffset hour, decimal to) =>
        Entry(adSet, hour, ActionPolicies.KillSwitch, "{}", $$"""{"daily_budget":{{to}}}""", ActionStatus.Applied);

    private static ActionLogEntry Entry(AdSetRef adSet, DateTimeOffset hour, string policy, string state, string action, ActionStatus status) => new(
        Interlocked.Increment(ref _id),
        new ActionDecision
        {
            IdempotencyKey = $"{adSet}:{hour:O}:{policy}",
            AdSet = adSet,
            Hour = hour,
            Mode = RolloutMode.Shadow,
            StateJson = state,
            PolicyName = policy,
            PolicyVersion = "1",
            ProposedActionJson = action,
            FinalActionJson = action,
            Verdict = GuardrailVerdict.Allow,
            Status = status,
        },
        null,
        null,
        hour,
        null,
        null);
}
