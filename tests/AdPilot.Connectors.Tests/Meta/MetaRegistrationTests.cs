using AdPilot.Connectors.Meta;
using AdPilot.Connectors.TikTok;
using AdPilot.Connectors.Tests.TestData;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdPilot.Connectors.Tests.Meta;

/// <summary>What <c>AddMetaConnector</c> and <c>AddTikTokConnector</c> register for pacing and backoff.</summary>
public sealed class MetaRegistrationTests
{
    [Fact]
    public void AddMetaConnector_ClockRegisteredFirst_KeepsItAndSharesOnePacer()
    {
        var clock = new ManualClock();
        using var provider = Build(s => s.AddSingleton<TimeProvider>(clock).AddMetaConnector().AddTikTokConnector());

        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
        Assert.Same(provider.GetRequiredService<MetaPacer>(), provider.GetRequiredService<MetaPacer>());
        Assert.NotNull(provider.GetRequiredService<MetaInsightsClient>());
        Assert.NotNull(provider.GetRequiredService<MetaAdSetsClient>());
        Assert.NotNull(provider.GetRequiredService<TikTokReportsClient>());
    }

    [Fact]
    public void AddMetaConnector_NoClockRegistered_UsesTheSystemClock()
    {
        using var provider = Build(s => s.AddMetaConnector());

        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddMetaConnector_ThrottleAndPacingOptions_BindFromConfiguration()
    {
        using var provider = Build(
            s => s.AddMetaConnector(),
            ("Meta:MaxThrottleRetries", "2"),
            ("Meta:MaxThrottleWait", "00:00:30"),
            ("Meta:PacingThresholdPercent", "60"),
            ("Meta:ReportPollInterval", "00:00:02"));

        var options = provider.GetRequiredService<IOptions<MetaOptions>>().Value;

        Assert.Equal(2, options.MaxThrottleRetries);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxThrottleWait);
        Assert.Equal(60, options.PacingThresholdPercent);
        Assert.Equal(TimeSpan.FromSeconds(2), options.ReportPollInterval);
    }

    [Theory]
    [InlineData("Meta:PacingThresholdPercent", "96")]
    [InlineData("Meta:MaxThrottleRetries", "-1")]
    [InlineData("Meta:MaxThrottleWait", "02:00:00")]
    public void AddMetaConnector_OutOfRangeOption_FailsValidation(string key, string value)
    {
        using var provider = Build(s => s.AddMetaConnector(), (key, value));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MetaOptions>>().Value);

        Assert.Contains(key["Meta:".Length..], ex.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Action<IServiceCollection> register, params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Meta:AccessToken"] = "EAAB",
            ["Meta:AppSecret"] = "s",
            ["TikTok:AccessToken"] = "t",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging();
        register(services);
        return services.BuildServiceProvider();
    }
}
