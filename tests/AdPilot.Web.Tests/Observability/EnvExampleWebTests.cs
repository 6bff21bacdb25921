using AdPilot.Runtime.Alerts;
using AdPilot.Runtime.Configuration;
using Microsoft.Extensions.Configuration;

namespace AdPilot.Web.Tests.Observability;

/// <summary><c>.env.example</c>, copied to <c>.env</c> as it stands, is a configuration the Web and Alerts sections accept, but for the credential a production start needs.</summary>
public sealed class EnvExampleWebTests
{
    [Fact]
    public void EnvExample_AsIs_PassesTheAlertsSection_AndProductionAsksForACredential()
    {
        var configuration = AdPilotConfiguration.Build(new Dictionary<string, string?>(), FindEnvExample(), settingsFile: null);

        var alerts = ConfigurationSections.Read(configuration, AlertOptions.SectionName, () => new AlertOptions(), o => o.Validate());
        var errors = configuration.GetSection(WebOptions.SectionName).Get<WebOptions>()!.Validate();

        Assert.Equal(2m, alerts.SpendSpikeFactor);
        Assert.True(string.IsNullOrEmpty(alerts.SlackWebhookUrl));
        var error = Assert.Single(errors);
        Assert.Contains("WEB__ADMINTOKEN", error, StringComparison.Ordinal);
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

        throw new FileNotFoundException(".env.example not found above " + AppContext.BaseDirectory + " or " + source);
    }
}
