using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Core.Platforms;

namespace AdPilot.Sandbox;

/// <summary>
/// One platform of a <see cref="SandboxWorld"/> as an <see cref="IAdPlatform"/>, in process and without HTTP: what the
/// production loop sees when it runs against the simulator directly (fast tests, backtests, the training harness).
/// </summary>
/// <remarks>
/// It keeps the platforms' observable rules that matter to the loop: hours are reported in the account's time zone, an
/// hour without delivery is absent, Meta reports no purchases with its hourly breakdown (TikTok does), money is in the
/// account currency, and a budget outside the ad set's range or an unknown ad set is refused with
/// <see cref="PlatformRequestRejectedException"/>. Rate limits, usage headers and faults are the HTTP sandbox's business.
/// </remarks>
public sealed class SimulatedAdPlatform : IAdPlatform, IAdCreativePlatform, IAdSetCloner
{
    private readonly SandboxWorld _world;

    // Read without a lock; replaced whole when the world adds a copy (under the world's lock, so one writer at a time).
    private volatile Dictionary<string, HashSet<int>> _adSetsByAccount;

    /// <summary>Initializes a new instance of the <see cref="SimulatedAdPlatform"/> class.</summary>
    /// <param name="world">The world.</param>
    /// <param name="platform">The platform whose ad sets this instance serves.</param>
    /// <param name="accounts">
    /// How many ad accounts the platform's ad sets are dealt to, 1 (the default) or more: round-robin in scenario order,
    /// with the ids of <see cref="SandboxAccountIds"/>, exactly as the HTTP sandbox started with as many accounts per platform.
    /// </param>
    public SimulatedAdPlatform(SandboxWorld world, Platform platform, int accounts = 1)
    {
        ArgumentNullException.ThrowIfNull(world);
        if (!Enum.IsDefined(platform))
        {
            throw new ArgumentOutOfRangeException(nameof(platform), platform, "unknown platform");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(accounts, 1);
        _world = world;
        Platform = platform;
        Accounts = Enumerable.Range(0, accounts)
            .Select(i => new AdAccountRef(platform, SandboxAccountIds.For(platform, world.Scenario.Seed, i), world.Currency))
            .ToArray();
        var dealt = SandboxAccountIds.Deal(world, platform, accounts);
        _adSetsByAccount = Accounts.Select((a, i) => (a.AccountId, dealt[i]))
            .ToDictionary(p => p.AccountId, p => p.Item2.Select(s => s.Index).ToHashSet(), StringComparer.Ordinal);
        world.AdSetAdded += OnAdSetAdded;
    }

    /// <inheritdoc/>
    public Platform Platform { get; }

    /// <summary>Gets the first ad account; with one account, it holds every ad set of <see cref="Platform"/> in the world.</summary>
    public AdAccountRef Account => Accounts[0];

    /// <summary>Gets every ad account, each holding the ad sets dealt to it (<see cref="SandboxAccountIds.Deal"/>).</summary>
    public IReadOnlyList<AdAccountRef> Accounts { get; }

    /// <inheritdoc/>
    public Task<IReadOnlyList<AdSetHourInsight>> GetHourlyInsightsAsync(
        AdAccountRef account, DateOnly day, CancellationToken cancellationToken)
    {
        var context = Check(account);
        var held = _adSetsByAccount[account.AccountId];
        cancellationToken.ThrowIfCancellationRequested();
        var from = LocalHour.MidnightUtc(day, _world.TimeZone);
        var to = LocalHour.MidnightUtc(day.AddDays(1), _world.TimeZone);
        var rows = new List<AdSetHourInsight>();
        foreach (var hour in _world.HoursBetween(from, to))
        {
            var adSet = _world.AdSets[hour.AdSetIndex];
            if (adSet.Ref.Platform != Platform || !held.Contains(adSet.Index) || (hour.Impressions == 0 && hour.Spend.Amount == 0))
            {
                continue;
            }

            var local = TimeZoneInfo.ConvertTime(hour.HourStartUtc, _world.TimeZone);
            var reportsPurchases = Platform == Platform.TikTok;
            rows.Add(new AdSetHourInsight(
                adSet.Ref,
                DateOnly.FromDateTime(local.DateTime),
                local.Hour,
                InAccountCurrency(hour.Spend, context),
                hour.Impressions,
                hour.Clicks,
                reportsPurchases ? hour.PlatformConversions : null,
                reportsPurchases ? InAccountCurrency(hour.PlatformConversionValue, context) : null));
        }

        return Task.FromResult<IReadOnlyList<AdSetHourInsight>>(rows);
    }

    /// <inheritdoc/>
    /// <remarks>The sums of <see cref="GetHourlyInsightsAsync"/>'s rows, day by day, so they match them by construction.</remarks>
    public async Task<IReadOnlyList<AdSetDayInsight>> GetDailyInsightsAsync(
        AdAccountRef account, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, "the last day is before the first");
        }

        var rows = new List<AdSetDayInsight>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var hours = await GetHourlyInsightsAsync(account, day, cancellationToken).ConfigureAwait(false);
            rows.AddRange(hours.GroupBy(h => h.AdSet).Select(g => new AdSetDayInsight(
                g.Key,
                day,
                new Money(g.Sum(h => h.Spend.Amount), account.Currency),
                g.Sum(h => h.Impressions),
                g.Sum(h => h.Clicks),
                g.All(h => h.Conversions is not null) ? g.Sum(h => h.Conversions!.Value) : null,
                g.All(h => h.ConversionValue is not null) ? new Money(g.Sum(h => h.ConversionValue!.Value.Amount), account.Currency) : null)));
        }

        return rows;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<AdSetSnapshot>> GetAdSetsAsync(AdAccountRef account, CancellationToken cancellationToken)
    {
        Check(account);
        cancellationToken.ThrowIfCancellationRequested();
        var campaignId = account.AccountId + "-campaign";
        var held = _adSetsByAccount[account.AccountId];
        IReadOnlyList<AdSetSnapshot> snapshots = _world.AdSets
            .Where(a => a.Ref.Platform == Platform && held.Contains(a.Index))
            .Select(a =>
            {
                var settings = _world.SettingsOf(a.Index);
                var targeting = _world.TargetingOf(a.Index);
                return new AdSetSnapshot(
                    a.Ref,
                    _world.NameOf(a.Index),
                    campaignId,
                    settings.Status,
                    PlatformStatusWord(settings.Status),
                    new Money(settings.DailyBudget, _world.Currency),
                    settings.Bid,
                    PlatformBidWord(settings.Bid.Kind))
                {
                    Targeting = new AdSetTargetingRead(targeting.AgeGroup, targeting.Interests),
                };
            })
            .ToArray();
        return Task.FromResult(snapshots);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The copy is made at once in the world (<see cref="SandboxWorld.CloneAdSet"/>: the original's account, market and
    /// ads); its budget must be within the original's range, as the platforms' own minimum and the store's maximum apply.
    /// </remarks>
    public Task<AdSetRef> CloneAdSetAsync(AdAccountRef account, AdSetCloneRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = Check(account);
        cancellationToken.ThrowIfCancellationRequested();
        var original = _world.Find(Platform, request.Original.ExternalId) is { } found && request.Original.Platform == Platform
            && _adSetsByAccount[account.AccountId].Contains(found.Index)
            ? found
            : throw new PlatformRequestRejectedException(context, $"ad set {request.Original.ExternalId} does not exist in account {account.AccountId}");
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            throw new PlatformRequestRejectedException(context, $"the copy of ad set {original.Ref.ExternalId} needs a name");
        }

        if (!Enum.IsDefined(request.AgeGroup) || (request.Interests & ~InterestsJsonConverter.Defined) != 0 || !Enum.IsDefined(request.Status))
        {
            throw new PlatformRequestRejectedException(
                context, $"the copy of ad set {original.Ref.ExternalId} has an undefined age group, interests or status ({request.AgeGroup}, {(int)request.Interests}, {request.Status})");
        }

        var budget = InAccountCurrency(request.DailyBudget, context).Amount;
        if (budget < original.MinDailyBudget || budget > original.MaxDailyBudget)
        {
            throw new PlatformRequestRejectedException(
                context, $"daily budget {budget} {_world.Currency} for the copy of ad set {original.Ref.ExternalId} is outside [{original.MinDailyBudget}, {original.MaxDailyBudget}]");
        }

        var copy = _world.CloneAdSet(original.Index, request.Name, new AdSetTargeting(request.AgeGroup, request.Interests), budget, request.Status);
        return Task.FromResult(copy.Ref);
    }

    /// <inheritdoc/>
    public Task UpdateAdSetAsync(AdAccountRef account, AdSetUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var context = Check(account);
        cancellationToken.ThrowIfCancellationRequested();
        var adSet = _world.Find(Platform, update.AdSet.ExternalId) is { } found && update.AdSet.Platform == Platform
            && _adSetsByAccount[account.AccountId].Contains(found.Index)
            ? found
            : throw new PlatformRequestRejectedException(context, $"ad set {update.AdSet.ExternalId} does not exist in account {account.AccountId}");
        if (update.BidStrategy is { IsValid: false } bid)
        {
            throw new PlatformRequestRejectedException(context, $"bid strategy {bid.Kind} with cap {bid.CapPerResult} is not valid for ad set {adSet.Ref.ExternalId}");
        }

        var budget = update.DailyBudget is { } money ? InAccountCurrency(money, context).Amount : (decimal?)null;
        if (budget is { } b && (b < adSet.MinDailyBudget || b > adSet.MaxDailyBudget))
        {
            throw new PlatformRequestRejectedException(
                context, $"daily budget {b} {_world.Currency} for ad set {adSet.Ref.ExternalId} is outside [{adSet.MinDailyBudget}, {adSet.MaxDailyBudget}]");
        }

        _world.Change(adSet.Index, s => s with
        {
            DailyBudget = budget ?? s.DailyBudget,
            Bid = update.BidStrategy ?? s.Bid,
            Status = update.Status ?? s.Status,
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<AdSnapshot>> GetAdsAsync(AdAccountRef account, CancellationToken cancellationToken)
    {
        Check(account);
        cancellationToken.ThrowIfCancellationRequested();
        var held = _adSetsByAccount[account.AccountId];
        IReadOnlyList<AdSnapshot> ads = _world.AdSets
            .Where(a => a.Ref.Platform == Platform && held.Contains(a.Index))
            .SelectMany(a => _world.AdsOf(a.Index))
            .Select(ad =>
            {
                var status = _world.AdStatusOf(ad.Index);
                return new AdSnapshot(ad.Id, ad.Name, _world.AdSets[ad.AdSetIndex].Ref, status, PlatformStatusWord(status));
            })
            .ToArray();
        return Task.FromResult(ads);
    }

    /// <inheritdoc/>
    public Task UpdateAdStatusesAsync(AdAccountRef account, IReadOnlyList<AdStatusChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var context = Check(account);
        cancellationToken.ThrowIfCancellationRequested();
        var held = _adSetsByAccount[account.AccountId];
        var ads = changes.Select(c => _world.FindAd(Platform, c.AdId) is { } ad && held.Contains(ad.AdSetIndex)
            ? (ad, c.Status)
            : throw new PlatformRequestRejectedException(context, $"ad {c.AdId} does not exist in account {account.AccountId}")).ToArray();
        foreach (var (ad, status) in ads.OrderBy(a => a.Status == AdSetStatus.Active ? 0 : 1))
        {
            _world.ChangeAdStatus(ad.Index, status);
        }

        return Task.CompletedTask;
    }

    private static string PlatformStatusWord(AdSetStatus status) => status == AdSetStatus.Active ? "ACTIVE" : "PAUSED";

    private static string PlatformBidWord(BidStrategyKind kind) => kind switch
    {
        BidStrategyKind.CostCap => "COST_CAP",
        BidStrategyKind.BidCap => "BID_CAP",
        _ => "LOWEST_COST_WITHOUT_CAP",
    };

    /// <summary>Files a copy the world made under its original's account (called under the world's lock).</summary>
    private void OnAdSetAdded(SandboxAdSet copy, SandboxAdSet original)
    {
        var accounts = _adSetsByAccount;
        if (copy.Ref.Platform != Platform || accounts.FirstOrDefault(kv => kv.Value.Contains(original.Index)).Key is not { } account)
        {
            return;
        }

        _adSetsByAccount = new Dictionary<string, HashSet<int>>(accounts, StringComparer.Ordinal) { [account] = [.. accounts[account], copy.Index] };
    }

    private PlatformErrorContext Check(AdAccountRef account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.Platform != Platform)
        {
            throw new ArgumentException($"{account} is not a {Platform} account", nameof(account));
        }

        var context = new PlatformErrorContext(Platform == Platform.TikTok ? ExternalApi.TikTok : ExternalApi.Meta, account.AccountId);
        if (!_adSetsByAccount.ContainsKey(account.AccountId))
        {
            throw new PlatformAuthenticationException(
                context, $"no access to account {account.AccountId}; the simulated world has {string.Join(", ", Accounts.Select(a => a.AccountId))}");
        }

        return string.Equals(account.Currency, _world.Currency, StringComparison.Ordinal)
            ? context
            : throw new PlatformResponseException(context, $"account {account.AccountId} reports money in {_world.Currency}, not the expected {account.Currency}");
    }

    private Money InAccountCurrency(Money money, PlatformErrorContext context) =>
        string.Equals(money.Currency, _world.Currency, StringComparison.Ordinal)
            ? money
            : throw new PlatformRequestRejectedException(context, $"amount {money} is not in the account currency {_world.Currency}");
}
