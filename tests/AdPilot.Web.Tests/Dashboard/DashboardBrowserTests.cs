using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Loop;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Dashboard;
using AdPilot.Storage.Tests.Infrastructure;
using AdPilot.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AdPilot.Web.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's chromium, headless) over the loop run against the sandbox: sign in, charts,
/// an approval, the kill switch with restore.
/// </summary>
public sealed class DashboardBrowserTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => WebHarness.Ct;

    [Fact]
    public async Task Dashboard_AfterTwoDaysOfTheLoop_SignsIn_DrawsCharts_ApprovesAChange_AndRestoresTheHumanBudgets()
    {
        await using var web = await WebHarness.StartAsync(
            cluster,
            DatabaseDialect.Sqlite,
            new Dictionary<string, string?> { ["Guardrails:ApprovalIncreaseShare"] = "0.05" },
            historyHours: 48);
        var humanBudgets = web.World.AdSets.ToDictionary(a => a.Ref, a => web.World.SettingsOf(a.Index).DailyBudget);
        var approvals = web.Service<IApprovalStore>();
        await RunHoursAsync(web, 24, RolloutStage.Shadow);
        IReadOnlyList<Approval> pending = [];
        for (var h = 0; h < 4 * 24 && (h < 24 || pending.Count == 0); h++)
        {
            await RunHoursAsync(web, 1, RolloutStage.Expand);
            pending = await approvals.ListPendingAsync(web.StoreId, Ct);
        }

        Assert.NotEmpty(pending);
        Assert.Contains(humanBudgets, b => web.World.SettingsOf(web.World.Find(b.Key.Platform, b.Key.ExternalId)!.Index).DailyBudget != b.Value);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"] });
        await using var context = await browser.NewContextAsync(new() { BaseURL = web.BaseUrl.ToString(), ViewportSize = new() { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();

        // Sign-in: a wrong password is refused, the token lets the person in.
        await page.GotoAsync("/dashboard");
        await page.WaitForSelectorAsync("#credential");
        await page.FillAsync("#credential", "wrong-password");
        await page.ClickAsync("#signin");
        await page.WaitForSelectorAsync("#signin-error");
        await page.FillAsync("#credential", WebHarness.AdminToken);
        await page.FillAsync("#name", "Ana");
        await page.ClickAsync("#signin");

        // The overview's charts are drawn with data.
        foreach (var chart in new[] { "chart-performance", "chart-platforms", "chart-creatives" })
        {
            await page.WaitForSelectorAsync($"#{chart}[data-ready='1']");
            Assert.True(
                await page.EvaluateAsync<bool>($"() => Chart.getChart(document.getElementById('{chart}')).data.datasets[0].data.length > 0"),
                $"{chart} has no data");
        }

        await ScreenshotAsync(page, "overview");
        await page.GotoAsync("/dashboard/policy");
        await page.WaitForSelectorAsync("#chart-rewards[data-ready='1']");
        Assert.True(await page.EvaluateAsync<bool>("() => Chart.getChart(document.getElementById('chart-rewards')).data.datasets[0].data.length > 0"));
        Assert.Contains("bandit", await page.InnerTextAsync("#live-policies"), StringComparison.Ordinal);
        await ScreenshotAsync(page, "policy", fullPage: false);

        await page.GotoAsync("/dashboard/shadow");
        await page.WaitForSelectorAsync("#shadow tbody tr");
        Assert.NotEmpty((await page.Locator("#policy-profit").InnerTextAsync()).Trim()); // the demo's shadow and pilot days are valued
        await ScreenshotAsync(page, "shadow", fullPage: false);

        await page.GotoAsync("/dashboard/actions?verdict=require_approval");
        await page.WaitForSelectorAsync("#actions tbody tr[data-verdict]");
        Assert.All(await page.Locator("#actions tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.verdict)"), v => Assert.Equal("require_approval", v));
        await ScreenshotAsync(page, "actions", fullPage: false);

        // Approve the first held change: the approval is decided by the signed-in person and the action's intent is written.
        var held = pending[0];
        await page.GotoAsync("/dashboard/approvals");
        await page.ClickAsync($"tr[data-approval='{held.Id}'] button.approve");
        await page.WaitForSelectorAsync($"text=Approval {held.Id} approved");
        await ScreenshotAsync(page, "approvals", fullPage: false);
        Assert.DoesNotContain(await approvals.ListPendingAsync(web.StoreId, Ct), a => a.Id == held.Id);
        Assert.Equal(ActionStatus.Intended, (await web.Service<IActionLog>().GetAsync(web.StoreId, held.ActionId, Ct))!.Status);
        var decided = Assert.Single(await web.Service<IDashboardQueries>().RecentDecisionsAsync(web.StoreId, 10, Ct), d => d.Id == held.Id);
        Assert.Equal((ApprovalStatus.Approved, "dashboard:Ana"), (decided.Status, decided.DecidedBy));

        // The kill switch with restore, after its confirmation step: every budget is back to what people last set.
        await page.GotoAsync("/dashboard/killswitch");
        await page.CheckAsync("#restore");
        await page.ClickAsync("#engage");
        await page.WaitForSelectorAsync("#confirm");
        Assert.False((await web.Service<KillSwitchService>().GetStateAsync(web.StoreId, Ct)).Engaged);
        await page.FillAsync("#reason", "browser test");
        await page.ClickAsync("#confirm");
        await page.WaitForSelectorAsync("#restore-results li");
        await page.WaitForSelectorAsync("#killswitch-state[data-engaged='true']");
        await ScreenshotAsync(page, "killswitch");

        Assert.True((await web.Service<KillSwitchService>().GetStateAsync(web.StoreId, Ct)).Engaged);
        foreach (var adSet in web.World.AdSets)
        {
            Assert.Equal(humanBudgets[adSet.Ref], web.World.SettingsOf(adSet.Index).DailyBudget);
        }
    }

    /// <summary>Lets hours pass in the world and runs every account's cycle of the web application's own loop for each.</summary>
    private static async Task RunHoursAsync(WebHarness web, int hours, RolloutStage stage)
    {
        var cycle = web.Service<HourlyCycle>();
        for (var h = 0; h < hours; h++)
        {
            web.World.Advance(1);
            var now = web.World.Clock.GetUtcNow();
            var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
            foreach (var account in cycle.Accounts)
            {
                await cycle.RunAsync(web.StoreId, account, hour, stage, Ct);
            }
        }
    }

    /// <summary>Saves a full-page screenshot when <c>ADPILOT_SCREENSHOTS</c> names a folder (to look at the pages).</summary>
    private static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var folder = Environment.GetEnvironmentVariable("ADPILOT_SCREENSHOTS");
        if (!string.IsNullOrWhiteSpace(folder))
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"dashboard-{name}.png"), FullPage = fullPage });
        }
    }
}
