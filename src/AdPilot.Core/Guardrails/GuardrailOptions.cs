using System.Globalization;
using AdPilot.Core.Domain;

namespace AdPilot.Core.Guardrails;

/// <summary>
/// The limits AdPilot's changes stay within for one ad account (guide §10–12). Amounts are in the account's currency.
/// Validate with <see cref="Validate"/>; <see cref="GuardrailEvaluator"/> refuses options with errors.
/// </summary>
public sealed record GuardrailOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Guardrails";

    private const int HoursPerDay = 24;

    /// <summary>Gets the production defaults.</summary>
    public static GuardrailOptions Default { get; } = new();

    /// <summary>Gets the largest relative budget change per change (and so per hour, the cool-down being an hour or more).</summary>
    /// <value>The default value is 0.25 (±25%).</value>
    public decimal MaxHourlyChange { get; init; } = 0.25m;

    /// <summary>Gets the smallest daily budget a cut may reach.</summary>
    /// <value>The default value is 5.</value>
    public decimal MinDailyBudget { get; init; } = 5m;

    /// <summary>
    /// Gets the smallest daily budget each platform accepts, in the account currency, where it is above
    /// <see cref="MinDailyBudget"/>: a cut stops there rather than being refused by the platform. TikTok refuses ad group
    /// daily budgets under 20 (in USD; set the equivalent for another currency); Meta's minimum is about 1 and depends on
    /// the optimisation goal, so <see cref="MinDailyBudget"/> covers it.
    /// </summary>
    /// <value>The default value is TikTok: 20.</value>
    public IReadOnlyDictionary<Platform, decimal> PlatformMinDailyBudgets { get; init; } = new Dictionary<Platform, decimal> { [Platform.TikTok] = 20m };

    /// <summary>The smallest daily budget a cut may reach on a platform: the larger of the two minimums.</summary>
    /// <param name="platform">The platform.</param>
    /// <returns>The minimum.</returns>
    public decimal MinDailyBudgetFor(Platform platform) =>
        PlatformMinDailyBudgets.TryGetValue(platform, out var minimum) && minimum > MinDailyBudget ? minimum : MinDailyBudget;

    /// <summary>Gets the largest daily budget an increase may reach.</summary>
    /// <value>The default value is 5,000.</value>
    public decimal MaxDailyBudget { get; init; } = 5_000m;

    /// <summary>Gets the hard cap on one ad set's daily spend (its daily budget).</summary>
    /// <value>The default value is 1,000.</value>
    public decimal AdSetDailyCap { get; init; } = 1_000m;

    /// <summary>Gets the hard cap on the sum of one campaign's active daily budgets.</summary>
    /// <value>The default value is 5,000.</value>
    public decimal CampaignDailyCap { get; init; } = 5_000m;

    /// <summary>Gets the hard cap on the sum of the account's active daily budgets.</summary>
    /// <value>The default value is 20,000.</value>
    public decimal AccountDailyCap { get; init; } = 20_000m;

    /// <summary>Gets how long an ad set is left alone after a change.</summary>
    /// <value>The default value is 3 hours.</value>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromHours(3);

    /// <summary>Gets how many creative rotations one ad set may have per local calendar day.</summary>
    /// <value>The default value is 1.</value>
    public int MaxCreativeRotationsPerLocalDay { get; init; } = 1;

    /// <summary>Gets the weekly freeze windows, in the store's local time.</summary>
    /// <value>The default value is none.</value>
    public IReadOnlyList<WeeklyFreezeWindow> WeeklyFreezeWindows { get; init; } = [];

    /// <summary>Gets the one-off freeze windows over local dates (see <see cref="DateFreezeWindow.BlackFridayCyberMonday"/>).</summary>
    /// <value>The default value is none.</value>
    public IReadOnlyList<DateFreezeWindow> DateFreezeWindows { get; init; } = [];

    /// <summary>Gets the account ROAS under which, held for <see cref="RoasPauseHours"/> hours, every change stops. 0 turns the rule off.</summary>
    /// <value>The default value is 1.0 (ad spend no longer paid back by revenue).</value>
    public decimal RoasPauseThreshold { get; init; } = 1.0m;

    /// <summary>Gets how many consecutive hours with spend the account ROAS must stay under the threshold to pause.</summary>
    /// <value>The default value is 12.</value>
    public int RoasPauseHours { get; init; } = 12;

    /// <summary>Gets the largest share of the account's active daily budget the pilot's canary ad sets may hold together.</summary>
    /// <value>The default value is 0.10 (10%).</value>
    public decimal CanaryShare { get; init; } = 0.10m;

    /// <summary>Gets the relative budget increase above which a person must approve.</summary>
    /// <value>The default value is 0.20 (an increase of more than 20%).</value>
    public decimal ApprovalIncreaseShare { get; init; } = 0.20m;

    /// <summary>Gets the absolute budget increase above which a person must approve.</summary>
    /// <value>The default value is 250.</value>
    public decimal ApprovalIncreaseAmount { get; init; } = 250m;

    /// <summary>Gets how long a pending approval stays open before it lapses.</summary>
    /// <value>The default value is 24 hours.</value>
    public TimeSpan ApprovalTtl { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Gets the window over which AdPilot's own budget increases to an ad set add up for the approval rule, so a large
    /// increase split into several small ones (each under the thresholds, spaced by the cool-down) still needs a person.
    /// Zero judges each change alone.
    /// </summary>
    /// <value>The default value is 24 hours.</value>
    public TimeSpan ApprovalWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Checks every option.</summary>
    /// <returns>The errors, each naming its option; empty when the options are usable.</returns>
    public IReadOnlyList<GuardrailOptionsError> Validate()
    {
        var errors = new List<GuardrailOptionsError>();
        void Fail(string name, string message) => errors.Add(new GuardrailOptionsError(name, message));

        if (MaxHourlyChange is <= 0m or > 1m)
        {
            Fail(nameof(MaxHourlyChange), Text($"must be in (0, 1], was {MaxHourlyChange}"));
        }

        if (MinDailyBudget < 0m)
        {
            Fail(nameof(MinDailyBudget), Text($"must not be negative, was {MinDailyBudget}"));
        }

        foreach (var (platform, minimum) in PlatformMinDailyBudgets)
        {
            if (minimum < 0m)
            {
                Fail($"{nameof(PlatformMinDailyBudgets)}:{platform}", Text($"must not be negative, was {minimum}"));
            }
        }

        if (MaxDailyBudget < MinDailyBudget)
        {
            Fail(nameof(MaxDailyBudget), Text($"must be at least MinDailyBudget ({MinDailyBudget}), was {MaxDailyBudget}"));
        }

        foreach (var (name, cap) in new[]
        {
            (nameof(AdSetDailyCap), AdSetDailyCap),
            (nameof(CampaignDailyCap), CampaignDailyCap),
            (nameof(AccountDailyCap), AccountDailyCap),
        })
        {
            if (cap <= 0m)
            {
                Fail(name, Text($"must be positive, was {cap}"));
            }
        }

        if (Cooldown < TimeSpan.FromHours(1))
        {
            // The delta limit is checked per change; a cool-down of an hour or more is what makes it a limit per hour.
            Fail(nameof(Cooldown), Text($"must be at least one hour so MaxHourlyChange holds per hour, was {Cooldown}"));
        }

        if (MaxCreativeRotationsPerLocalDay < 0)
        {
            Fail(nameof(MaxCreativeRotationsPerLocalDay), Text($"must not be negative, was {MaxCreativeRotationsPerLocalDay}"));
        }

        if (WeeklyFreezeWindows is null || WeeklyFreezeWindows.Any(w => w is null))
        {
            Fail(nameof(WeeklyFreezeWindows), "must be a list without nulls");
        }
        else
        {
            foreach (var w in WeeklyFreezeWindows)
            {
                if (!Enum.IsDefined(w.Day) || w.StartHour < 0 || w.EndHour > HoursPerDay || w.StartHour >= w.EndHour)
                {
                    Fail(nameof(WeeklyFreezeWindows), Text($"window {w} needs a weekday and 0 <= StartHour < EndHour <= 24"));
                }
            }
        }

        if (DateFreezeWindows is null || DateFreezeWindows.Any(w => w is null))
        {
            Fail(nameof(DateFreezeWindows), "must be a list without nulls");
        }
        else
        {
            foreach (var w in DateFreezeWindows)
            {
                if (string.IsNullOrWhiteSpace(w.Name) || w.FirstDay > w.LastDay)
                {
                    Fail(nameof(DateFreezeWindows), Text($"window {w} needs a name and FirstDay <= LastDay"));
                }
            }
        }

        if (RoasPauseThreshold < 0m)
        {
            Fail(nameof(RoasPauseThreshold), Text($"must not be negative, was {RoasPauseThreshold}"));
        }

        if (RoasPauseHours < 1)
        {
            Fail(nameof(RoasPauseHours), Text($"must be at least 1, was {RoasPauseHours}"));
        }

        if (CanaryShare is <= 0m or >= 1m)
        {
            Fail(nameof(CanaryShare), Text($"must be in (0, 1), was {CanaryShare}"));
        }

        if (ApprovalIncreaseShare < 0m)
        {
            Fail(nameof(ApprovalIncreaseShare), Text($"must not be negative, was {ApprovalIncreaseShare}"));
        }

        if (ApprovalIncreaseAmount < 0m)
        {
            Fail(nameof(ApprovalIncreaseAmount), Text($"must not be negative, was {ApprovalIncreaseAmount}"));
        }

        if (ApprovalWindow < TimeSpan.Zero)
        {
            Fail(nameof(ApprovalWindow), Text($"must not be negative, was {ApprovalWindow}"));
        }

        if (ApprovalTtl <= TimeSpan.Zero)
        {
            Fail(nameof(ApprovalTtl), Text($"must be positive, was {ApprovalTtl}"));
        }

        return errors;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
