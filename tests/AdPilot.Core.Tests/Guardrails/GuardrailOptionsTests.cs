using AdPilot.Core.Guardrails;

namespace AdPilot.Core.Tests.Guardrails;

/// <summary>Option defaults and validation by name.</summary>
public sealed class GuardrailOptionsTests
{
    public static TheoryData<string, GuardrailOptions> Invalid => new()
    {
        { nameof(GuardrailOptions.MaxHourlyChange), GuardrailOptions.Default with { MaxHourlyChange = 0m } },
        { nameof(GuardrailOptions.MaxHourlyChange), GuardrailOptions.Default with { MaxHourlyChange = 1.01m } },
        { nameof(GuardrailOptions.MinDailyBudget), GuardrailOptions.Default with { MinDailyBudget = -1m } },
        { nameof(GuardrailOptions.MaxDailyBudget), GuardrailOptions.Default with { MaxDailyBudget = 4m } },
        { nameof(GuardrailOptions.AdSetDailyCap), GuardrailOptions.Default with { AdSetDailyCap = 0m } },
        { nameof(GuardrailOptions.CampaignDailyCap), GuardrailOptions.Default with { CampaignDailyCap = -5m } },
        { nameof(GuardrailOptions.AccountDailyCap), GuardrailOptions.Default with { AccountDailyCap = 0m } },
        { nameof(GuardrailOptions.Cooldown), GuardrailOptions.Default with { Cooldown = TimeSpan.FromMinutes(59) } },
        { nameof(GuardrailOptions.MaxCreativeRotationsPerLocalDay), GuardrailOptions.Default with { MaxCreativeRotationsPerLocalDay = -1 } },
        { nameof(GuardrailOptions.WeeklyFreezeWindows), GuardrailOptions.Default with { WeeklyFreezeWindows = [new(DayOfWeek.Monday, 5, 5)] } },
        { nameof(GuardrailOptions.WeeklyFreezeWindows), GuardrailOptions.Default with { WeeklyFreezeWindows = [new(DayOfWeek.Monday, 20, 25)] } },
        { nameof(GuardrailOptions.WeeklyFreezeWindows), GuardrailOptions.Default with { WeeklyFreezeWindows = [new((DayOfWeek)9, 1, 2)] } },
        {
            nameof(GuardrailOptions.DateFreezeWindows),
            GuardrailOptions.Default with { DateFreezeWindows = [new("sale", new DateOnly(2026, 5, 2), new DateOnly(2026, 5, 1))] }
        },
        { nameof(GuardrailOptions.RoasPauseThreshold), GuardrailOptions.Default with { RoasPauseThreshold = -0.1m } },
        { nameof(GuardrailOptions.RoasPauseHours), GuardrailOptions.Default with { RoasPauseHours = 0 } },
        { nameof(GuardrailOptions.CanaryShare), GuardrailOptions.Default with { CanaryShare = 0m } },
        { nameof(GuardrailOptions.CanaryShare), GuardrailOptions.Default with { CanaryShare = 1m } },
        { nameof(GuardrailOptions.ApprovalIncreaseShare), GuardrailOptions.Default with { ApprovalIncreaseShare = -0.1m } },
        { nameof(GuardrailOptions.ApprovalIncreaseAmount), GuardrailOptions.Default with { ApprovalIncreaseAmount = -1m } },
        { nameof(GuardrailOptions.ApprovalTtl), GuardrailOptions.Default with { ApprovalTtl = TimeSpan.Zero } },
    };

    [Fact]
    public void Default_IsValidWithDocumentedValues()
    {
        var o = GuardrailOptions.Default;

        Assert.Empty(o.Validate());
        Assert.Equal(0.25m, o.MaxHourlyChange);
        Assert.Equal(TimeSpan.FromHours(3), o.Cooldown);
        Assert.Equal(1, o.MaxCreativeRotationsPerLocalDay);
        Assert.Equal(0.10m, o.CanaryShare);
        Assert.True(o.MinDailyBudget < o.AdSetDailyCap && o.AdSetDailyCap <= o.CampaignDailyCap && o.CampaignDailyCap <= o.AccountDailyCap);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BadOption_ErrorNamesIt(string name, GuardrailOptions options)
    {
        var error = Assert.Single(options.Validate());

        Assert.Equal(name, error.Name);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsListingEveryName()
    {
        var options = GuardrailOptions.Default with { MaxHourlyChange = 0m, ApprovalTtl = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentException>(() => new GuardrailEvaluator(options));

        Assert.Contains(nameof(GuardrailOptions.MaxHourlyChange), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(GuardrailOptions.ApprovalTtl), error.Message, StringComparison.Ordinal);
    }
}
