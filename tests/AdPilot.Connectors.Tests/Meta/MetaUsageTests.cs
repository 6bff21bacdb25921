using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Tests.TestData;

namespace AdPilot.Connectors.Tests.Meta;

public sealed class MetaUsageTests
{
    [Fact]
    public void Read_KoalaHeaders_ReadsAllThree()
    {
        var fixture = FixtureFiles.Json("meta", "rate_limit_headers.koala.json");

        var usage = MetaUsage.Read(name => (string?)fixture[name.ToLowerInvariant()]);

        Assert.Equal(0, usage.AppCallCount);
        Assert.Equal(9.67, usage.AdAccountUtilization);
        var useCase = Assert.Single(usage.BusinessUseCases);
        Assert.Equal(new MetaBusinessUseCaseUsage("123456789012345", "messenger", 1, 1, 1, TimeSpan.Zero), useCase);
        Assert.Equal(9.67, usage.HighestPercent);
    }

    [Fact]
    public void Read_AirbyteAppUsageHeader_ReadsPercentages()
    {
        var header = (string)FixtureFiles.Json("meta", "errors_graph_api.airbyte.json")["cases"]![0]!["headers"]!["x-app-usage"]!;

        var usage = MetaUsage.Read(name => name == MetaUsage.AppHeader ? header : null);

        Assert.Equal((28d, 25d, 25d), (usage.AppCallCount!.Value, usage.AppTotalTime!.Value, usage.AppTotalCpuTime!.Value));
        Assert.Null(usage.AdAccountUtilization);
        Assert.Equal(28, usage.HighestPercent);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public void Read_MissingOrUnreadableHeaders_AreAbsentNotZero(string? value)
    {
        var usage = MetaUsage.Read(_ => value);

        Assert.Null(usage.AppCallCount);
        Assert.Null(usage.AdAccountUtilization);
        Assert.Empty(usage.BusinessUseCases);
        Assert.Null(usage.HighestPercent);
    }
}
