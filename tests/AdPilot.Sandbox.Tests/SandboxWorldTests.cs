using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Sandbox.Tests;

public sealed class SandboxWorldTests
{
    [Fact]
    public void Advance_RecordsEveryAdSetHour_AndMovesTheClockByWholeHours()
    {
        var world = new SandboxWorld(DefaultFamily.Preset());
        var start = world.Clock.GetUtcNow();

        world.Advance(3);

        Assert.Equal(start, world.StartUtc);
        Assert.Equal(start.AddHours(3), world.Clock.GetUtcNow());
        Assert.Equal(3, world.HoursElapsed);
        var hours = world.HoursBetween(start, start.AddHours(3));
        Assert.Equal(3 * world.AdSets.Count, hours.Count);
        Assert.Equal([start, start.AddHours(1), start.AddHours(2)], hours.Select(h => h.HourStartUtc).Distinct());
        Assert.Empty(world.HoursBetween(start.AddHours(3), start.AddDays(1)));
    }

    [Fact]
    public void Change_Budget_AppliesFromTheNextHour()
    {
        var changed = new SandboxWorld(DefaultFamily.Preset());
        var twin = new SandboxWorld(DefaultFamily.Preset());
        changed.Advance(12);
        twin.Advance(12);
        var adSet = changed.AdSets[0];
        var before = changed.SettingsOf(0).DailyBudget;

        changed.Change(0, s => s with { DailyBudget = adSet.MaxDailyBudget });
        changed.Advance(1);
        twin.Advance(1);

        var hour = changed.Clock.GetUtcNow().AddHours(-1);
        var mine = changed.HoursBetween(hour, hour.AddHours(1)).Single(h => h.AdSetIndex == 0);
        var theirs = twin.HoursBetween(hour, hour.AddHours(1)).Single(h => h.AdSetIndex == 0);
        Assert.Equal(adSet.MaxDailyBudget, mine.DailyBudget.Amount);
        Assert.Equal(before, theirs.DailyBudget.Amount);
        Assert.True(mine.Spend.Amount > theirs.Spend.Amount, $"spend {mine.Spend} at the max budget, {theirs.Spend} at {before}");
    }

    [Fact]
    public void Change_Paused_SpendsNothingNextHour()
    {
        var world = new SandboxWorld(DefaultFamily.Preset());
        world.Advance(10);

        world.Change(1, s => s with { Status = AdSetStatus.Paused });
        world.Advance(1);

        var hour = world.Clock.GetUtcNow().AddHours(-1);
        var record = world.HoursBetween(hour, hour.AddHours(1)).Single(h => h.AdSetIndex == 1);
        Assert.Equal(AdSetStatus.Paused, record.Status);
        Assert.Equal(0m, record.Spend.Amount);
        Assert.Equal(0, record.Impressions);
    }

    [Fact]
    public void Change_BudgetOutsideTheAdSetsRange_IsRefusedAndChangesNothing()
    {
        var world = new SandboxWorld(DefaultFamily.Preset());
        var before = world.SettingsOf(0);

        Assert.Throws<ArgumentOutOfRangeException>(() => world.Change(0, s => s with { DailyBudget = world.AdSets[0].MinDailyBudget - 0.01m }));

        Assert.Equal(before, world.SettingsOf(0));
    }

    [Fact]
    public void Orders_HaveIncreasingIdsAndTimesWithinTheirHour_AndAddUpToTheStoresRevenue()
    {
        var world = new SandboxWorld(DefaultFamily.Preset());
        world.Advance(72);
        var start = world.StartUtc;

        var orders = world.Orders();
        var records = world.HoursBetween(start, world.Clock.GetUtcNow());

        Assert.NotEmpty(orders);
        Assert.Equal(orders.Count, orders.Select(o => o.Id).Distinct().Count());
        Assert.True(orders.Zip(orders.Skip(1)).All(p => p.First.Id < p.Second.Id && p.First.CreatedAtUtc <= p.Second.CreatedAtUtc));
        Assert.Equal("#1001", orders[0].Name);
        Assert.StartsWith("gid://shopify/Order/", orders[0].Gid, StringComparison.Ordinal);
        Assert.All(orders, o => Assert.True(o.CreatedAtUtc >= start && o.CreatedAtUtc < world.Clock.GetUtcNow()));
        Assert.All(orders, o => Assert.True(o.Total.Amount >= 0 && decimal.Round(o.Total.Amount, 2) == o.Total.Amount));
        var adOrders = orders.Where(o => o.CausedBy is not null).ToArray();
        Assert.Equal(records.Sum(r => r.ShopifyOrders), adOrders.Length);
        Assert.Equal((double)records.Sum(r => r.ShopifyRevenue.Amount), (double)adOrders.Sum(o => o.Total.Amount), 0.01 * records.Count);
        Assert.All(orders.Where(o => o.UtmAdSet is not null), o => Assert.Equal(o.CausedBy, o.UtmAdSet));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(SandboxWorld.MaxAdvanceHours + 1)]
    public void Advance_OutOfRange_Throws(int hours)
    {
        var world = new SandboxWorld(DefaultFamily.Preset());

        Assert.Throws<ArgumentOutOfRangeException>(() => world.Advance(hours));
        Assert.Equal(0, world.HoursElapsed);
    }
}
