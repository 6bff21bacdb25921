using AdPilot.Core.Domain;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Evidence.Shadow;
using AdPilot.Storage.Actions;
using static AdPilot.Runtime.Tests.Evidence.Shadow.ShadowEntries;

namespace AdPilot.Runtime.Tests.Evidence.Shadow;

public sealed class ShadowComparisonTests
{
    private static readonly AdSetRef A = new(Platform.Instagram, "a");
    private static readonly AdSetRef B = new(Platform.TikTok, "b");
    private static readonly DateTimeOffset Day1 = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Compare_PolicyAndPeopleMovingTheSameWay_Agree_AndOppositeWays_Differ()
    {
        ActionLogEntry[] entries =
        [
            Policy(A, Day1, seen: 100m, proposed: 110m),
            Human(A, Day1.AddHours(1), to: 130m),
            Policy(A, Day1.AddHours(2), seen: 130m, proposed: 140m),
            Policy(B, Day1, seen: 50m, proposed: 40m),
            Human(B, Day1.AddHours(3), to: 80m),
            Policy(A, Day1.AddDays(1), seen: 140m, proposed: 140.2m),
        ];

        var days = ShadowComparison.Compare(entries, TimeZoneInfo.Utc);

        var a1 = Assert.Single(days, d => d.AdSet == A && d.Day == new DateOnly(2026, 3, 2));
        Assert.Equal((100m, 140m, 2, 1, 1, 1, true), (a1.PolicyFrom!.Value, a1.PolicyTo!.Value, a1.Decisions, a1.PolicyDirection, a1.HumanDirection, a1.HumanChanges, a1.Agree));
        Assert.Equal((100m, 130m), (a1.HumanFrom!.Value, a1.HumanTo!.Value));
        var b1 = Assert.Single(days, d => d.AdSet == B);
        Assert.Equal((-1, 1, false), (b1.PolicyDirection, b1.HumanDirection, b1.Agree));
        var a2 = Assert.Single(days, d => d.AdSet == A && d.Day == new DateOnly(2026, 3, 3));
        Assert.Equal((0, (int?)null, (bool?)null), (a2.PolicyDirection, a2.HumanDirection, a2.Agree));
        Assert.Equal(new DateOnly(2026, 3, 3), days[0].Day);
    }

    [Fact]
    public void Compare_CutsDaysInTheStoresTimeZone_AndSkipsKillSwitchRestores()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        ActionLogEntry[] entries =
        [
            Policy(A, new DateTimeOffset(2026, 3, 3, 3, 0, 0, TimeSpan.Zero), seen: 100m, proposed: 90m), // 22:00 on 2 March in New York
            Restore(A, new DateTimeOffset(2026, 3, 3, 4, 0, 0, TimeSpan.Zero), to: 100m),
        ];

        var day = Assert.Single(ShadowComparison.Compare(entries, newYork));

        Assert.Equal((new DateOnly(2026, 3, 2), -1, 1), (day.Day, day.PolicyDirection, day.Decisions));
    }
}
