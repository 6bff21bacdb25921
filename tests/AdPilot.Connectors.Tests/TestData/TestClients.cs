using AdPilot.Connectors.Meta;
using AdPilot.Connectors.TikTok;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AdPilot.Connectors.Tests.TestData;

/// <summary>Builds the typed clients over a <see cref="StubHandler"/>, on the system clock unless a test passes a fake one.</summary>
public static class TestClients
{
    public static MetaInsightsClient MetaInsights(StubHandler handler, MetaOptions options, TimeProvider? time = null, MetaPacer? pacer = null)
    {
        time ??= TimeProvider.System;
        return new MetaInsightsClient(
            handler.CreateClient(), Options.Create(options), pacer ?? new MetaPacer(Options.Create(options), time), time,
            NullLogger<MetaInsightsClient>.Instance);
    }

    public static MetaAdSetsClient MetaAdSets(StubHandler handler, MetaOptions options, TimeProvider? time = null, MetaPacer? pacer = null)
    {
        time ??= TimeProvider.System;
        return new MetaAdSetsClient(
            handler.CreateClient(), Options.Create(options), pacer ?? new MetaPacer(Options.Create(options), time), time,
            NullLogger<MetaAdSetsClient>.Instance);
    }

    public static TikTokReportsClient TikTokReports(StubHandler handler, TikTokOptions options, TimeProvider? time = null) =>
        new(handler.CreateClient(), Options.Create(options), time ?? TimeProvider.System, NullLogger<TikTokReportsClient>.Instance);

    public static TikTokAdGroupsClient TikTokAdGroups(StubHandler handler, TikTokOptions options, TimeProvider? time = null) =>
        new(handler.CreateClient(), Options.Create(options), time ?? TimeProvider.System, NullLogger<TikTokAdGroupsClient>.Instance);
}
