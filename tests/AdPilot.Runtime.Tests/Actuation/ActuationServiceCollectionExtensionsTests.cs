using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Platforms;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Snapshots;
using AdPilot.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdPilot.Runtime.Tests.Actuation;

/// <summary>The actuator's registration: its options and the batch paths per platform.</summary>
public sealed class ActuationServiceCollectionExtensionsTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddActuator_ApiAccounts_ResolvesTheActuatorAndAMetaBatchPathOnly()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        await using var services = Build(db, new Dictionary<string, string?>
        {
            ["Actuator:IntentTtl"] = "03:00:00",
        });

        var batches = services.GetRequiredService<AdPlatformBatches>();
        var accounts = services.GetRequiredService<AdPlatforms>().Accounts;

        Assert.NotNull(services.GetRequiredService<Actuator>());
        Assert.Equal(TimeSpan.FromHours(3), services.GetRequiredService<IOptions<ActuatorOptions>>().Value.IntentTtl);
        Assert.IsType<MetaBatchAdPlatform>(batches.For(accounts.Single(a => a.Platform == Platform.Instagram)));
        Assert.Null(batches.For(accounts.Single(a => a.Platform == Platform.TikTok)));
        Assert.False((await services.GetRequiredService<KillSwitchService>().GetStateAsync(1, Ct)).Engaged);
    }

    [Fact]
    public async Task AddActuator_IntentTtlOutOfRange_FailsValidationNamingIt()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        await using var services = Build(db, new Dictionary<string, string?> { ["Actuator:IntentTtl"] = "00:00:10" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ActuatorOptions>>().Value);

        Assert.Contains("IntentTtl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Actuator_InvalidOptions_ThrowsNamingTheProblem()
    {
        var options = new ActuatorOptions { MinBatchSize = 0 };

        var error = Assert.Throws<ArgumentException>(() => ActuatorOptions.Checked(options));

        Assert.Contains("MinBatchSize", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(TestDatabase db, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["Platforms:Accounts:0:Platform"] = "Instagram",
            ["Platforms:Accounts:0:AccountId"] = "act_123",
            ["Platforms:Accounts:0:Currency"] = "USD",
            ["Platforms:Accounts:1:Platform"] = "TikTok",
            ["Platforms:Accounts:1:AccountId"] = "456",
            ["Platforms:Accounts:1:Currency"] = "USD",
            ["Meta:BaseUrl"] = "http://127.0.0.1:9/meta/",
            ["Meta:AccessToken"] = "token",
            ["Meta:AppSecret"] = "secret",
            ["TikTok:BaseUrl"] = "http://127.0.0.1:9/tiktok/open_api/",
            ["TikTok:AccessToken"] = "token",
        }).Build();
        var time = TimeProvider.System;
        return new ServiceCollection()
            .AddSingleton<IActionLog>(new ActionLog(db.Database, time))
            .AddSingleton<IBudgetSnapshotStore>(new BudgetSnapshotStore(db.Database))
            .AddSingleton<IApprovalStore>(new ApprovalStore(db.Database, time))
            .AddSingleton<IAlertStore>(new AlertStore(db.Database, time))
            .AddAdPlatforms(configuration)
            .AddActuator(configuration)
            .BuildServiceProvider();
    }
}
