using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Stores;
using Microsoft.Data.Sqlite;

namespace AdPilot.Cli.Tests.Commands;

public sealed class ApprovalsCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Hour = TimeProvider.System.GetUtcNow().AddHours(-1) is var t ? new(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero) : default;
    private readonly string _folder = Directory.CreateTempSubdirectory("adpilot-approvals-").FullName;

    private string Db => $"sqlite:{Path.Combine(_folder, "adpilot.db")}";

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task List_ShowsTheHeldChangeWithItsAdSet()
    {
        var (approval, _) = await SeedAsync("held.myshopify.com");

        var result = await CliRunner.RunAsync("approvals", "list", "--db", Db, "--json");

        Assert.Equal(0, result.ExitCode);
        var row = Assert.Single(JsonDocument.Parse(result.Stdout).RootElement.EnumerateArray());
        Assert.Equal(approval, row.GetProperty("id").GetInt64());
        Assert.Equal("instagram:as-9", row.GetProperty("adSet").GetString());
        Assert.Contains("dailyBudget", row.GetProperty("change").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_MakesTheActionAnIntent_AndASecondDecisionIsRefused()
    {
        var (approval, action) = await SeedAsync("held.myshopify.com");

        var approved = await CliRunner.RunAsync("approvals", "approve", approval.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", Db, "--by", "alice");
        var again = await CliRunner.RunAsync("approvals", "reject", approval.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", Db);

        Assert.Equal(0, approved.ExitCode);
        Assert.Contains("approved by cli:alice", approved.Stdout, StringComparison.Ordinal);
        await using var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(Db), TestContext.Current.CancellationToken);
        var entry = await new ActionLog(database, TimeProvider.System).GetAsync(1, action, TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Intended, entry!.Status);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already approved", again.Stderr, StringComparison.Ordinal);
        var list = await CliRunner.RunAsync("approvals", "list", "--db", Db);
        Assert.Contains("No change is waiting", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_UnknownId_FailsNamingIt()
    {
        await SeedAsync("held.myshopify.com");

        var result = await CliRunner.RunAsync("approvals", "reject", "999", "--db", Db);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("approval 999", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeveralStores_WithoutStore_AsksForOneNamingThem()
    {
        await SeedAsync("one.myshopify.com");
        await SeedAsync("two.myshopify.com");

        var ambiguous = await CliRunner.RunAsync("approvals", "list", "--db", Db);
        var named = await CliRunner.RunAsync("approvals", "list", "--db", Db, "--store", "two.myshopify.com", "--json");

        Assert.Equal(2, ambiguous.ExitCode);
        Assert.Contains("one.myshopify.com, two.myshopify.com", ambiguous.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, named.ExitCode);
        Assert.Single(JsonDocument.Parse(named.Stdout).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Decide_RecordsTheActorInTheAuditTrail_WhichAuditShows()
    {
        var (approval, _) = await SeedAsync("held.myshopify.com");
        var id = approval.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var approved = await CliRunner.RunAsync("approvals", "approve", id, "--db", Db, "--actor", "bob", "--note", "fine");
        var json = await CliRunner.RunAsync("audit", "--db", Db, "--json");
        var text = await CliRunner.RunAsync("audit", "--db", Db);
        var later = await CliRunner.RunAsync("audit", "--db", Db, "--since", TimeProvider.System.GetUtcNow().AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(0, approved.ExitCode);
        Assert.Contains("approved by cli:bob", approved.Stdout, StringComparison.Ordinal);
        var entry = Assert.Single(JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray());
        Assert.Equal(("cli:bob", "cli", "approve", $"approval {approval}"), (entry.GetProperty("actor").GetString(), entry.GetProperty("source").GetString(), entry.GetProperty("action").GetString(), entry.GetProperty("target").GetString()));
        Assert.Equal("fine", entry.GetProperty("details").GetProperty("note").GetString());
        Assert.Contains($"\tcli:bob\tapprove\tapproval {approval}\t", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("No admin action recorded since", later.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rejected")]
    [InlineData("expired")]
    public async Task Approve_ADecidedOrExpiredApproval_IsRefusedAndOnlyRealDecisionsAreAudited(string state)
    {
        var (approval, action) = await SeedAsync("held.myshopify.com", state == "expired" ? Hour.AddMinutes(1) : null);
        var id = approval.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (state == "rejected")
        {
            Assert.Equal(0, (await CliRunner.RunAsync("approvals", "reject", id, "--db", Db, "--actor", "carol")).ExitCode);
        }

        var refused = await CliRunner.RunAsync("approvals", "approve", id, "--db", Db, "--actor", "mallory");
        var audit = await CliRunner.RunAsync("audit", "--db", Db, "--json");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains(state == "expired" ? "expired" : "already rejected", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(
            state == "rejected" ? ["cli:carol"] : [],
            JsonDocument.Parse(audit.Stdout).RootElement.EnumerateArray().Select(e => e.GetProperty("actor").GetString()));
        await using var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(Db), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.PendingApproval, (await new ActionLog(database, TimeProvider.System).GetAsync(1, action, TestContext.Current.CancellationToken))!.Status);
    }

    [Theory]
    [InlineData("--limit", "0")]
    [InlineData("--since", "last tuesday")]
    public async Task Audit_BadOption_ExitsTwoWithOneLine(string option, string value)
    {
        var result = await CliRunner.RunAsync("audit", "--db", Db, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(option, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordMode_OnlyAChangeOfModeIsRecorded()
    {
        await SeedAsync("held.myshopify.com");
        var ct = TestContext.Current.CancellationToken;
        await using var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(Db), ct);
        var audit = new AdPilot.Storage.Audit.AdminAuditStore(database, TimeProvider.System);
        var actor = AdPilot.Storage.Audit.AdminActor.Cli("dave");

        // The seeded action was logged in pilot: running pilot again is no change, expand is one, then pilot again is another.
        await AdPilot.Cli.Commands.RunCommand.RecordModeAsync(audit, 1, AdPilot.Core.Guardrails.RolloutStage.Pilot, actor, ct);
        await AdPilot.Cli.Commands.RunCommand.RecordModeAsync(audit, 1, AdPilot.Core.Guardrails.RolloutStage.Expand, actor, ct);
        await AdPilot.Cli.Commands.RunCommand.RecordModeAsync(audit, 1, AdPilot.Core.Guardrails.RolloutStage.Expand, actor, ct);
        await AdPilot.Cli.Commands.RunCommand.RecordModeAsync(audit, 1, AdPilot.Core.Guardrails.RolloutStage.Pilot, actor, ct);

        var changes = (await audit.ListAsync(1, null, 10, ct)).Reverse().Select(e => JsonDocument.Parse(e.Details).RootElement).ToList();
        Assert.Equal([("pilot", "expand"), ("expand", "pilot")], changes.Select(d => (d.GetProperty("from").GetString(), d.GetProperty("to").GetString())));
    }

    /// <summary>A store with one change held for approval; returns the approval's and the action's ids.</summary>
    private async Task<(long Approval, long Action)> SeedAsync(string domain, DateTimeOffset? expiresAt = null)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(Db), ct);
        var time = TimeProvider.System;
        var storeId = await new StoreDirectory(database, time).UpsertAsync(
            new StoreProfile { ShopDomain = domain, Currency = "USD", TimeZone = "UTC", GrossMargin = 0.6m, DataSince = Hour.AddDays(-7) }, ct);
        var action = await new ActionLog(database, time).RecordAsync(
            storeId,
            new ActionDecision
            {
                IdempotencyKey = $"{domain}:as-9:{Hour:O}",
                AdSet = new AdSetRef(Platform.Instagram, "as-9"),
                Hour = Hour,
                Mode = RolloutMode.Pilot,
                StateJson = "{}",
                PolicyName = "bandit",
                PolicyVersion = "1",
                ProposedActionJson = """{"dailyBudget":400.00}""",
                FinalActionJson = """{"dailyBudget":400.00}""",
                Verdict = GuardrailVerdict.RequireApproval,
                GuardrailReasons = ["approval_required: +60% over 20%"],
                Status = ActionStatus.PendingApproval,
            },
            ct);
        var approval = await new ApprovalStore(database, time).RequestAsync(storeId, action.Id, expiresAt ?? Hour.AddDays(1), ct);
        return (approval.Id, action.Id);
    }
}
