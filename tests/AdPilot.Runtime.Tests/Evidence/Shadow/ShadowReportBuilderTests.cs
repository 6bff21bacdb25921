using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Evidence.Shadow;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Rewards;
using static AdPilot.Runtime.Tests.Evidence.Shadow.ShadowEntries;

namespace AdPilot.Runtime.Tests.Evidence.Shadow;

public sealed class ShadowReportBuilderTests
{
    private static readonly AdSetRef A = new(Platform.Instagram, "a");
    private static readonly AdSetRef B = new(Platform.TikTok, "b");
    private static readonly AdSetRef Unmodelled = new(Platform.TikTok, "c");
    private static readonly DateTimeOffset Day1 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day2 = Day1.AddDays(1);

    [Fact]
    public void Build_CountsAgreementByDirection_CountingADayWithoutAHumanChangeAsPeopleHolding()
    {
        var report = Build(Scenario(), rewards: [], revenue: null);

        // A day 1: up / people up → agree. B day 1: down / no change → policy only. A day 2: hold / people down → people only.
        // B day 2: up / people down → opposite. C day 1: hold / no change → agree.
        var a = report.Agreement;
        Assert.Equal((5, 2, 3, 1, 1, 1, 1), (a.AdSetDays, a.Agreed, a.PeopleActed, a.AgreedWhenPeopleActed, a.PolicyOnly, a.PeopleOnly, a.Opposite));
        Assert.Equal(0.4, a.Rate);
        Assert.Equal(1.0 / 3, a.RateWhenPeopleActed);
        Assert.Equal((6, 3), (report.PolicyDecisions, report.HumanChanges));
        Assert.Equal(3, report.Differences.Count);
        Assert.All(report.Differences, d => Assert.True(d.Differs));
        Assert.Null(report.Value);
    }

    [Fact]
    public void Build_ValuesThePolicysBudgetsWithTheCurve_ScalingSpendByTheBudgetRatio()
    {
        // Curve: revenue = 3 × spend for a and b; none for c. Gross margin 0.5, so each extra unit of spend earns
        // 0.5 × 3 − 1 = 0.5 of profit.
        RewardRecord[] rewards =
        [
            Reward(A, Day1, spend: 10m, revenue: 30m),               // policy asked 120 of 100: spend 12, +1.00
            Reward(A, Day1.AddHours(1), spend: 10m, revenue: 25m),   // asked 120 of 100: +1.00
            Reward(B, Day1, spend: 8m, revenue: 20m),                // asked 80 of 100: spend 6.4, −0.80
            Reward(A, Day2, spend: 5m, revenue: 10m),                // asked 130 of 130: +0
            Reward(B, Day2, spend: 4m, revenue: 0m),                 // asked 110 of 100: +0.20
            Reward(Unmodelled, Day1, spend: 7m, revenue: 7m),        // no curve: left out of both sides
        ];

        var report = Build(Scenario(), rewards, (adSet, spend, _) => adSet == Unmodelled ? null : 3 * spend);

        var value = Assert.IsType<ShadowValue>(report.Value);
        var people = rewards.Where(r => r.AdSet != Unmodelled).Sum(r => r.Profit);
        Assert.Equal(5, value.Hours);
        Assert.Equal(people, value.PeopleProfit);
        Assert.Equal(people + 1.00m + 1.00m - 0.80m + 0.20m, value.PolicyProfit);
        Assert.Equal(1.40m, value.Difference);
        Assert.Equal(37m, value.PeopleSpend);
        Assert.Equal(12m + 12m + 6.4m + 5m + 4.4m, value.PolicySpend);
        Assert.Equal(2, value.AdSetsModelled);
        Assert.Null(value.Ci95); // four valued ad set-days: too few for an interval

        var aDay1 = Assert.Single(report.Days, d => d.AdSet == A && d.Comparison.Day == DateOnly.FromDateTime(Day1.UtcDateTime));
        Assert.Equal(2.00m, aDay1.Difference);
        Assert.Equal(B, report.Differences[0].AdSet); // b day 1: −0.80 is the largest gap among the days they differ
    }

    [Fact]
    public void Build_WithManyValuedDays_GivesABootstrapIntervalAroundTheDifference()
    {
        var entries = new List<ActionLogEntry>();
        var rewards = new List<RewardRecord>();
        for (var d = 0; d < 20; d++)
        {
            var hour = Day1.AddDays(d);
            entries.Add(Policy(A, hour, seen: 100m, proposed: 100m + (d % 3 * 10m)));
            rewards.Add(Reward(A, hour, spend: 10m, revenue: 20m));
        }

        var report = ShadowReportBuilder.Build("shop", Day1, Day1.AddDays(20), "USD", TimeZoneInfo.Utc, 0.5m, entries, rewards, (_, s, _) => 3 * s, "test");

        var value = Assert.IsType<ShadowValue>(report.Value);
        Assert.NotNull(value.Ci95);
        var (lower, upper) = value.Ci95.Value;
        Assert.True(lower <= value.Difference && value.Difference <= upper, $"{lower} ≤ {value.Difference} ≤ {upper}");
        Assert.True(lower > 0, "every day's difference is ≥ 0 and most are > 0");
    }

    [Fact]
    public void Json_CarriesTheContractFields()
    {
        var report = Build(Scenario(), [Reward(A, Day1, 10m, 30m)], (_, s, _) => 3 * s);

        using var json = JsonDocument.Parse(ShadowReportJson.Write(report, "/tmp/x.html"));
        var root = json.RootElement;
        Assert.Equal("shop.myshopify.com", root.GetProperty("store").GetString());
        Assert.Equal(5, root.GetProperty("agreement").GetProperty("adSetDays").GetInt32());
        Assert.Equal(0.4, root.GetProperty("agreement").GetProperty("rate").GetDouble());
        Assert.Equal(1, root.GetProperty("value").GetProperty("hours").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("value").GetProperty("ci95").ValueKind);
        Assert.Equal(3, root.GetProperty("differences").GetArrayLength());
        var first = root.GetProperty("days").EnumerateArray().First(d => d.GetProperty("adSet").GetString() == "instagram:a" && d.GetProperty("day").GetString() == "2026-03-02");
        Assert.Equal(("up", "up", 1.00m), (first.GetProperty("policy").GetProperty("direction").GetString(), first.GetProperty("people").GetProperty("direction").GetString(), first.GetProperty("difference").GetDecimal()));
        Assert.Equal("/tmp/x.html", root.GetProperty("htmlPath").GetString());
    }

    private static ShadowReport Build(IReadOnlyList<ActionLogEntry> entries, IReadOnlyList<RewardRecord> rewards, ExpectedRevenue? revenue) =>
        ShadowReportBuilder.Build("shop.myshopify.com", Day1, Day2.AddDays(1), "USD", TimeZoneInfo.Utc, 0.5m, entries, rewards, revenue, "test curves");

    private static List<ActionLogEntry> Scenario() =>
    [
        Policy(A, Day1, seen: 100m, proposed: 120m),
        Policy(A, Day1.AddHours(1), seen: 100m, proposed: 120m),
        Human(A, Day1.AddHours(2), to: 130m),
        Policy(B, Day1, seen: 100m, proposed: 80m),
        Policy(Unmodelled, Day1, seen: 50m, proposed: 50m),
        Policy(A, Day2, seen: 130m, proposed: 130m),
        Human(A, Day2.AddHours(3), to: 100m),
        Policy(B, Day2, seen: 100m, proposed: 110m),
        Human(B, Day2.AddHours(3), to: 90m),
    ];

    private static RewardRecord Reward(AdSetRef adSet, DateTimeOffset hour, decimal spend, decimal revenue) =>
        new(adSet, hour, revenue, spend, revenue * 0.5m, (revenue * 0.5m) - spend, "USD", null, null, 0, 0);
}
