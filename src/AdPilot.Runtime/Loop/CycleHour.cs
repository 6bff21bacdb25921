using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Core.Rewards;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Ingestion;
using AdPilot.Storage.Snapshots;

namespace AdPilot.Runtime.Loop;

/// <summary>One account-hour as the first half of a cycle leaves it: what was pulled and the states to decide on.</summary>
/// <param name="StoreId">The store.</param>
/// <param name="Account">The ad account.</param>
/// <param name="HourUtc">The hour decided for.</param>
/// <param name="Stage">The rollout stage.</param>
/// <param name="Currency">The store currency.</param>
/// <param name="Zone">The store's time zone.</param>
/// <param name="Platform">The platform that serves the account.</param>
/// <param name="Batch">Its batch path, if any.</param>
/// <param name="Etl">What the insights ETL stored, with the ad sets as the platform showed them.</param>
/// <param name="Orders">What the order ETL stored, if it ran.</param>
/// <param name="Recovered">Open intents settled.</param>
/// <param name="HumanChanges">Human changes logged.</param>
/// <param name="Rewards">The rewards the hour before scored.</param>
/// <param name="Managed">The managed ad sets, in decision order.</param>
/// <param name="Order">Their references, in the same order.</param>
/// <param name="States">Their states, in the same order.</param>
/// <param name="HumanBudgets">The last human budget of every ad set that has one.</param>
internal sealed record CycleHour(
    long StoreId,
    AdAccountRef Account,
    DateTimeOffset HourUtc,
    RolloutStage Stage,
    string Currency,
    TimeZoneInfo Zone,
    IAdPlatform Platform,
    IBatchAdPlatform? Batch,
    InsightsIngestionResult Etl,
    OrderIngestionResult? Orders,
    int Recovered,
    int HumanChanges,
    IReadOnlyList<AdSetHourReward> Rewards,
    List<AdSetSnapshot> Managed,
    AdSetRef[] Order,
    AdEnvironmentState[] States,
    Dictionary<AdSetRef, BudgetSnapshot> HumanBudgets)
{
    /// <summary>Gets how long each stage took.</summary>
    public CycleTimings Timings { get; init; } = new();

    /// <summary>Gets a value indicating whether the store's order pull was still running when the hour was scored.</summary>
    public bool OrdersPending { get; init; }
}
