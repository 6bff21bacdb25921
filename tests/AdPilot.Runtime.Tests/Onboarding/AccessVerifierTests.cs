using AdPilot.Runtime.Onboarding;
using AdPilot.Sandbox.Access;
using AdPilot.Sandbox.Faults;

namespace AdPilot.Runtime.Tests.Onboarding;

/// <summary>The access verifier against the sandbox: every way a connection can be unfit for a run, and the healthy case.</summary>
public sealed class AccessVerifierTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task VerifyMetaAsync_FullAccess_OkWithGrantsCurrencyAndZone()
    {
        await using var sandbox = await OnboardingSandbox.StartAsync();
        var verifier = new AccessVerifier(sandbox.Server.World.Clock);

        var result = await verifier.VerifyMetaAsync(sandbox.Meta, "act_" + sandbox.MetaAccount, sandbox.Server.World.Currency, Token);

        Assert.True(result.Ok, result.Summary);
        Assert.Empty(result.Findings);
        Assert.Empty(result.MissingScopes);
        Assert.Contains("ads_management", result.GrantedScopes);
        Assert.Equal(sandbox.Server.World.Currency, result.Currency);
        Assert.Equal(sandbox.Server.World.TimeZone.Id, result.TimeZone);
        Assert.Null(result.TokenExpiresAt);
        Assert.Empty(result.CampaignBudgetCampaigns);
    }

    [Fact]
    public async Task VerifyMetaAsync_ExpiredToken_ProblemNamingTheTokenAndTheFix()
    {
        await using var sandbox = await OnboardingSandbox.StartAsync(faults: OnboardingSandbox.ExpiredToken(FaultPlatform.Meta));

        var result = await new AccessVerifier(sandbox.Server.World.Clock).VerifyMetaAsync(sandbox.Meta, sandbox.MetaAccount, null, Token);

        Assert.False(result.Ok);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(AccessSeverity.Problem, finding.Severity);
        Assert.Contains("Meta refused the access token", finding.Message, StringComparison.Ordinal);
        Assert.Contains("META_LONG_LIVED_TOKEN", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyMetaAsync_TokenPastItsExpiry_ProblemWithTheDate()
    {
        await using var sandbox = await OnboardingSandbox.StartAsync();
        var expired = sandbox.Server.World.Clock.GetUtcNow().AddHours(-2);
        sandbox.Server.Access = sandbox.Server.Access with { MetaTokenExpiresAt = expired };

        var result = await new AccessVerifier(sandbox.Server.World.Clock).VerifyMetaAsync(sandbox.Meta, sandbox.MetaAccount, null, Token);

        Assert.False(result.Ok);
        Assert.Equal(expired.ToUnixTimeSeconds(), result.TokenExpiresAt?.ToUnixTimeSeconds());
        Assert.Contains(result.Findings, f => f.Message.Contains("token expired at", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyMetaAsync_TokenExpiringSoon_WarningOnly()
    {
        await using var sandbox = await OnboardingSandbox.StartAsync();
        sandbox.Server.Access = sandbox.Server.Access with { MetaTokenExpiresAt = sandbox.Server.World.Clock.GetUtcNow().AddDays(2) };

        var result = await new AccessVerifier(sandbox.Server.World.Clock).VerifyMetaAsync(sandbox.Meta, sandbox.MetaAccount, null, Token);

        Assert.True(result.Ok, result.Summary);
        Assert.Equal(AccessSeverity.Warning, Assert.Single(result.Findings).Severity);
    }

    [Fact]
    public async Task VerifyMetaAsync_MissingAdsManagement_ProblemNamingThePermission()
    {
        await using var sandbox = await OnboardingSandbox.StartAsync(new SandboxAccess { MetaPermissions = ["ads_read", "business_management"] });

        var result = await new AccessVerifier(sandbox.Server.World.Clock).VerifyMetaAsync(sandbox.Meta, sandbox.MetaAccount, null, Token);

        Assert.False(result.Ok);
        Assert.Equal(["ads_management"], result.MissingScopes);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("Meta token lacks the permission ads_management", finding.Message);
        Assert.Contains("Grant ads_management", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyMetaAsync_AccountTheTokenCannotSee_ProblemNamingTheAccount()
    {
        await using var sandbox = await OnboardingSandbox.StartAsync();

        var result = await new AccessVerifier(sandbox.Server.World.Clock).VerifyMetaAsync(sandbox.Meta, "act_111", null, Token);

        Assert.False(result.Ok);
        var finding = Assert.Single(result.Findings);
        Assert.StartsWith("Meta token cannot see ad account act_111", finding.Message, StringComparison.Ordinal);
        Assert.Contains("META_AD_ACCOUNT_ID", finding.Fix, StringComparison.Ordinal);
        Assert.Null(result.Currency);
    }

    [Fact]
    public async Task VerifyMetaAsync_CurrencyMismatchAndCampaignBudgets_ProblemAndWarning()
    {
        await using var sandbox = await OnboardingSandbox.StartAsync(new SandboxAccess { AdAccountCurrency = "EUR", CampaignBudgetOptimisation = true });

        var result = await new AccessVerifier(sandbox.Server.World.Clock).VerifyMetaAsync(sandbox.Meta, sandbox.MetaAccount, "USD", Token);

        Assert.False(result.Ok);
        Assert.Equal("EUR", result.Currency);
        Assert.Equal([sandbox.Server.Meta.CampaignId], result.CampaignBudgetCampaigns);
        Assert.Equal(AccessSeverity.Problem, result.Findings[0].Severity);
        Assert.Contains("reports money in EUR but the store's currency is USD", result.Findings[0].Message, StringComparison.Ordinal);
        Assert.Contains(result.Findings, f => f.Severity == AccessSeverity.Warning && f.Message.Contains("campaign budget optimisation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyTikTokAsync_FullAccess_OkWithEveryPermissionProved()
    {
        await using var sandbox = await OnboardingSandbox.StartAsync();

        var result = await new AccessVerifier(sandbox.Server.World.Clock).VerifyTikTokAsync(sandbox.TikTok, sandbox.Advertiser, sandbox.Server.World.Currency, Token);

        Assert.True(result.Ok, result.Summary);
        Assert.Equal(AccessVerifier.RequiredTikTokScopes, result.GrantedScopes);
        Assert.Equal("STATUS_ENABLE", result.Status);
        Assert.Equal(sandbox.Server.World.TimeZone.Id, result.TimeZone);
    }

    [Fact]
    public async Task VerifyTikTokAsync_ReportingWithheld_ProblemNamingIt()
    {
        await using var sandbox = await OnboardingSandbox.StartAsync(new SandboxAccess { TikTokScopes = ["advertiser_read", "ad_management"] });

        var result = await new AccessVerifier(sandbox.Server.World.Clock).VerifyTikTokAsync(sandbox.TikTok, sandbox.Advertiser, null, Token);

        Assert.False(result.Ok);
        Assert.Equal(["reporting"], result.MissingScopes);
        Assert.StartsWith("TikTok token lacks the reporting permission", Assert.Single(result.Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyTikTokAsync_AdvertiserNotAuthorised_ProblemNamingIt()
    {
        await using var sandbox = await OnboardingSandbox.StartAsync();

        var result = await new AccessVerifier(sandbox.Server.World.Clock).VerifyTikTokAsync(sandbox.TikTok, "1234", null, Token);

        Assert.False(result.Ok);
        Assert.StartsWith("TikTok token cannot read advertiser 1234", Assert.Single(result.Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyTikTokAsync_ExpiredToken_Problem()
    {
        await using var sandbox = await OnboardingSandbox.StartAsync(faults: OnboardingSandbox.ExpiredToken(FaultPlatform.TikTok));

        var result = await new AccessVerifier(sandbox.Server.World.Clock).VerifyTikTokAsync(sandbox.TikTok, sandbox.Advertiser, null, Token);

        Assert.False(result.Ok);
        Assert.Contains("TikTok refused the access token", Assert.Single(result.Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyTikTokAsync_CurrencyMismatchAndCampaignBudgets_ProblemAndWarning()
    {
        await using var sandbox = await OnboardingSandbox.StartAsync(new SandboxAccess { AdAccountCurrency = "GBP", CampaignBudgetOptimisation = true });

        var result = await new AccessVerifier(sandbox.Server.World.Clock).VerifyTikTokAsync(sandbox.TikTok, sandbox.Advertiser, "USD", Token);

        Assert.False(result.Ok);
        Assert.Single(result.CampaignBudgetCampaigns);
        Assert.Equal(2, result.Findings.Count);
    }

    [Fact]
    public async Task VerifyShopifyAsync_LongHistoryWithoutReadAllOrders_ProblemNamingTheScope()
    {
        await using var sandbox = await OnboardingSandbox.StartAsync();
        var world = sandbox.Server.World;

        var result = await new AccessVerifier(world.Clock).VerifyShopifyAsync(sandbox.Shopify, sandbox.Server.ShopDomain, world.Currency, world.TimeZone.Id, 90, Token);

        Assert.False(result.Ok);
        Assert.Equal(["read_all_orders"], result.MissingScopes);
        Assert.Contains("Store__HistoryDays", Assert.Single(result.Findings).Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyShopifyAsync_ShortHistoryMatchingSettings_Ok()
    {
        await using var sandbox = await OnboardingSandbox.StartAsync();
        var world = sandbox.Server.World;

        var result = await new AccessVerifier(world.Clock).VerifyShopifyAsync(sandbox.Shopify, sandbox.Server.ShopDomain, world.Currency, world.TimeZone.Id, 28, Token);

        Assert.True(result.Ok, result.Summary);
        Assert.Equal(["read_orders"], result.GrantedScopes);
        Assert.Equal(sandbox.Server.ShopDomain, result.AccountId);
    }

    [Fact]
    public async Task VerifyShopifyAsync_CurrencyAndZoneDiffer_ProblemAndWarning()
    {
        await using var sandbox = await OnboardingSandbox.StartAsync();

        var result = await new AccessVerifier(sandbox.Server.World.Clock).VerifyShopifyAsync(sandbox.Shopify, sandbox.Server.ShopDomain, "JPY", "Asia/Tokyo", 28, Token);

        Assert.False(result.Ok);
        Assert.Equal([AccessSeverity.Problem, AccessSeverity.Warning], result.Findings.Select(f => f.Severity));
        Assert.Equal("Set STORE_CURRENCY=" + sandbox.Server.World.Currency + ".", result.Findings[0].Fix);
    }

    [Fact]
    public async Task VerifyShopifyAsync_ExpiredToken_Problem()
    {
        await using var sandbox = await OnboardingSandbox.StartAsync(faults: OnboardingSandbox.ExpiredToken(FaultPlatform.Shopify));

        var result = await new AccessVerifier(sandbox.Server.World.Clock).VerifyShopifyAsync(sandbox.Shopify, sandbox.Server.ShopDomain, null, null, 28, Token);

        Assert.False(result.Ok);
        Assert.Contains("SHOPIFY_ADMIN_TOKEN", Assert.Single(result.Findings).Fix, StringComparison.Ordinal);
    }
}
