using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;

namespace AdPilot.Runtime.Platforms;

/// <summary>
/// The ad platforms and accounts this AdPilot drives, built from configuration by
/// <see cref="PlatformsServiceCollectionExtensions.AddAdPlatforms"/>: the loop asks it for the accounts and, per account,
/// the <see cref="IAdPlatform"/> that serves it, without knowing whether that is Meta, TikTok, the sandbox or a simulation.
/// </summary>
public sealed class AdPlatforms
{
    private readonly IReadOnlyDictionary<Platform, IAdPlatform> _platforms;

    /// <summary>Initializes a new instance of the <see cref="AdPlatforms"/> class.</summary>
    /// <param name="source">Where the platforms come from.</param>
    /// <param name="platforms">One platform instance per platform that has accounts.</param>
    /// <param name="accounts">The accounts; each one's platform must be in <paramref name="platforms"/>.</param>
    /// <exception cref="ArgumentException">An account's platform has no instance, or an account is listed twice.</exception>
    public AdPlatforms(PlatformSource source, IEnumerable<IAdPlatform> platforms, IEnumerable<AdAccountRef> accounts)
    {
        ArgumentNullException.ThrowIfNull(platforms);
        ArgumentNullException.ThrowIfNull(accounts);
        Source = source;
        _platforms = platforms.ToDictionary(p => p.Platform);
        Accounts = accounts.ToArray();
        foreach (var account in Accounts)
        {
            if (!_platforms.ContainsKey(account.Platform))
            {
                throw new ArgumentException($"account {account} has no {account.Platform} platform configured", nameof(accounts));
            }
        }

        if (Accounts.GroupBy(a => (a.Platform, a.AccountId)).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"account {twice.First()} is listed twice", nameof(accounts));
        }
    }

    /// <summary>Gets where the platforms come from.</summary>
    public PlatformSource Source { get; }

    /// <summary>Gets the accounts to drive, in configuration order.</summary>
    public IReadOnlyList<AdAccountRef> Accounts { get; }

    /// <summary>The platform that serves <paramref name="account"/>.</summary>
    /// <param name="account">One of <see cref="Accounts"/>.</param>
    /// <returns>The platform.</returns>
    /// <exception cref="ArgumentException">The account's platform is not configured.</exception>
    public IAdPlatform For(AdAccountRef account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return _platforms.TryGetValue(account.Platform, out var platform)
            ? platform
            : throw new ArgumentException($"no {account.Platform} platform is configured for account {account}", nameof(account));
    }
}
