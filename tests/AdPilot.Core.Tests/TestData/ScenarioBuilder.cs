using System.Text.Json.Nodes;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.TestData;

/// <summary>Valid scenarios, and valid scenario JSON with one deliberate edit, for tests of loading and validation.</summary>
public static class ScenarioBuilder
{
    /// <summary>A small valid scenario from the default family.</summary>
    /// <param name="adSetCount">The number of ad sets.</param>
    /// <param name="seed">The family seed.</param>
    /// <returns>The scenario.</returns>
    public static Scenario Valid(int adSetCount = 2, ulong seed = 7) => DefaultFamily.Sample(seed, adSetCount);

    /// <summary>The JSON of a small valid scenario.</summary>
    /// <param name="adSetCount">The number of ad sets.</param>
    /// <returns>The JSON text.</returns>
    public static string ValidJson(int adSetCount = 2) => ScenarioJson.Serialize(Valid(adSetCount));

    /// <summary>The JSON of a small valid scenario after an edit of its document tree.</summary>
    /// <param name="edit">Changes the document, e.g. <c>doc => doc["adSets"]![0]!["cvr"] = 1.5</c>.</param>
    /// <param name="adSetCount">The number of ad sets.</param>
    /// <returns>The edited JSON text.</returns>
    public static string JsonWith(Action<JsonObject> edit, int adSetCount = 2)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var doc = JsonNode.Parse(ValidJson(adSetCount))!.AsObject();
        edit(doc);
        return doc.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>A copy of a scenario with one ad set replaced.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="index">The ad set's index.</param>
    /// <param name="edit">Builds the replacement from the original.</param>
    /// <returns>The new scenario.</returns>
    public static Scenario WithAdSet(this Scenario scenario, int index, Func<AdSetParameters, AdSetParameters> edit)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(edit);
        var adSets = scenario.AdSets.ToArray();
        adSets[index] = edit(adSets[index]);
        return scenario with { AdSets = adSets };
    }

    /// <summary>A copy of a scenario with its market replaced.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="edit">Builds the replacement from the original.</param>
    /// <returns>The new scenario.</returns>
    public static Scenario WithMarket(this Scenario scenario, Func<MarketParameters, MarketParameters> edit)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(edit);
        return scenario with { Market = edit(scenario.Market) };
    }

    /// <summary>A copy of a scenario with its store replaced.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="edit">Builds the replacement from the original.</param>
    /// <returns>The new scenario.</returns>
    public static Scenario WithStore(this Scenario scenario, Func<StoreSettings, StoreSettings> edit)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(edit);
        return scenario with { Store = edit(scenario.Store) };
    }
}
