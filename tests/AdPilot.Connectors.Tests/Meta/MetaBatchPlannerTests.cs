using AdPilot.Connectors.Meta;

namespace AdPilot.Connectors.Tests.Meta;

public sealed class MetaBatchPlannerTests
{
    [Fact]
    public void Plan_120DistinctCampaigns_SplitsIntoBatchesOfAtMost50()
    {
        var items = Enumerable.Range(0, 120).Select(i => (Id: i, Campaign: $"c{i}")).ToList();

        var batches = MetaBatchPlanner.Plan(items, x => x.Campaign);

        Assert.Equal([50, 50, 20], batches.Select(b => b.Count));
        Assert.Equal(items, batches.SelectMany(b => b));
    }

    [Fact]
    public void Plan_AdSetsOfOneCampaign_NeverShareABatch()
    {
        var items = new[] { (1, "a"), (2, "a"), (3, "b"), (4, "a"), (5, "b") };

        var batches = MetaBatchPlanner.Plan(items, x => x.Item2);

        Assert.All(batches, b => Assert.Equal(b.Count, b.Select(x => x.Item2).Distinct().Count()));
        Assert.Equal(items.OrderBy(x => x.Item1), batches.SelectMany(b => b).OrderBy(x => x.Item1));
        Assert.Equal(3, batches.Count);
    }
}
