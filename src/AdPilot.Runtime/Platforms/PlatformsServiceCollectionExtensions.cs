using AdPilot.Connectors;
using AdPilot.Connectors.Meta;
using AdPilot.Connectors.TikTok;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AdPilot.Runtime.Platforms;

/// <summary>Registers <see cref="AdPlatforms"/> from the <c>Platforms</c> configuration section.</summary>
public static class PlatformsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AdPlatforms"/>: with <see cref="PlatformSource.Api"/>, the Meta and TikTok connectors of the
    /// platforms that have accounts (each from its own section, validated at start-up); with
    /// <see cref="PlatformSource.Simulated"/>, one in-process <see cref="SandboxWorld"/> and its platforms.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The same services.</returns>
    /// <exception cref="OptionsValidationException">The <c>Platforms</c> section is invalid.</exception>
    public static IServiceCollection AddAdPlatforms(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = Read(configuration);
        services.AddSingleton(Options.Create(options));
        services.TryAddSingleton(configuration); // the connectors bind their sections from it; a host has registered it already

        if (options.Source == PlatformSource.Simulated)
        {
            services.AddSingleton(_ => new SandboxWorld(LoadScenario(options.Scenario)));
            services.AddSingleton(provider =>
            {
                var world = provider.GetRequiredService<SandboxWorld>();
                var platforms = world.AdSets.Select(a => a.Ref.Platform).Distinct().Order()
                    .Select(p => new SimulatedAdPlatform(world, p))
                    .ToArray();
                return new AdPlatforms(PlatformSource.Simulated, platforms, platforms.Select(p => p.Account));
            });
            return services;
        }

        var used = options.Accounts.Select(a => a.Platform).ToHashSet();
        if (used.Contains(Platform.Instagram))
        {
            services.AddMetaConnector();
        }

        if (used.Contains(Platform.TikTok))
        {
            services.AddTikTokConnector();
        }

        services.AddSingleton(provider =>
        {
            var platforms = new List<IAdPlatform>();
            if (used.Contains(Platform.Instagram))
            {
                RequireSafeBaseUrl("Meta", provider.GetRequiredService<IOptions<MetaOptions>>().Value.BaseUrl);
                platforms.Add(provider.GetRequiredService<MetaAdPlatform>());
            }

            if (used.Contains(Platform.TikTok))
            {
                RequireSafeBaseUrl("TikTok", provider.GetRequiredService<IOptions<TikTokOptions>>().Value.BaseUrl);
                platforms.Add(provider.GetRequiredService<TikTokAdPlatform>());
            }

            return new AdPlatforms(
                PlatformSource.Api, platforms, options.Accounts.Select(a => new AdAccountRef(a.Platform, a.PlainAccountId, a.Currency)));
        });
        return services;
    }

    /// <summary>Binds and validates the section now, so a bad configuration stops the start with every problem named.</summary>
    internal static PlatformsOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(PlatformsOptions.SectionName);
        PlatformsOptions options;
        try
        {
            options = section.Get<PlatformsOptions>() ?? new PlatformsOptions();
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the value it could not convert (e.g. an unknown Source).
            throw new OptionsValidationException(PlatformsOptions.SectionName, typeof(PlatformsOptions), [Configuration.ConfigurationSections.Bound(ex.Message)]);
        }

        var failures = new List<string>();
        if (!Enum.IsDefined(options.Source))
        {
            failures.Add($"Platforms:Source must be Api or Simulated, got {options.Source}.");
        }

        for (var i = 0; i < options.Accounts.Count; i++)
        {
            var account = options.Accounts[i];
            var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
            System.ComponentModel.DataAnnotations.Validator.TryValidateObject(
                account, new System.ComponentModel.DataAnnotations.ValidationContext(account), results, validateAllProperties: true);
            failures.AddRange(results.Select(r => $"Platforms:Accounts:{i}: {r.ErrorMessage}"));
            if (!Enum.IsDefined(account.Platform))
            {
                failures.Add($"Platforms:Accounts:{i}: Platform must be Instagram or TikTok, got {account.Platform}.");
            }
            else if (account.Platform == Platform.TikTok && account.AccountId.StartsWith("act_", StringComparison.Ordinal))
            {
                failures.Add($"Platforms:Accounts:{i}: act_ ids are Meta's; a TikTok advertiser id is digits only.");
            }
        }

        if (options.Source == PlatformSource.Api && options.Accounts.Count == 0)
        {
            failures.Add("Platforms:Accounts is empty: name at least one ad account (Platform, AccountId, Currency), or set Platforms:Source to Simulated.");
        }

        return failures.Count == 0
            ? options
            : throw new OptionsValidationException(PlatformsOptions.SectionName, typeof(PlatformsOptions), failures);
    }

    /// <summary>Tokens travel in every call: refuse plain HTTP except to this machine (the sandbox).</summary>
    private static void RequireSafeBaseUrl(string section, Uri baseUrl)
    {
        if (baseUrl.Scheme != Uri.UriSchemeHttps && !(baseUrl.Scheme == Uri.UriSchemeHttp && baseUrl.IsLoopback))
        {
            throw new OptionsValidationException(
                section,
                typeof(PlatformsOptions),
                [$"{section}:BaseUrl must be https (plain http is allowed only to a loopback address, such as the sandbox), got {baseUrl.Scheme}://{baseUrl.Host}."]);
        }
    }

    private static Scenario LoadScenario(string? path) =>
        string.IsNullOrWhiteSpace(path) ? DefaultFamily.Preset() : ScenarioJson.Parse(File.ReadAllText(path), path);
}
