using AdPilot.Core.Guardrails;
using static AdPilot.Core.Tests.Guardrails.GuardrailFixture;

namespace AdPilot.Core.Tests.Guardrails;

/// <summary>No change inside a weekly or dated freeze window of the store's local time (<c>freeze_window</c>).</summary>
public sealed class FreezeWindowRuleTests
{
    private static GuardrailDecision At(GuardrailOptions options, DateTimeOffset now) =>
        Single(options, Input(AdSet("a", 100m, 110m)) with { Now = now });

    private static GuardrailOptions Weekly(DayOfWeek day, int start, int end) =>
        Loose with { WeeklyFreezeWindows = [new WeeklyFreezeWindow(day, start, end)] };

    [Fact]
    public void Evaluate_AtFirstHourOfWeeklyWindow_Blocked()
    {
        // Wednesday 4 March 2026 10:00 local.
        var decision = At(Weekly(DayOfWeek.Wednesday, 10, 12), Now);

        Assert.Equal(GuardrailVerdict.Block, decision.Verdict);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(GuardrailReasonCodes.FreezeWindow, reason.Code);
        Assert.Contains("Wednesday 10:00–12:00", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AtEndHourOfWeeklyWindow_Allowed()
    {
        var options = Weekly(DayOfWeek.Wednesday, 10, 12);

        Assert.Equal(GuardrailVerdict.Block, At(options, NewYorkTime(2026, 3, 4, 11, 59)).Verdict);
        Assert.Equal(GuardrailVerdict.Allow, At(options, NewYorkTime(2026, 3, 4, 12)).Verdict);
        Assert.Equal(GuardrailVerdict.Allow, At(options, NewYorkTime(2026, 3, 4, 9, 59)).Verdict);
    }

    [Fact]
    public void Evaluate_WeeklyWindow_JudgedInStoreTimeNotUtc()
    {
        // Thursday 02:00 UTC is still Wednesday 21:00 in New York.
        var options = Weekly(DayOfWeek.Thursday, 0, 6);
        var now = new DateTimeOffset(2026, 3, 5, 2, 0, 0, TimeSpan.Zero);

        Assert.Equal(GuardrailVerdict.Allow, At(options, now).Verdict);
        Assert.Equal(GuardrailVerdict.Block, At(options, now.AddHours(3)).Verdict);
    }

    [Fact]
    public void Evaluate_FallBackDay_BothRunsOfTheRepeatedHourFrozen()
    {
        // 1 November 2026: 01:00–02:00 happens twice in New York (EDT, then EST).
        var options = Weekly(DayOfWeek.Sunday, 1, 2);
        var firstRun = new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero);
        var secondRun = new DateTimeOffset(2026, 11, 1, 6, 30, 0, TimeSpan.Zero);

        Assert.Equal(GuardrailVerdict.Allow, At(options, firstRun.AddHours(-1)).Verdict);
        Assert.Equal(GuardrailVerdict.Block, At(options, firstRun).Verdict);
        Assert.Equal(GuardrailVerdict.Block, At(options, secondRun).Verdict);
        Assert.Equal(GuardrailVerdict.Allow, At(options, secondRun.AddHours(1)).Verdict);
    }

    [Fact]
    public void Evaluate_SpringForwardDay_WindowOverSkippedHourFreezesNothing()
    {
        // 8 March 2026: New York goes from 01:59 EST to 03:00 EDT; 02:xx does not exist.
        var options = Weekly(DayOfWeek.Sunday, 2, 3);
        var beforeJump = new DateTimeOffset(2026, 3, 8, 6, 30, 0, TimeSpan.Zero);

        Assert.Equal(GuardrailVerdict.Allow, At(options, beforeJump).Verdict);
        Assert.Equal(GuardrailVerdict.Allow, At(options, beforeJump.AddHours(1)).Verdict);
        Assert.Equal(GuardrailVerdict.Block, At(Weekly(DayOfWeek.Sunday, 2, 4), beforeJump.AddHours(1)).Verdict);
    }

    [Theory]
    [InlineData(2024, 11, 29)]
    [InlineData(2025, 11, 28)]
    [InlineData(2026, 11, 27)]
    [InlineData(2030, 11, 29)]
    public void BlackFridayCyberMonday_Year_FridayAfterFourthThursdayThroughMonday(int year, int month, int day)
    {
        var window = DateFreezeWindow.BlackFridayCyberMonday(year);

        Assert.Equal(new DateOnly(year, month, day), window.FirstDay);
        Assert.Equal(DayOfWeek.Friday, window.FirstDay.DayOfWeek);
        Assert.Equal(DayOfWeek.Monday, window.LastDay.DayOfWeek);
        Assert.Equal(3, window.LastDay.DayNumber - window.FirstDay.DayNumber);
    }

    [Fact]
    public void Evaluate_DateWindow_CoversWholeLocalDaysInclusive()
    {
        var options = Loose with { DateFreezeWindows = [DateFreezeWindow.BlackFridayCyberMonday(2026)] };

        Assert.Equal(GuardrailVerdict.Allow, At(options, NewYorkTime(2026, 11, 26, 23, 59)).Verdict);
        Assert.Equal(GuardrailVerdict.Block, At(options, NewYorkTime(2026, 11, 27, 0)).Verdict);
        Assert.Equal(GuardrailVerdict.Block, At(options, NewYorkTime(2026, 11, 30, 23, 59)).Verdict);
        Assert.Equal(GuardrailVerdict.Allow, At(options, NewYorkTime(2026, 12, 1, 0)).Verdict);

        // 27 November 03:00 UTC is still Thanksgiving evening in New York.
        Assert.Equal(GuardrailVerdict.Allow, At(options, new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero)).Verdict);
        var reason = Assert.Single(At(options, NewYorkTime(2026, 11, 28, 12)).Reasons);
        Assert.Contains("Black Friday", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_InsideWindow_EveryAdSetOfTheAccountBlocked()
    {
        var options = Weekly(DayOfWeek.Wednesday, 0, 24);

        var result = Evaluate(options, Input(AdSet("a", 100m, 110m), AdSet("b", 100m, 90m), AdSet("c", 50m, 50m)));

        Assert.All(result.Decisions.Take(2), d => Assert.Equal(GuardrailVerdict.Block, d.Verdict));
        Assert.Equal(GuardrailVerdict.Allow, result.For("c").Verdict);
    }
}
