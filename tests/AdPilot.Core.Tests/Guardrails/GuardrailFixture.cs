using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;

namespace AdPilot.Core.Tests.Guardrails;

/// <summary>Builders for guardrail inputs: one account in New York, ad sets in USD.</summary>
internal static class GuardrailFixture
{
    public const string Currency = "USD";
    public const string AccountId = "act_1";

    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>Wednesday 4 March 2026, 10:00 in New York (EST, UTC−5).</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 4, 15, 0, 0, TimeSpan.Zero);

    /// <summary>Gets options under which nothing binds, so a test turns on only the rule it is about.</summary>
    public static GuardrailOptions Loose { get; } = new()
    {
        MaxHourlyChange = 1m,
        MinDailyBudget = 0m,
        MaxDailyBudget = 1_000_000_000m,
        AdSetDailyCap = 1_000_000_000m,
        CampaignDailyCap = 1_000_000_000m,
        AccountDailyCap = 1_000_000_000m,
        Cooldown = TimeSpan.FromHours(1),
        MaxCreativeRotationsPerLocalDay = 1_000,
        RoasPauseThreshold = 0m,
        RoasPauseHours = 1,
        CanaryShare = 0.99m,
        ApprovalIncreaseShare = 1_000_000m,
        ApprovalIncreaseAmount = 1_000_000_000_000m,
    };

    public static Money Usd(decimal amount) => new(amount, Currency);

    public static AdSetRef Ref(string id) => new(Platform.Instagram, id);

    public static AdSetSettings Settings(
        decimal budget, AdSetStatus status = AdSetStatus.Active, CreativeType creative = CreativeType.Ugc) =>
        new(Usd(budget), BidStrategy.LowestCost, creative, status);

    public static GuardedAdSet AdSet(string id, decimal budget, decimal? proposed = null, string campaign = "c1", bool canary = false) => new()
    {
        AdSet = Ref(id),
        CampaignId = campaign,
        Current = Settings(budget),
        Proposed = proposed is { } p ? Settings(p) : null,
        IsCanary = canary,
    };

    public static GuardrailInput Input(params GuardedAdSet[] adSets) => new()
    {
        Now = Now,
        TimeZone = NewYork,
        AccountId = AccountId,
        Currency = Currency,
        Stage = RolloutStage.Expand,
        AdSets = adSets,
    };

    public static GuardrailResult Evaluate(GuardrailOptions options, GuardrailInput input) => new GuardrailEvaluator(options).Evaluate(input);

    public static GuardrailDecision Single(GuardrailOptions options, GuardrailInput input) => Evaluate(options, input).Decisions.Single();

    public static GuardrailDecision For(this GuardrailResult result, string id) => result.Decisions.Single(d => d.AdSet == Ref(id));

    public static IEnumerable<string> Codes(this GuardrailDecision decision) => decision.Reasons.Select(r => r.Code);

    /// <summary>The UTC instant of a New York wall-clock time (the later one when the time repeats).</summary>
    public static DateTimeOffset NewYorkTime(int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        var offset = NewYork.IsAmbiguousTime(local) ? NewYork.GetAmbiguousTimeOffsets(local).Min() : NewYork.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
