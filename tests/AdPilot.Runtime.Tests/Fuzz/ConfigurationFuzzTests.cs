using System.Collections;
using System.Text;
using AdPilot.Connectors.Exports;
using AdPilot.Core.Rewards;
using AdPilot.Runtime.Alerts;
using AdPilot.Runtime.Backtest;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Features;
using AdPilot.Runtime.Platforms;
using AdPilot.Runtime.Rewards;
using AdPilot.Tests.Fuzz;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AdPilot.Runtime.Tests.Fuzz;

/// <summary>
/// Fuzzes configuration as the runtime reads it (docs/fuzzing.md): a <c>.env</c> file and an <c>appsettings.json</c>
/// through <see cref="AdPilotConfiguration.Build"/>, then every section bound and validated as <c>adpilot run</c> and
/// <c>adpilot backtest</c> read them; and the backtest's currency-rates CSV. Each input gives options or the documented
/// error (<see cref="InvalidDataException"/> naming the file, <see cref="OptionsValidationException"/> naming the section).
/// </summary>
public sealed class ConfigurationFuzzTests
{
    private static readonly string[] Sections = ["Store", "Alerts", "Guardrails", "FeatureStore", "Rewards", "Platforms"];

    private static string RepositoryFile(string name, [System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "..", name));

    /// <summary>Binds and validates every section the loop and the backtest read.</summary>
    private static void ReadAll(IConfiguration configuration)
    {
        ConfigurationSections.Read(configuration, StoreOptions.SectionName, () => new StoreOptions(), o => o.Validate());
        ConfigurationSections.Read(configuration, AlertOptions.SectionName, () => new AlertOptions(), o => o.Validate());
        ConfigurationSections.Read(configuration, FeatureStoreOptions.SectionName, () => new FeatureStoreOptions(), o => o.Validate());
        ConfigurationSections.Read(configuration, RewardJobOptions.SectionName, () => new RewardJobOptions(), o => o.Validate());
        PlatformsServiceCollectionExtensions.Read(configuration);
        BacktestSettings.FromConfiguration(configuration, RevenueSource.Utm);
    }

    private static string? ConfigurationMessageProblem(Exception error, string file) =>
        FuzzTarget.DefaultMessageProblem(error)
        ?? (error is OptionsValidationException
            ? Sections.Any(s => error.Message.Contains(s, StringComparison.Ordinal)) ? null : "the message names no section"
            : error.Message.Contains(file, StringComparison.Ordinal) ? null : "the message does not name the file");

    [Fact]
    public async Task EnvFile_FuzzedFiles_BoundAndValidatedOrRejectedNamingTheFileOrSection()
    {
        var folder = Directory.CreateTempSubdirectory("adpilot-fuzz-env-");
        var envFile = Path.Combine(folder.FullName, ".env");
        var example = File.ReadAllText(RepositoryFile(".env.example"));
        var filled = example
            .Replace("STORE_CURRENCY=USD", "STORE_CURRENCY=EUR\nSTORE_TIMEZONE=Europe/Berlin\nSTORE_GROSS_MARGIN=0.42", StringComparison.Ordinal)
            .Replace("META_AD_ACCOUNT_ID=act_", "META_AD_ACCOUNT_ID=act_123\nGuardrails__MaxDailyChangePercent=25\nRewards__Window=7", StringComparison.Ordinal);
        var target = new FuzzTarget
        {
            Parser = "Configuration.env",
            Corpus = FuzzCorpus.Text([example, filled]),
            Parse = FuzzTarget.Sync(input =>
            {
                File.WriteAllBytes(envFile, input.Bytes);
                ReadAll(AdPilotConfiguration.Build(new Hashtable(), envFile, settingsFile: null));
            }),
            IsDocumentedError = e => e is InvalidDataException or OptionsValidationException,
            MessageProblem = e => ConfigurationMessageProblem(e, envFile),
        };

        try
        {
            (await Fuzzer.RunAsync(target)).AssertBothPaths();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task SettingsFile_FuzzedJson_BoundAndValidatedOrRejectedNamingTheFileOrSection()
    {
        var folder = Directory.CreateTempSubdirectory("adpilot-fuzz-settings-");
        var settingsFile = Path.Combine(folder.FullName, "appsettings.json");
        string[] seeds =
        [
            """{"Store":{"Currency":"USD","TimeZone":"America/New_York","GrossMargin":0.4,"HistoryDays":28},"Platforms":{"Source":"Simulated"},"Alerts":{},"FeatureStore":{},"Rewards":{}}""",
            """{"Store":{"Currency":"EUR","TargetRoas":2.5},"Guardrails":{},"Platforms":{"Source":"Simulated"}}""",
        ];
        var target = new FuzzTarget
        {
            Parser = "Configuration.appsettings",
            Corpus = FuzzCorpus.Json(seeds),
            Parse = FuzzTarget.Sync(input =>
            {
                File.WriteAllBytes(settingsFile, input.Bytes);
                ReadAll(AdPilotConfiguration.Build(new Hashtable(), envFile: null, settingsFile));
            }),
            IsDocumentedError = e => e is InvalidDataException or OptionsValidationException,
            MessageProblem = e => ConfigurationMessageProblem(e, settingsFile),
        };

        try
        {
            (await Fuzzer.RunAsync(target)).AssertBothPaths();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task CurrencyRates_FuzzedCsv_ReadOrRejectedNamingTheFile()
    {
        var target = new FuzzTarget
        {
            Parser = "CurrencyRates",
            Corpus = FuzzCorpus.Csv([Encoding.UTF8.GetBytes("from,to,rate\nEUR,USD,1.0850\nGBP,USD,1.27\n"), Encoding.UTF8.GetBytes("From,To,Rate\r\nJPY,EUR,0.0061\r\n")]),
            Parse = FuzzTarget.Sync(input => CurrencyRates.Parse(CsvDocument.Parse("rates.csv", input.Bytes))),
            IsDocumentedError = e => e is ExportFormatException,
            MessageProblem = FuzzTarget.Naming("rates.csv"),
        };

        (await Fuzzer.RunAsync(target)).AssertBothPaths();
    }

    /// <summary>
    /// Found by fuzzing Configuration.env (text-cut-line; shrunk to a file holding "g"): DotNetEnv's Sprache.ParseException escaped, and its message quoted
    /// the text consumed last, which can be a token. Now an InvalidDataException names the file and line, and quotes nothing.
    /// </summary>
    [Fact]
    public void Build_EnvLineThatIsNotNameValue_InvalidDataNamingTheFileAndLineWithoutTheValue()
    {
        var folder = Directory.CreateTempSubdirectory("adpilot-fuzz-env-");
        var envFile = Path.Combine(folder.FullName, ".env");
        File.WriteAllText(envFile, "META_LONG_LIVED_TOKEN=EAAB-secret-value\ng");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => AdPilotConfiguration.Build(new Hashtable(), envFile, settingsFile: null));

            Assert.StartsWith($"{envFile}: line 2, column 1: not a NAME=value line", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Found by fuzzing Configuration.appsettings: the message said only "Failed to load configuration from file"; it now gives the JSON reader's line.</summary>
    [Fact]
    public void Build_SettingsFileNotJson_MessageSaysWhere()
    {
        var folder = Directory.CreateTempSubdirectory("adpilot-fuzz-settings-");
        var settingsFile = Path.Combine(folder.FullName, "appsettings.json");
        File.WriteAllText(settingsFile, "{\"Store\":\n [1, }");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => AdPilotConfiguration.Build(new Hashtable(), envFile: null, settingsFile));

            Assert.StartsWith(settingsFile, error.Message, StringComparison.Ordinal);
            Assert.Contains("LineNumber", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Found by fuzzing Configuration.appsettings (json-huge-string): the binder's message quoted a 1.1 MB value.</summary>
    [Fact]
    public void Read_HugeValueThatDoesNotConvert_MessageNamesTheSectionAndStaysShort()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Store:HistoryDays"] = new string('x', 70_000) })
            .Build();

        var error = Assert.Throws<OptionsValidationException>(
            () => ConfigurationSections.Read(configuration, StoreOptions.SectionName, () => new StoreOptions(), o => o.Validate()));

        Assert.InRange(error.Message.Length, 1, 400);
        Assert.StartsWith("Store: ", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Found by the 2,000-input campaign (Configuration.env, text-huge-line): a validation message quoted a 1 MB time zone.</summary>
    [Fact]
    public void Read_HugeTimeZone_ValidationMessageNamesTheSectionAndStaysShort()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Store:Currency"] = "USD", ["Store:TimeZone"] = "America/New_York" + new string('a', 70_000) })
            .Build();

        var error = Assert.Throws<OptionsValidationException>(
            () => ConfigurationSections.Read(configuration, StoreOptions.SectionName, () => new StoreOptions(), o => o.Validate()));

        Assert.InRange(error.Message.Length, 1, 400);
        Assert.StartsWith("Store: The TimeZone 'America/New_York", error.Message, StringComparison.Ordinal);
    }
}
