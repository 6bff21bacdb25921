using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Rewards;
using AdPilot.Storage.Actions;

namespace AdPilot.Runtime.Observability;

/// <summary>What one account's cycle records in <see cref="AdPilotMetrics"/>.</summary>
internal static class CycleMetrics
{
    /// <summary>The <c>platform</c> label of a cycle and its rewards: the ad platform (<c>instagram</c>, <c>tiktok</c>).</summary>
    public static string PlatformLabel(Platform platform) => platform == Platform.TikTok ? "tiktok" : "instagram";

    /// <summary>The <c>stage</c> label.</summary>
    public static string StageLabel(RolloutStage stage) => stage.ToString().ToLowerInvariant();

    /// <summary>
    /// Records a finished cycle: its duration, each logged decision once by verdict (a decision held for a person counts
    /// as <c>pending_approval</c>, whatever its verdict), and the reward of each ad set-hour it scored for the hour just
    /// completed (the lag and late-order hours it rescored were recorded when first scored, so they are not recorded again).
    /// </summary>
    public static void Succeeded(
        AdPilotMetrics metrics, Platform platform, RolloutStage stage, double seconds, IReadOnlyList<ActionLogEntry> entries, IReadOnlyList<AdSetHourReward> rewards, DateTimeOffset scoredHour)
    {
        var stageLabel = StageLabel(stage);
        metrics.CycleFinished(seconds, PlatformLabel(platform), stageLabel, succeeded: true);
        foreach (var group in entries.GroupBy(Verdict))
        {
            metrics.Decisions(group.Key, stageLabel, group.Count());
        }

        foreach (var reward in rewards)
        {
            if (reward.HourUtc == scoredHour)
            {
                metrics.Reward((double)reward.Reward, PlatformLabel(reward.AdSet.Platform));
            }
        }
    }

    private static string Verdict(ActionLogEntry entry) =>
        entry.Status == ActionStatus.PendingApproval
            ? "pending_approval"
            : entry.Decision.Verdict switch
            {
                Storage.Actions.GuardrailVerdict.Allow => "allowed",
                Storage.Actions.GuardrailVerdict.Clamp => "clamped",
                Storage.Actions.GuardrailVerdict.Block => "blocked",
                _ => "pending_approval",
            };
}
