using AdPilot.Core.Guardrails;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Loop;
using AdPilot.Runtime.Evidence;
using AdPilot.Runtime.Retraining;
using AdPilot.Runtime.Scheduling;
using CreativeOptions = AdPilot.Runtime.Creatives.CreativeOptions;

namespace AdPilot.Runtime.Tests.Configuration;

/// <summary><c>.env.example</c>, copied to <c>.env</c> as it stands, is a configuration every section accepts.</summary>
public sealed class EnvExampleTests
{
    [Fact]
    public void EnvExample_AsIs_PassesEveryLoopSection()
    {
        var configuration = AdPilotConfiguration.Build(new Dictionary<string, string?>(), FindEnvExample(), settingsFile: null);

        var store = ConfigurationSections.Read(configuration, StoreOptions.SectionName, () => new StoreOptions(), o => o.Validate());
        var loop = ConfigurationSections.Read(configuration, LoopOptions.SectionName, () => new LoopOptions(), o => o.Validate());
        var guardrails = ConfigurationSections.Read(
            configuration, LoopServiceCollectionExtensions.GuardrailsSection, () => new GuardrailOptions(), o => [.. o.Validate().Select(e => e.ToString())]);
        var scheduler = ConfigurationSections.Read(configuration, CycleSchedulerOptions.SectionName, () => new CycleSchedulerOptions(), o => o.Validate());

        Assert.Equal("USD", store.Currency);
        Assert.Equal("America/New_York", store.TimeZone);
        Assert.Null(store.TargetRoas);
        Assert.Equal("bandit", loop.Policy);
        Assert.Equal(20m, guardrails.MinDailyBudgetFor(Core.Domain.Platform.TikTok));
        Assert.Equal(TimeSpan.FromHours(3), guardrails.Cooldown);
        Assert.Equal(0.10m, guardrails.CanaryShare);
        Assert.Equal(5, scheduler.MinutePastHour);
        Assert.False(string.IsNullOrWhiteSpace(scheduler.EffectiveWorkerId));
    }

    [Fact]
    public void EnvExample_DocumentsEveryRetrainingOption_AndTheSectionAcceptsIt()
    {
        var path = FindEnvExample();
        var configuration = AdPilotConfiguration.Build(new Dictionary<string, string?>(), path, settingsFile: null);
        var text = File.ReadAllText(path);

        var retraining = ConfigurationSections.Read(configuration, RetrainingOptions.SectionName, () => new RetrainingOptions(), o => o.Validate());

        Assert.All(
            typeof(RetrainingOptions).GetProperties().Where(p => p.CanWrite),
            p => Assert.Contains($"{RetrainingOptions.SectionName}__{p.Name}=", text, StringComparison.Ordinal));
        Assert.False(retraining.Enabled);
        Assert.Equal((3, 200, 14, 28, 16), (retraining.LocalHour, retraining.Episodes, retraining.EpisodeDays, retraining.WindowDays, retraining.AdSetsPerScenario));
        Assert.Equal("bandit", retraining.Snapshot("bandit").AgentKind);
    }

    [Fact]
    public void EnvExample_DocumentsEveryCreativesOption_AndTheSectionAcceptsIt()
    {
        var path = FindEnvExample();
        var configuration = AdPilotConfiguration.Build(new Dictionary<string, string?>(), path, settingsFile: null);
        var text = File.ReadAllText(path);

        var creatives = ConfigurationSections.Read(
            configuration, CreativeOptions.SectionName, () => new CreativeOptions(), o => o.Validate());

        Assert.All(
            typeof(CreativeOptions).GetProperties().Where(p => p.CanWrite),
            p => Assert.Contains($"{CreativeOptions.SectionName}__{p.Name}=", text, StringComparison.Ordinal));
        Assert.Equal(24, creatives.RotationMinHours);
        Assert.True(string.IsNullOrEmpty(creatives.NamePattern));
        Assert.True(string.IsNullOrEmpty(creatives.MappingFile));
    }

    [Fact]
    public void EnvExample_DocumentsThePromotionGate_AndTheSectionAcceptsIt()
    {
        var path = FindEnvExample();
        var configuration = AdPilotConfiguration.Build(new Dictionary<string, string?>(), path, settingsFile: null);
        var text = File.ReadAllText(path);

        var gate = ConfigurationSections.Read(configuration, PromotionGateOptions.SectionName, () => new PromotionGateOptions(), o => o.Validate());

        Assert.All(
            typeof(PromotionGateOptions).GetProperties().Where(p => p.CanWrite && p.Name != nameof(PromotionGateOptions.Reader)),
            p => Assert.Contains($"{PromotionGateOptions.SectionName}__{p.Name}=", text, StringComparison.Ordinal));
        Assert.Equal(new PromotionGateOptions() with { Reader = gate.Reader }, gate);
        Assert.Equal(168, gate.Reader.WarmUpHours);
        Assert.Null(gate.MaxWeight);
    }

    /// <summary>The repository's .env.example: above the test binaries, or (when they are built elsewhere) above this source file.</summary>
    private static string FindEnvExample([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(source) })
        {
            for (var folder = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, ".env.example");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException(".env.example not found above " + AppContext.BaseDirectory + " nor above " + source);
    }
}
