using System.Collections;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Platforms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdPilot.Runtime.Tests.Configuration;

public sealed class AdPilotConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adpilot-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Build_GuideVariablesInTheEnvFile_ReachTheirSections()
    {
        var env = Write(".env", """
            SHOPIFY_STORE_DOMAIN=shop.myshopify.com
            SHOPIFY_ADMIN_TOKEN=shpat_from_file
            META_APP_SECRET=app-secret
            META_LONG_LIVED_TOKEN=EAAB-token
            META_AD_ACCOUNT_ID=act_1234567
            TIKTOK_ACCESS_TOKEN=tt-token
            TIKTOK_AD_ACCOUNT_ID=7000001
            STORE_CURRENCY=EUR
            DB_URL=sqlite:./data/a.db
            TZ=Europe/Berlin
            """);

        var configuration = AdPilotConfiguration.Build(new Hashtable(), env, settingsFile: null);

        Assert.Equal("shop.myshopify.com", configuration["Shopify:ShopDomain"]);
        Assert.Equal("shpat_from_file", configuration["Shopify:AdminToken"]);
        Assert.Equal("EAAB-token", configuration["Meta:AccessToken"]);
        Assert.Equal("app-secret", configuration["Meta:AppSecret"]);
        Assert.Equal("tt-token", configuration["TikTok:AccessToken"]);
        Assert.Equal("sqlite:./data/a.db", configuration["Storage:Database"]);
        Assert.Equal("Europe/Berlin", configuration["Store:TimeZone"]);
        using var provider = new ServiceCollection().AddAdPlatforms(configuration).BuildServiceProvider();
        Assert.Equal(
            [new AdAccountRef(Platform.Instagram, "1234567", "EUR"), new AdAccountRef(Platform.TikTok, "7000001", "EUR")],
            provider.GetRequiredService<AdPlatforms>().Accounts);
    }

    [Fact]
    public void Build_Precedence_SettingsThenEnvFileThenProcessEnvironment_AndDotNetFormOverGuideNames()
    {
        var settings = Write("appsettings.json", """{"Meta":{"AccessToken":"from-settings","PageSize":"300"},"Shopify":{"ShopDomain":"settings.myshopify.com"}}""");
        var env = Write(".env", """
            META_LONG_LIVED_TOKEN=from-env-file
            SHOPIFY_STORE_DOMAIN=file.myshopify.com
            Meta__PageSize=200
            """);
        var process = new Hashtable { ["SHOPIFY_STORE_DOMAIN"] = "process.myshopify.com", ["META_LONG_LIVED_TOKEN"] = "guide-name", ["Meta__AccessToken"] = "dotnet-form" };

        var configuration = AdPilotConfiguration.Build(process, env, settings);

        Assert.Equal("process.myshopify.com", configuration["Shopify:ShopDomain"]);
        Assert.Equal("dotnet-form", configuration["Meta:AccessToken"]);
        Assert.Equal("200", configuration["Meta:PageSize"]);
    }

    [Fact]
    public void Build_MissingFiles_AreSkipped_AndABadSettingsFileIsNamed()
    {
        var none = AdPilotConfiguration.Build(new Hashtable(), Path.Combine(_folder, "absent.env"), Path.Combine(_folder, "absent.json"));
        Assert.Null(none["Meta:AccessToken"]);

        var broken = Write("appsettings.json", "{ not json");
        var ex = Assert.Throws<InvalidDataException>(() => AdPilotConfiguration.Build(new Hashtable(), null, broken));
        Assert.Contains(broken, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GuideAccountsWithoutCurrency_FailNamingStoreCurrency_WithoutTheToken()
    {
        var configuration = AdPilotConfiguration.Build(
            new Hashtable { ["META_AD_ACCOUNT_ID"] = "act_99", ["META_LONG_LIVED_TOKEN"] = "EAAB-secret", ["META_APP_SECRET"] = "s" }, null, null);

        var ex = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddAdPlatforms(configuration));

        Assert.Contains("STORE_CURRENCY", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("EAAB-secret", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("act_")]
    [InlineData("  ")]
    public void GuideAccountLeftAsInTheExample_IsNoAccount(string id)
    {
        var configuration = AdPilotConfiguration.Build(new Hashtable { ["META_AD_ACCOUNT_ID"] = id, ["STORE_CURRENCY"] = "USD" }, null, null);

        Assert.Null(configuration["Platforms:Accounts:0:AccountId"]);
    }

    private string Write(string name, string contents)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, contents);
        return path;
    }
}
