using System.Data.Common;
using AdPilot.Runtime.Demo;
using AdPilot.Sandbox;
using AdPilot.Web.Demo;
using Dapper;

namespace AdPilot.Web.Tests.Demo;

/// <summary>
/// One demo as <c>adpilot demo</c> runs it — the loop inside the web application, the sandbox delivering its webhooks to
/// the receiver — three days (shadow, pilot, expand), kept up for the tests to read: the log, every text in the
/// database, the web application's pages and metrics.
/// </summary>
public sealed class DemoWebRunFixture : IAsyncLifetime
{
    private DemoRunner? _runner;

    public string Out { get; } = Path.Combine(Path.GetTempPath(), "adpilot-webdemo-" + Guid.NewGuid().ToString("N"));

    public DemoRunner Runner => _runner!;

    public DemoWebHost Web => (DemoWebHost)Runner.Host;

    public DemoSummary Summary { get; private set; } = null!;

    /// <summary>Gets every secret the run's sandbox issued.</summary>
    public IReadOnlyList<string> Secrets { get; private set; } = [];

    /// <summary>Gets the personal data of every order the sandbox's shop took.</summary>
    public IReadOnlyList<string> PersonalData { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        var options = new DemoOptions { Days = 3, OutDirectory = Out, TrainingEpisodes = 3, Seed = 11 };
        _runner = await DemoRunner.StartAsync(options, TimeProvider.System, DemoWebHost.On(0), cancellationToken: TestContext.Current.CancellationToken);
        Summary = await _runner.RunAsync(cancellationToken: TestContext.Current.CancellationToken);
        var c = _runner.Sandbox.Credentials;
        Secrets = [c.MetaAccessToken, c.MetaAppSecret, c.TikTokAccessToken, c.ShopifyAdminToken, c.ShopifyWebhookSecret];
        PersonalData = [.. _runner.Sandbox.World.Orders()
            .Select(o => o.Customer)
            .OfType<ShopifyCustomer>()
            .SelectMany(p => new[] { p.Email, p.Phone, p.Address1, $"{p.FirstName} {p.LastName}" })
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Every text value of every table of the demo's database, as it stands now.</summary>
    public async Task<IReadOnlyList<string>> DatabaseTextAsync()
    {
        await using var connection = await Runner.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var tables = (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")).ToList();
        var text = new List<string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using DbDataReader reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!reader.IsDBNull(i) && reader.GetValue(i) is string s)
                    {
                        text.Add(s);
                    }
                }
            }
        }

        return text;
    }

    public async ValueTask DisposeAsync()
    {
        if (_runner is not null)
        {
            await _runner.DisposeAsync();
        }

        if (Directory.Exists(Out))
        {
            Directory.Delete(Out, recursive: true);
        }
    }
}
