using AdPilot.Core.Simulation;

namespace AdPilot.Sandbox.Tests;

public sealed class ClockApiTests
{
    [Fact]
    public async Task Advance_ValidHours_SimulatesThemAndReturnsTheNewTime()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);

        var (status, body) = await TestHttp.PostAsync(new Uri(server.BaseUrl, "_sandbox/clock/advance?hours=5"));

        Assert.Equal(200, status);
        Assert.Equal(5, server.World.HoursElapsed);
        Assert.Equal(5, body.GetProperty("hoursElapsed").GetInt32());
        Assert.Equal(server.World.StartUtc.AddHours(5), DateTimeOffset.Parse(body.GetProperty("nowUtc").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?hours=0")]
    [InlineData("?hours=-2")]
    [InlineData("?hours=1.5")]
    [InlineData("?hours=abc")]
    [InlineData("?hours=1&hours=2")]
    [InlineData("?hours=100000")]
    public async Task Advance_InvalidHours_Is400WithAClearMessage_AndChangesNothing(string query)
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);

        var (status, body) = await TestHttp.PostAsync(new Uri(server.BaseUrl, "_sandbox/clock/advance" + query));

        Assert.Equal(400, status);
        Assert.Equal("invalid_hours", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("'hours' must be one whole number from 1 to", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, server.World.HoursElapsed);
    }

    [Fact]
    public async Task Server_ListensOnLoopbackWithAFreePort_AndStopsWhenDisposed()
    {
        var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
        var url = new Uri(server.BaseUrl, "_sandbox/clock");
        Assert.Equal("127.0.0.1", server.BaseUrl.Host);
        Assert.NotEqual(0, server.BaseUrl.Port);
        Assert.Equal(200, (await TestHttp.GetJsonAsync(url)).Status);

        await server.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => TestHttp.Client.GetAsync(url, TestContext.Current.CancellationToken));
    }
}
