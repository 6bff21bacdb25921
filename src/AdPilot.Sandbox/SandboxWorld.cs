using System.Globalization;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox.Shopify;

namespace AdPilot.Sandbox;

/// <summary>
/// The world behind the sandbox's APIs: a <see cref="SimulatedEnvironment"/> on a <see cref="VirtualClock"/>, the
/// record of every simulated hour (per ad set, and the store's orders with their later refunds and cancellations), and
/// the settings the APIs change. The clock reads the start of the next hour to simulate; a setting changed now applies
/// to that hour. Ad sets can be added while it runs (<see cref="CloneAdSet"/>). Thread-safe: every change takes one lock;
/// reads take it too and return copies, except the ad set and ad tables (<see cref="AdSets"/>, <see cref="Ads"/>,
/// <see cref="Find"/>, <see cref="FindAd"/>, <see cref="AdsOf"/>), which a change replaces whole, so a read sees one version.
/// </summary>
public sealed class SandboxWorld
{
    /// <summary>The most hours one call may advance (a year).</summary>
    public const int MaxAdvanceHours = 24 * 366;

    private const int MaxDerivedViews = 64;

    private const ulong StreamOrderSplit = 101;
    private const long FirstOrderId = 5_100_000_001;
    private const int FirstOrderNumber = 1001;
    private const long FirstRefundId = 920_000_001;
    private const long FirstTransactionId = 5_900_000_001;

    private readonly Lock _gate = new();
    private readonly SimulatedEnvironment _environment;
    private AdSetSettings[] _settings;
    private AdSetTargeting[] _targeting;
    private readonly List<AdSetHourRecord> _hours = [];
    private readonly List<RewardMetrics> _truth = [];
    private readonly List<ShopifyOrder> _orders = [];
    private readonly List<SettingsChange> _changes = [];
    private AdAction[] _actions;
    private readonly List<(DateTimeOffset At, double Weight)> _hourOrders = [];

    // Read without the lock on every request, so replaced whole (copy on write) when a clone adds an ad set.
    private volatile SandboxAdSet[] _adSets;
    private volatile Dictionary<(Platform Platform, string Id), SandboxAdSet> _byId;
    private volatile SandboxAd[] _ads;
    private volatile SandboxAd[][] _adsBySet;
    private volatile Dictionary<(Platform Platform, string Id), SandboxAd> _adById;
    private AdSetStatus[] _adStatus;
    private string[] _names;
    private readonly Dictionary<string, object> _derived = new(StringComparer.Ordinal);
    private int _derivedHour = -1;
    private StepResult _last;
    private long _nextOrderId = FirstOrderId;
    private int _nextOrderNumber = FirstOrderNumber;
    private long _nextRefundId = FirstRefundId;
    private long _nextTransactionId = FirstTransactionId;

    // Refunds and cancellations to come, by when they happen (then order id, so equal instants replay in one order).
    private readonly SortedSet<(DateTimeOffset At, long OrderId, ShopifyOrderDetails.Fate Fate, string? CancelReason)> _pending = [];

    /// <summary>Initializes a new instance of the <see cref="SandboxWorld"/> class at the scenario's first hour.</summary>
    /// <param name="scenario">The scenario; validated by the simulator.</param>
    /// <exception cref="ScenarioException">The scenario is invalid.</exception>
    public SandboxWorld(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);

        // The platforms take any budget within their range at once, and switch ads on and off whenever asked; the
        // ±25%-an-hour limit and the once-a-day rotation are AdPilot's guardrails, not theirs, so the world must not apply
        // them behind the API's back.
        _environment = new SimulatedEnvironment(
            scenario, ActionLimits.Default with { MaxHourlyBudgetChange = 1e9, MinHoursBetweenCreativeRotations = 0 });
        _last = _environment.Reset();
        Scenario = scenario;
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(scenario.Store.TimeZone);
        Clock = new VirtualClock(_environment.StartUtc);
        _adSets = scenario.AdSets
            .Select((a, i) => new SandboxAdSet(i, new AdSetRef(a.Platform, a.Id), a.Name, a.MinDailyBudget, a.MaxDailyBudget))
            .ToArray();
        _settings = scenario.AdSets.Select(a => new AdSetSettings(a.DailyBudget, AdSetStatus.Active, a.BidStrategy)).ToArray();
        _targeting = scenario.AdSets.Select(a => new AdSetTargeting(a.TargetAgeGroup, a.TargetInterests)).ToArray();
        _names = scenario.AdSets.Select(a => a.Name).ToArray();
        _actions = new AdAction[_adSets.Length];
        _byId = _adSets.ToDictionary(a => (a.Ref.Platform, a.Ref.ExternalId));
        var adSets = _adSets;
        _ads = [.. CreateAds(scenario, adSets)];
        _adStatus = [.. _ads.Select(a => a.Type == scenario.AdSets[a.AdSetIndex].CreativeType && !a.Name.StartsWith(UntaggedPrefix, StringComparison.Ordinal)
            ? AdSetStatus.Active
            : AdSetStatus.Paused)];
        var ads = _ads;
        _adsBySet = [.. adSets.Select(a => ads.Where(ad => ad.AdSetIndex == a.Index).ToArray())];
        _adById = ads.ToDictionary(a => (adSets[a.AdSetIndex].Ref.Platform, a.Id));
    }

    /// <summary>
    /// Raised, under the world's lock, when <see cref="CloneAdSet"/> adds an ad set, with the copy and its original; the
    /// platforms' emulations file the copy under the original's account. A handler must return quickly and must not call
    /// back into the world.
    /// </summary>
    public event Action<SandboxAdSet, SandboxAdSet>? AdSetAdded;

    /// <summary>Gets every ad of the world, ad set by ad set.</summary>
    public IReadOnlyList<SandboxAd> Ads => _ads;

    /// <summary>The ads of an ad set.</summary>
    /// <param name="adSetIndex">The ad set's index.</param>
    /// <returns>Its ads.</returns>
    public IReadOnlyList<SandboxAd> AdsOf(int adSetIndex) => _adsBySet[adSetIndex];

    /// <summary>Finds an ad by platform and id.</summary>
    /// <param name="platform">The platform.</param>
    /// <param name="id">The ad's id.</param>
    /// <returns>The ad, or null.</returns>
    public SandboxAd? FindAd(Platform platform, string? id) => id is null ? null : _adById.GetValueOrDefault((platform, id));

    /// <summary>An ad's own status now (the one the next hour runs with).</summary>
    /// <param name="adIndex">The ad's index.</param>
    /// <returns>The status.</returns>
    public AdSetStatus AdStatusOf(int adIndex)
    {
        lock (_gate)
        {
            return _adStatus[adIndex];
        }
    }

    /// <summary>Switches an ad on or off from the next simulated hour on.</summary>
    /// <param name="adIndex">The ad's index.</param>
    /// <param name="status">The status.</param>
    public void ChangeAdStatus(int adIndex, AdSetStatus status)
    {
        lock (_gate)
        {
            _adStatus[adIndex] = status;
        }
    }

    /// <summary>
    /// The creative type an ad set serves the next hour: the type of most of its active ads (on a tie, the one it serves
    /// now, else the first in <see cref="CreativeType"/> order); null when no ad is active, and it then delivers nothing.
    /// </summary>
    /// <param name="adSetIndex">The ad set's index.</param>
    /// <returns>The type, or null.</returns>
    public CreativeType? ServedCreativeOf(int adSetIndex)
    {
        lock (_gate)
        {
            return Served(adSetIndex, _environment.TruthOf(adSetIndex).Creative);
        }
    }

    /// <summary>The simulator's fatigue multiplier of one creative type of an ad set now (1 = fresh).</summary>
    /// <param name="adSetIndex">The ad set's index.</param>
    /// <param name="type">The creative type.</param>
    /// <returns>The multiplier on its fresh click-through rate.</returns>
    public double FatigueOf(int adSetIndex, CreativeType type)
    {
        lock (_gate)
        {
            return _environment.FatigueOf(adSetIndex, type);
        }
    }

    private const string UntaggedPrefix = "spring_teaser";

    private static readonly string[] Hooks = ["unboxing", "beach", "closeup", "20off"];

    /// <summary>
    /// Every ad set's ads: one of each creative type (<c>ugc_unboxing_v1</c>, …), a second of its starting type, and an
    /// untagged teaser (of the next type), ids from a counter so they are unique in the world. The starting type's ads
    /// are active, the rest paused, so the world starts as the scenario says.
    /// </summary>
    private static IEnumerable<SandboxAd> CreateAds(Scenario scenario, IReadOnlyList<SandboxAdSet> adSets)
    {
        var next = 0;
        foreach (var adSet in adSets)
        {
            var start = scenario.AdSets[adSet.Index].CreativeType;
            var kinds = Enum.GetValues<CreativeType>().Select(t => (Type: t, Name: $"{Word(t)}_{Hooks[(int)t]}_v1"))
                .Append((Type: start, Name: $"{Word(start)}_{Hooks[(int)start]}_v2"))
                .Append((Type: (CreativeType)(((int)start + 1) % 4), Name: $"{UntaggedPrefix}_v1"));
            foreach (var (type, name) in kinds)
            {
                yield return new SandboxAd(next, AdId(adSet.Ref.Platform, next), adSet.Index, name, type);
                next++;
            }
        }
    }

    /// <summary>An ad's id from its index in the world, unique in the world.</summary>
    private static string AdId(Platform platform, int index) => platform == Platform.TikTok
        ? string.Create(CultureInfo.InvariantCulture, $"18{index:D13}")
        : string.Create(CultureInfo.InvariantCulture, $"2387{index:D10}");

    private static string Word(CreativeType type) => type.ToString().ToLowerInvariant();

    /// <summary>The served type of <see cref="ServedCreativeOf"/>, under the lock.</summary>
    private CreativeType? Served(int adSetIndex, CreativeType current)
    {
        Span<int> counts = stackalloc int[4];
        var any = false;
        foreach (var ad in _adsBySet[adSetIndex])
        {
            if (_adStatus[ad.Index] == AdSetStatus.Active)
            {
                counts[(int)ad.Type]++;
                any = true;
            }
        }

        if (!any)
        {
            return null;
        }

        var best = counts[(int)current];
        var served = current;
        for (var t = 0; t < counts.Length; t++)
        {
            if (counts[t] > best)
            {
                best = counts[t];
                served = (CreativeType)t;
            }
        }

        return served;
    }

    /// <summary>Gets the scenario the world runs.</summary>
    public Scenario Scenario { get; }

    /// <summary>Gets the store currency (ISO 4217); every amount is in it.</summary>
    public string Currency => Scenario.Store.Currency;

    /// <summary>Gets the store's time zone (also the ad accounts' time zone).</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Gets the virtual clock: the start of the next hour to simulate.</summary>
    public VirtualClock Clock { get; }

    /// <summary>Gets the UTC start of the first simulated hour.</summary>
    public DateTimeOffset StartUtc => _environment.StartUtc;

    /// <summary>
    /// Gets the ad sets: the scenario's in its order, then the copies made by <see cref="CloneAdSet"/> in the order they were
    /// made. A snapshot: a clone made later is in the next read, not in this one.
    /// </summary>
    public IReadOnlyList<SandboxAdSet> AdSets => _adSets;

    /// <summary>
    /// Raised, under the world's lock, with the orders of each simulated hour once they are recorded; a handler must
    /// return quickly and must not call back into the world.
    /// </summary>
    public event Action<IReadOnlyList<ShopifyOrder>>? OrdersPlaced;

    /// <summary>
    /// Raised, under the world's lock, with the refunds and cancellations of each simulated hour, in the order they
    /// happened, once they are recorded; a handler must return quickly and must not call back into the world.
    /// </summary>
    public event Action<IReadOnlyList<ShopifyOrderChange>>? OrdersChanged;

    /// <summary>Gets the number of hours simulated so far.</summary>
    public int HoursElapsed
    {
        get
        {
            lock (_gate)
            {
                return _environment.HourIndex;
            }
        }
    }

    /// <summary>Finds an ad set by platform and id.</summary>
    /// <param name="platform">The platform.</param>
    /// <param name="id">The platform's id.</param>
    /// <returns>The ad set, or null.</returns>
    public SandboxAdSet? Find(Platform platform, string id) => id is null ? null : _byId.GetValueOrDefault((platform, id));

    /// <summary>The settings an ad set has now (those the next hour will run with).</summary>
    /// <param name="index">The ad set's index.</param>
    /// <returns>The settings.</returns>
    public AdSetSettings SettingsOf(int index)
    {
        lock (_gate)
        {
            return _settings[index];
        }
    }

    /// <summary>Changes an ad set's settings from the next simulated hour on.</summary>
    /// <param name="index">The ad set's index.</param>
    /// <param name="change">Gives the new settings from the current ones (called under the world's lock).</param>
    /// <returns>The new settings.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The new daily budget is outside the ad set's range.</exception>
    public AdSetSettings Change(int index, Func<AdSetSettings, AdSetSettings> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            var next = change(_settings[index]);
            var adSet = _adSets[index];
            if (next.DailyBudget < adSet.MinDailyBudget || next.DailyBudget > adSet.MaxDailyBudget)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(change), next.DailyBudget, $"the daily budget must be within [{adSet.MinDailyBudget}, {adSet.MaxDailyBudget}]");
            }

            _changes.Add(new SettingsChange(index, Clock.GetUtcNow(), _settings[index], next));
            _settings[index] = next;
            return next;
        }
    }

    /// <summary>The targeting an ad set has now (the one the next hour runs with).</summary>
    /// <param name="index">The ad set's index.</param>
    /// <returns>The targeting.</returns>
    public AdSetTargeting TargetingOf(int index)
    {
        lock (_gate)
        {
            return _targeting[index];
        }
    }

    /// <summary>
    /// Changes an ad set's targeting from the next simulated hour on; the simulator then retargets it and puts it back into
    /// learning, as the platforms do after a significant edit. The same targeting changes nothing.
    /// </summary>
    /// <param name="index">The ad set's index.</param>
    /// <param name="targeting">The new targeting.</param>
    /// <exception cref="ArgumentException">The age group or the interests are not defined.</exception>
    public void Retarget(int index, AdSetTargeting targeting)
    {
        ValidateTargeting(targeting);
        lock (_gate)
        {
            _targeting[index] = targeting;
        }
    }

    /// <summary>
    /// Copies an ad set while the world runs, as the platforms' copy endpoints do: a new ad set (an id of the original's
    /// style, the original's account, campaign, bid and market) with copies of the original's ads (new ids, the same names,
    /// creative types and statuses), the given name, targeting, daily budget and status. From the next simulated hour it is
    /// simulated (<see cref="SimulatedEnvironment.AddCopy"/>: the original's market, retargeted, in learning, fresh
    /// creatives) and recorded like any ad set, so every API sees it, and its orders carry its id in their UTM parameters.
    /// </summary>
    /// <param name="originalIndex">The index of the ad set to copy.</param>
    /// <param name="name">The copy's name.</param>
    /// <param name="targeting">The copy's targeting.</param>
    /// <param name="dailyBudget">The copy's daily budget, above 0 and at most the original's largest; one below the original's
    /// smallest becomes the copy's smallest.</param>
    /// <param name="status">The copy's status.</param>
    /// <param name="copyAds">Whether to copy the original's ads (Meta's <c>deep_copy</c>); without ads the copy delivers
    /// nothing until ads are added (<see cref="AddAd"/>).</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">An argument is out of range or undefined.</exception>
    public SandboxAdSet CloneAdSet(int originalIndex, string name, AdSetTargeting targeting, decimal dailyBudget, AdSetStatus status, bool copyAds = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ValidateTargeting(targeting);
        if (!Enum.IsDefined(status))
        {
            throw new ArgumentException($"status {status} is not defined", nameof(status));
        }

        lock (_gate)
        {
            var adSets = _adSets;
            ArgumentOutOfRangeException.ThrowIfNegative(originalIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(originalIndex, adSets.Length);
            var original = adSets[originalIndex];
            if (dailyBudget <= 0 || dailyBudget > original.MaxDailyBudget)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(dailyBudget), dailyBudget, $"the copy's daily budget must be above 0 and at most {original.MaxDailyBudget}");
            }

            var index = adSets.Length;
            var reference = new AdSetRef(original.Ref.Platform, NewAdSetId(original, _byId));
            var added = _environment.AddCopy(originalIndex, targeting.AgeGroup, targeting.Interests, (double)dailyBudget, reference, name, status);
            if (added != index)
            {
                throw new InvalidOperationException($"the simulator added the copy at index {added}, the world expected {index}");
            }

            var copy = new SandboxAdSet(index, reference, name, Math.Min(original.MinDailyBudget, dailyBudget), original.MaxDailyBudget)
            {
                CopyOf = original.CopyOf ?? originalIndex,
            };
            Array.Resize(ref _settings, index + 1);
            Array.Resize(ref _targeting, index + 1);
            Array.Resize(ref _actions, index + 1);
            _settings[index] = new AdSetSettings(dailyBudget, status, _settings[originalIndex].Bid);
            _targeting[index] = targeting;

            Array.Resize(ref _names, index + 1);
            _names[index] = name;
            _byId = new Dictionary<(Platform Platform, string Id), SandboxAdSet>(_byId) { [(reference.Platform, reference.ExternalId)] = copy };
            _adsBySet = [.. _adsBySet, []];
            _adSets = [.. adSets, copy];
            if (copyAds)
            {
                foreach (var ad in _adsBySet[originalIndex])
                {
                    AddAdLocked(index, ad.Name, ad.Type, _adStatus[ad.Index], ad.CreativeId);
                }
            }

            AdSetAdded?.Invoke(copy, original);
            return copy;
        }
    }

    /// <summary>
    /// Adds an ad to an ad set (TikTok's <c>ad/create/</c>): a new id, the given name, creative type and status, and the
    /// creative (video) it shows.
    /// </summary>
    /// <param name="adSetIndex">The ad set's index.</param>
    /// <param name="name">The ad's name.</param>
    /// <param name="type">Its true creative type.</param>
    /// <param name="status">Its own status.</param>
    /// <param name="creativeId">The creative it shows (a video id), shared with the ad it was copied from.</param>
    /// <returns>The ad.</returns>
    public SandboxAd AddAd(int adSetIndex, string name, CreativeType type, AdSetStatus status, string creativeId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(creativeId);
        lock (_gate)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(adSetIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(adSetIndex, _adSets.Length);
            return AddAdLocked(adSetIndex, name, type, status, creativeId);
        }
    }

    /// <summary>
    /// Makes a copy without ads a copy of another ad set of its platform (<see cref="SimulatedEnvironment.RebaseCopy"/>):
    /// TikTok says which market a created ad group shares only when its first ad reuses a creative.
    /// </summary>
    /// <param name="copyIndex">The copy's index.</param>
    /// <param name="originalIndex">The index of the ad set whose market it shares from now on.</param>
    /// <returns>The copy as it now stands (its budget range is the new original's); unchanged when it already has ads.</returns>
    /// <exception cref="InvalidOperationException">The ad set is not a copy, or the original is on another platform.</exception>
    public SandboxAdSet RebaseCopy(int copyIndex, int originalIndex)
    {
        lock (_gate)
        {
            var adSets = _adSets;
            var copy = adSets[copyIndex];
            var original = adSets[originalIndex];
            if (copy.CopyOf is null || original.Ref.Platform != copy.Ref.Platform)
            {
                throw new InvalidOperationException($"ad set {copy.Ref.ExternalId} is not a copy that can share the market of {original.Ref.ExternalId}");
            }

            // A copy with ads has delivered, or may have: its market is settled (two racing first ad/create calls end here).
            if (_adsBySet[copyIndex].Length > 0 || copy.CopyOf == (original.CopyOf ?? originalIndex))
            {
                return copy;
            }

            _environment.RebaseCopy(copyIndex, originalIndex);
            var rebased = copy with
            {
                MinDailyBudget = Math.Min(original.MinDailyBudget, _settings[copyIndex].DailyBudget),
                MaxDailyBudget = original.MaxDailyBudget,
                CopyOf = original.CopyOf ?? originalIndex,
            };
            var replaced = (SandboxAdSet[])adSets.Clone();
            replaced[copyIndex] = rebased;
            _byId = new Dictionary<(Platform Platform, string Id), SandboxAdSet>(_byId) { [(rebased.Ref.Platform, rebased.Ref.ExternalId)] = rebased };
            _adSets = replaced;
            return rebased;
        }
    }

    /// <summary>An ad set's name now (its <see cref="SandboxAdSet.Name"/> until renamed).</summary>
    /// <param name="index">The ad set's index.</param>
    /// <returns>The name.</returns>
    public string NameOf(int index)
    {
        lock (_gate)
        {
            return _names[index];
        }
    }

    /// <summary>Renames an ad set.</summary>
    /// <param name="index">The ad set's index.</param>
    /// <param name="name">The new name.</param>
    public void Rename(int index, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            _names[index] = name;
        }
    }

    private SandboxAd AddAdLocked(int adSetIndex, string name, CreativeType type, AdSetStatus status, string creativeId)
    {
        var ads = _ads;
        var platform = _adSets[adSetIndex].Ref.Platform;
        var ad = new SandboxAd(ads.Length, AdId(platform, ads.Length), adSetIndex, name, type) { VideoId = creativeId };
        Array.Resize(ref _adStatus, ads.Length + 1);
        _adStatus[ad.Index] = status;
        _adById = new Dictionary<(Platform Platform, string Id), SandboxAd>(_adById) { [(platform, ad.Id)] = ad };
        var bySet = (SandboxAd[][])_adsBySet.Clone();
        bySet[adSetIndex] = [.. bySet[adSetIndex], ad];
        _adsBySet = bySet;
        _ads = [.. ads, ad];
        return ad;
    }

    /// <summary>
    /// A new ad set id in the original's style: for a numeric id, the next number of the same length above the platform's
    /// ids of that length; otherwise the original's id with <c>_copy</c> and a counter.
    /// </summary>
    private static string NewAdSetId(SandboxAdSet original, Dictionary<(Platform Platform, string Id), SandboxAdSet> byId)
    {
        var id = original.Ref.ExternalId;
        var platform = original.Ref.Platform;
        if (id.Length is > 0 and <= 18 && id.All(char.IsAsciiDigit))
        {
            var highest = byId.Keys
                .Where(k => k.Platform == platform && k.Id.Length == id.Length && k.Id.All(char.IsAsciiDigit))
                .Max(k => long.Parse(k.Id, NumberStyles.None, CultureInfo.InvariantCulture));
            var candidate = (highest + 1).ToString(CultureInfo.InvariantCulture);
            if (candidate.Length == id.Length)
            {
                return candidate;
            }
        }

        for (var k = 1; ; k++)
        {
            var candidate = string.Create(CultureInfo.InvariantCulture, $"{id}_copy{k}");
            if (!byId.ContainsKey((platform, candidate)))
            {
                return candidate;
            }
        }
    }

    private static void ValidateTargeting(AdSetTargeting targeting)
    {
        if (!Enum.IsDefined(targeting.AgeGroup))
        {
            throw new ArgumentException($"age group {targeting.AgeGroup} is not defined", nameof(targeting));
        }

        if ((targeting.Interests & ~InterestsJsonConverter.Defined) != 0)
        {
            throw new ArgumentException($"interests {(int)targeting.Interests} name undefined flags", nameof(targeting));
        }
    }

    /// <summary>Every change the world has received through <see cref="Change"/>, in the order they arrived.</summary>
    /// <returns>A copy of the record.</returns>
    public IReadOnlyList<SettingsChange> Changes()
    {
        lock (_gate)
        {
            return [.. _changes];
        }
    }

    /// <summary>The recorded hours that start in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), hour by hour, ad set by ad set.</summary>
    /// <param name="fromUtc">The first instant, inclusive.</param>
    /// <param name="toUtc">The last instant, exclusive.</param>
    /// <returns>A copy of the records.</returns>
    public IReadOnlyList<AdSetHourRecord> HoursBetween(DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        lock (_gate)
        {
            // The records are appended hour by hour, so the range is found by two binary searches.
            var first = FirstHourAtOrAfter(fromUtc);
            var end = Math.Max(first, FirstHourAtOrAfter(toUtc));
            return _hours.GetRange(first, end - first).ToArray();
        }
    }

    /// <summary>
    /// Each ad set-hour's true outcome in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), in the order of
    /// <see cref="HoursBetween"/>: the revenue its ads earned (attributed or not), their cost of goods and its spend, as the
    /// simulator scores any policy, so a run through the APIs compares with a policy run in the simulator.
    /// </summary>
    /// <param name="fromUtc">The first instant, inclusive.</param>
    /// <param name="toUtc">The last instant, exclusive.</param>
    /// <returns>A copy of the outcomes.</returns>
    public IReadOnlyList<RewardMetrics> TruthBetween(DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        lock (_gate)
        {
            var first = FirstHourAtOrAfter(fromUtc);
            var end = Math.Max(first, FirstHourAtOrAfter(toUtc));
            return _truth.GetRange(first, end - first).ToArray();
        }
    }

    /// <summary>The orders created at or after <paramref name="createdSinceUtc"/>, oldest first, as each stands now.</summary>
    /// <param name="createdSinceUtc">The earliest creation instant.</param>
    /// <returns>A copy of the orders.</returns>
    public IReadOnlyList<ShopifyOrder> OrdersCreatedSince(DateTimeOffset createdSinceUtc)
    {
        lock (_gate)
        {
            // Orders are appended in creation order within each hour, and hours in order.
            int lo = 0, hi = _orders.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (_orders[mid].CreatedAtUtc < createdSinceUtc)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return _orders.GetRange(lo, _orders.Count - lo);
        }
    }

    private int FirstHourAtOrAfter(DateTimeOffset instant)
    {
        int lo = 0, hi = _hours.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_hours[mid].HourStartUtc < instant)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Every order the store has received so far, oldest first, as each stands now (with its refunds and cancellation so far).</summary>
    /// <returns>A copy of the orders.</returns>
    public IReadOnlyList<ShopifyOrder> Orders()
    {
        lock (_gate)
        {
            return _orders.ToArray();
        }
    }

    /// <summary>
    /// The simulator's own state of each ad set at the start of the next hour to simulate (the clock's instant), in
    /// scenario order: what a featurizer reading the APIs' records should reproduce.
    /// </summary>
    /// <returns>A copy of the states.</returns>
    public IReadOnlyList<AdEnvironmentState> CurrentStates()
    {
        lock (_gate)
        {
            return _last.States.ToArray();
        }
    }

    /// <summary>
    /// A view derived from the recorded hours and orders (an API's report rows, a sorted order list), built once per
    /// simulated hour and key and kept until the world simulates another hour: the pages of one pull, and repeated pulls
    /// within a virtual hour, then share one build instead of each rebuilding it from every record.
    /// </summary>
    /// <typeparam name="T">The view's type.</typeparam>
    /// <param name="key">What decides the view (the query without its paging and credentials).</param>
    /// <param name="build">Builds the view; runs outside the world's lock and may read the world.</param>
    /// <returns>The view as built for the current hour.</returns>
    public T Derived<T>(string key, Func<T> build)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(build);
        int hour;
        lock (_gate)
        {
            hour = _environment.HourIndex;
            if (_derivedHour == hour && _derived.TryGetValue(key, out var kept) && kept is T view)
            {
                return view;
            }
        }

        var built = build();
        lock (_gate)
        {
            // A view built while an hour was simulated is returned but not kept: it may mix the two hours.
            if (_environment.HourIndex == hour)
            {
                if (_derivedHour != hour || _derived.Count >= MaxDerivedViews)
                {
                    _derived.Clear();
                    _derivedHour = hour;
                }

                _derived[key] = built;
            }
        }

        return built;
    }

    /// <summary>Simulates whole hours with the current settings and moves the clock past them.</summary>
    /// <param name="hours">How many, 1 to <see cref="MaxAdvanceHours"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="hours"/> is out of range.</exception>
    public void Advance(int hours)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hours, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hours, MaxAdvanceHours);
        lock (_gate)
        {
            for (var h = 0; h < hours; h++)
            {
                StepOneHour();
            }
        }
    }

    private void StepOneHour()
    {
        var hourStart = _last.HourStartUtc;
        var states = _last.States;
        for (var i = 0; i < _actions.Length; i++)
        {
            var wanted = _settings[i];
            var current = states[i].CurrentBudget;
            var adjustment = (double)wanted.DailyBudget / current - 1;

            // An ad set with no active ad delivers nothing, whatever its own status.
            var served = Served(i, states[i].CreativeType);
            _actions[i] = AdAction.Keep(states[i]) with
            {
                BudgetAdjustment = Math.Abs(adjustment) < 1e-12 ? 0 : adjustment,
                BidStrategy = wanted.Bid,
                TargetAgeGroup = _targeting[i].AgeGroup,
                TargetInterests = _targeting[i].Interests,
                CreativeType = served ?? states[i].CreativeType,
                Status = served is null ? AdSetStatus.Paused : wanted.Status,
            };
        }

        var result = _environment.Step(_actions);
        var info = result.Info;
        var hourOrders = new List<ShopifyOrder>();
        var adSets = _adSets;
        for (var i = 0; i < info.Length; i++)
        {
            var x = info[i];
            var adSet = adSets[i].Ref;
            _hours.Add(new AdSetHourRecord(
                i,
                hourStart,
                new Money(_settings[i].DailyBudget, Currency),
                _settings[i].Status,
                Money.FromDouble(x.Spend, Currency),
                x.Impressions,
                x.Clicks,
                x.PlatformConversions,
                Money.FromDouble(x.PlatformRevenue, Currency),
                x.ShopifyOrders,
                Money.FromDouble(x.ShopifyRevenue, Currency)));
            _truth.Add(result.Rewards[i]);
            var rng = Rng.ForStream(Scenario.Seed, StreamOrderSplit, (ulong)i, (ulong)result.HourIndex);
            AddOrders(hourOrders, ref rng, hourStart, x.ShopifyOrders - x.UnattributedOrders, x.ShopifyRevenue - x.UnattributedRevenue, adSet, adSet);
            AddOrders(hourOrders, ref rng, hourStart, x.UnattributedOrders, x.UnattributedRevenue, null, adSet);
        }

        var organic = Rng.ForStream(Scenario.Seed, StreamOrderSplit, ulong.MaxValue, (ulong)result.HourIndex);
        AddOrders(hourOrders, ref organic, hourStart, result.OrganicOrders, result.OrganicRevenue, null, null);
        var placed = new List<ShopifyOrder>(hourOrders.Count);
        foreach (var order in hourOrders.OrderBy(o => o.CreatedAtUtc))
        {
            var (filled, fate, at, reason) = ShopifyOrderDetails.Fill(
                order with { Id = _nextOrderId++, Number = _nextOrderNumber++ }, Scenario.Seed, Scenario.Store.GrossMargin);
            placed.Add(filled);
            if (fate != ShopifyOrderDetails.Fate.None)
            {
                _pending.Add((at, filled.Id, fate, reason));
            }
        }

        _orders.AddRange(placed);
        if (placed.Count > 0)
        {
            OrdersPlaced?.Invoke(placed);
        }

        var changes = ApplyChangesBefore(hourStart.AddHours(1));
        if (changes.Count > 0)
        {
            OrdersChanged?.Invoke(changes);
        }

        _last = result;
        Clock.Advance(result.HourStartUtc - Clock.GetUtcNow());
    }

    /// <summary>Makes the refunds and cancellations due before <paramref name="endUtc"/>, oldest first.</summary>
    private List<ShopifyOrderChange> ApplyChangesBefore(DateTimeOffset endUtc)
    {
        var changes = new List<ShopifyOrderChange>();
        while (_pending.Count > 0 && _pending.Min.At < endUtc)
        {
            var (at, orderId, fate, reason) = _pending.Min;
            _pending.Remove(_pending.Min);
            var index = (int)(orderId - FirstOrderId);
            var order = _orders[index];
            var refund = ShopifyOrderDetails.Refund(order, fate, _nextRefundId, _nextTransactionId, at, Scenario.Seed);
            if (refund is not null)
            {
                _nextRefundId++;
                _nextTransactionId++;
                order = order with { Refunds = [.. order.Refunds, refund] };
            }

            var kind = fate == ShopifyOrderDetails.Fate.Cancel ? ShopifyOrderChangeKind.Cancelled : ShopifyOrderChangeKind.Refunded;
            if (kind == ShopifyOrderChangeKind.Cancelled)
            {
                order = order with { CancelledAtUtc = at, CancelReason = reason };
            }

            order = order with { UpdatedAtUtc = at };
            _orders[index] = order;
            changes.Add(new ShopifyOrderChange(kind, order, refund));
        }

        return changes;
    }

    /// <summary>Splits an hour's revenue into orders at random instants of the hour, each rounded to the cent.</summary>
    private void AddOrders(List<ShopifyOrder> into, ref Rng rng, DateTimeOffset hourStart, long count, double revenue, AdSetRef? utm, AdSetRef? cause)
    {
        if (count <= 0)
        {
            return;
        }

        _hourOrders.Clear();
        var weightSum = 0.0;
        for (var k = 0; k < count; k++)
        {
            var weight = 0.25 + rng.NextDouble();
            weightSum += weight;
            _hourOrders.Add((hourStart.AddSeconds(rng.NextInt(3600)), weight));
        }

        var total = Math.Round((decimal)Math.Max(0, revenue), 2, MidpointRounding.ToEven);
        var left = total;
        for (var k = 0; k < _hourOrders.Count; k++)
        {
            var amount = k == _hourOrders.Count - 1
                ? left
                : Math.Min(left, Math.Round(total * (decimal)(_hourOrders[k].Weight / weightSum), 2, MidpointRounding.ToEven));
            left -= amount;
            into.Add(new ShopifyOrder(0, 0, _hourOrders[k].At, new Money(amount, Currency), utm, cause));
        }
    }
}
