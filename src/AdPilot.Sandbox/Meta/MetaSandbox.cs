using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AdPilot.Sandbox.Meta;

/// <summary>
/// The emulated Meta ad accounts: one account and one campaign by default, holding every Instagram ad set of the world, or
/// several accounts of one campaign each, the ad sets dealt to them round-robin (<see cref="SandboxAccountIds.Deal"/>);
/// their credentials, and the budget-change history behind Meta's "4 budget changes per ad set per hour" rule.
/// </summary>
public sealed class MetaSandbox
{
    /// <summary>How many budget changes an ad set takes per hour (api-reference §1.4).</summary>
    public const int BudgetChangesPerHour = 4;

    private readonly Lock _gate = new();
    private readonly byte[] _expectedProof;
    private readonly Dictionary<int, List<DateTimeOffset>> _budgetChanges = [];
    private readonly Dictionary<int, DateTimeOffset> _budgetBlockedUntil = [];
    private readonly Dictionary<string, int> _appCallsThisHour = new(StringComparer.Ordinal);
    private DateTimeOffset _usageHour;
    private readonly Dictionary<string, MetaReportRun> _runs = new(StringComparer.Ordinal);
    private readonly MetaAccount[] _accounts;
    private readonly Dictionary<string, MetaAccount> _accountsById;

    // Read on every request without a lock; replaced whole when the world adds a copy (under the world's lock).
    private volatile SandboxAdSet[] _adSets;
    private volatile Dictionary<string, SandboxAdSet> _adSetsById;
    private volatile Dictionary<int, MetaAccount> _accountByAdSet;
    private long _nextRun = 362_879_110_860_600;
    private readonly Dictionary<string, DateTimeOffset> _issuedTokens = new(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets the server's own time, which the lifetimes of exchanged tokens run on (as a client measures them), not the
    /// world's virtual clock; <see cref="TimeProvider.System"/> unless the server was started with another.
    /// </summary>
    internal TimeProvider ServerTime { get; set; } = TimeProvider.System;

    /// <summary>How long a long-lived token issued by the exchange lives (Meta: about 60 days).</summary>
    public static readonly TimeSpan LongLivedTokenLifetime = TimeSpan.FromDays(60);

    internal MetaSandbox(SandboxWorld world, SandboxCredentials credentials, IReadOnlyList<string> accountIds)
    {
        World = world;
        Credentials = credentials;
        _expectedProof = Encoding.ASCII.GetBytes(AppSecretProof(credentials.MetaAccessToken, credentials.MetaAppSecret));
        _adSets = world.AdSets.Where(SandboxServer.IsMeta).ToArray();
        _adSetsById = _adSets.ToDictionary(a => a.Ref.ExternalId, StringComparer.Ordinal);
        var dealt = SandboxAccountIds.Deal(world, AdPilot.Core.Domain.Platform.Instagram, accountIds.Count);
        _accounts = accountIds.Select((id, i) => new MetaAccount(i, id, dealt[i])).ToArray();
        _accountsById = _accounts.ToDictionary(a => a.Id, StringComparer.Ordinal);
        _accountByAdSet = _accounts.SelectMany(a => a.AdSets.Select(s => (s.Index, Account: a))).ToDictionary(p => p.Index, p => p.Account);
        AccountIds = _accounts.Select(a => a.Id).ToArray();
        world.AdSetAdded += OnAdSetAdded;
    }

    /// <summary>Gets the world.</summary>
    public SandboxWorld World { get; }

    /// <summary>Gets the credentials.</summary>
    public SandboxCredentials Credentials { get; }

    /// <summary>Gets the first ad account's node id, <c>act_&lt;digits&gt;</c> (the only one unless the server runs several).</summary>
    public string AccountId => _accounts[0].Id;

    /// <summary>Gets every ad account's node id, <c>act_&lt;digits&gt;</c>, the first being <see cref="AccountId"/>.</summary>
    public IReadOnlyList<string> AccountIds { get; }

    /// <summary>Gets the first account's id without <c>act_</c>, as rows' <c>account_id</c> carries it.</summary>
    public string AccountDigits => AccountId[4..];

    /// <summary>Gets the first account's campaign id (each account has one campaign).</summary>
    public string CampaignId => _accounts[0].CampaignId;

    /// <summary>Gets every account's ad sets (the world's Instagram ad sets), in scenario order, then the copies made since.</summary>
    public IReadOnlyList<SandboxAdSet> AdSets => _adSets;

    /// <summary>The ad sets of one account, in scenario order.</summary>
    /// <param name="accountId">The account's node id, with <c>act_</c>.</param>
    /// <returns>The ad sets.</returns>
    /// <exception cref="ArgumentException">The sandbox has no such account.</exception>
    public IReadOnlyList<SandboxAdSet> AdSetsOf(string accountId) =>
        FindAccount(accountId)?.AdSets ?? throw new ArgumentException($"the sandbox has no Meta account {accountId}", nameof(accountId));

    /// <summary>The node id (<c>act_…</c>) of the account holding <paramref name="adSet"/>.</summary>
    /// <param name="adSet">One of <see cref="AdSets"/>.</param>
    /// <returns>The account's node id.</returns>
    public string AccountIdOf(SandboxAdSet adSet) => AccountOf(adSet).Id;

    /// <summary>The campaign id of the account holding <paramref name="adSet"/>.</summary>
    /// <param name="adSet">One of <see cref="AdSets"/>.</param>
    /// <returns>The campaign id.</returns>
    public string CampaignIdOf(SandboxAdSet adSet) => AccountOf(adSet).CampaignId;

    /// <summary>Files a copy the world made under its original's account (called under the world's lock).</summary>
    private void OnAdSetAdded(SandboxAdSet copy, SandboxAdSet original)
    {
        if (!SandboxServer.IsMeta(copy) || !_accountByAdSet.TryGetValue(original.Index, out var account))
        {
            return;
        }

        account.Add(copy);
        _accountByAdSet = new Dictionary<int, MetaAccount>(_accountByAdSet) { [copy.Index] = account };
        _adSetsById = new Dictionary<string, SandboxAdSet>(_adSetsById, StringComparer.Ordinal) { [copy.Ref.ExternalId] = copy };
        _adSets = [.. _adSets, copy];
    }

    /// <summary>The <c>appsecret_proof</c> Meta expects: lowercase hex of HMAC-SHA256(key = app secret, message = token).</summary>
    /// <param name="accessToken">The access token.</param>
    /// <param name="appSecret">The app secret.</param>
    /// <returns>The proof.</returns>
    public static string AppSecretProof(string accessToken, string appSecret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), Encoding.UTF8.GetBytes(accessToken)));

    /// <summary>The development tier's hourly quota of each business use case (api-reference §1.6).</summary>
    public static int QuotaPerHour(string useCase) => useCase == "ads_insights" ? 600 : 300;

    /// <summary>
    /// Counts one authenticated call of a business use case (<c>ads_insights</c> or <c>ads_management</c>) on
    /// <paramref name="account"/> in the virtual hour and returns each use case's share of its hourly quota so far, in
    /// percent, for the account and for the app (all accounts). The sandbox reports usage; it does not yet refuse calls over quota.
    /// </summary>
    internal (IReadOnlyDictionary<string, int> Account, int AppPercent) CountCall(MetaAccount account, string useCase)
    {
        var hour = World.Clock.GetUtcNow();
        lock (_gate)
        {
            if (hour != _usageHour)
            {
                _usageHour = hour;
                _appCallsThisHour.Clear();
            }

            _appCallsThisHour[useCase] = _appCallsThisHour.GetValueOrDefault(useCase) + 1;
            var app = _appCallsThisHour.Max(kv => Percent(kv.Key, kv.Value));
            var calls = account.Count(useCase, hour);
            return (calls.ToDictionary(kv => kv.Key, kv => Percent(kv.Key, kv.Value), StringComparer.Ordinal), app);
        }

        static int Percent(string useCase, int calls) => Math.Min(100, calls * 100 / QuotaPerHour(useCase));
    }

    /// <summary>The account named by a node id; null when the sandbox has none of that id.</summary>
    internal MetaAccount? FindAccount(string node) => _accountsById.GetValueOrDefault(node);

    /// <summary>The account holding <paramref name="adSet"/>.</summary>
    internal MetaAccount AccountOf(SandboxAdSet adSet) =>
        _accountByAdSet.TryGetValue(adSet.Index, out var account)
            ? account
            : throw new ArgumentException($"ad set {adSet.Ref.ExternalId} is not on Meta", nameof(adSet));

    /// <summary>
    /// The account a call on <paramref name="node"/> counts against: the account itself, a report run's account, an ad
    /// set's account; the first account for anything else (an unknown node, the batch endpoint).
    /// </summary>
    internal MetaAccount AccountFor(string? node)
    {
        if (node is null)
        {
            return _accounts[0];
        }

        if (FindAccount(node) is { } account)
        {
            return account;
        }

        if (FindAdSet(node) is { } adSet)
        {
            return AccountOf(adSet);
        }

        if (FindAd(node) is { } ad)
        {
            return AccountOf(World.AdSets[ad.AdSetIndex]);
        }

        return FindReportRun(node) is { } run ? run.Account : _accounts[0];
    }

    /// <summary>Keeps a new asynchronous report run over <paramref name="rows"/>.</summary>
    internal MetaReportRun AddReportRun(MetaAccount account, IReadOnlyList<System.Text.Json.Nodes.JsonNode> rows, DateOnly since, DateOnly until)
    {
        lock (_gate)
        {
            var id = (_nextRun++).ToString(CultureInfo.InvariantCulture);
            var run = new MetaReportRun(id, account, rows, since, until, World.Clock.GetUtcNow());
            _runs[id] = run;
            return run;
        }
    }

    /// <summary>Finds a report run by id.</summary>
    internal MetaReportRun? FindReportRun(string id)
    {
        lock (_gate)
        {
            return _runs.GetValueOrDefault(id);
        }
    }

    /// <summary>Finds one of the accounts' ads by id.</summary>
    internal SandboxAd? FindAd(string id) => World.FindAd(AdPilot.Core.Domain.Platform.Instagram, id);

    /// <summary>Finds one of the accounts' ad sets by id.</summary>
    internal SandboxAdSet? FindAdSet(string id) => _adSetsById.GetValueOrDefault(id);

    /// <summary>
    /// The insights rows of one query as last built, or builds and keeps them: rows depend only on the query and on the
    /// hours recorded so far, so the pages of one pull (and repeated pulls within a virtual hour) share one build.
    /// </summary>
    internal (IReadOnlyList<System.Text.Json.Nodes.JsonNode>? Rows, MetaError? Error) InsightRows(
        string query, Func<(IReadOnlyList<System.Text.Json.Nodes.JsonNode>? Rows, MetaError? Error)> build)
    {
        var built = World.Derived("meta-insights " + query, () => new BuiltRows(build()));
        return built.Result;
    }

    /// <summary>
    /// Issues a new long-lived token that expires <see cref="LongLivedTokenLifetime"/> after the virtual now (the answer of
    /// the token exchange); the tokens issued before stay valid until their own expiry.
    /// </summary>
    /// <returns>The token and its expiry.</returns>
    internal (string Token, DateTimeOffset ExpiresAt) IssueLongLivedToken()
    {
        var token = "EAA" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 150);
        var expires = ServerTime.GetUtcNow() + LongLivedTokenLifetime;
        lock (_gate)
        {
            _issuedTokens[token] = expires;
        }

        return (token, expires);
    }

    /// <summary>
    /// The state of a long-lived token: whether the sandbox knows it (its own token or one the exchange issued) and when it
    /// expires (null for the run's own token, whose expiry <see cref="Access.SandboxAccess.MetaTokenExpiresAt"/> reports).
    /// </summary>
    internal (bool Known, DateTimeOffset? ExpiresAt) TokenState(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (false, null);
        }

        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(Credentials.MetaAccessToken)))
        {
            return (true, null);
        }

        lock (_gate)
        {
            return _issuedTokens.TryGetValue(token, out var expires) ? (true, expires) : (false, null);
        }
    }

    /// <summary>
    /// Checks the token and its proof in constant time. The run's own token is always accepted (its reported expiry is
    /// only reported); a token issued by the exchange is refused with 190/463 once past its expiry.
    /// </summary>
    internal MetaError? Authenticate(string? token, string? proof)
    {
        var (known, expiresAt) = TokenState(token);
        if (!known)
        {
            return string.IsNullOrEmpty(token)
                ? MetaError.OAuth(190, "An access token is required to request this resource.")
                : MetaError.OAuth(190, "Invalid OAuth access token - Cannot parse access token");
        }

        if (expiresAt is { } expires && expires <= ServerTime.GetUtcNow())
        {
            return MetaError.OAuth(
                190,
                string.Create(CultureInfo.InvariantCulture, $"Error validating access token: Session has expired on {expires:dddd, dd-MMM-yy HH:mm:ss} UTC."),
                subcode: 463);
        }

        if (string.IsNullOrEmpty(proof))
        {
            return MetaError.OAuth(100, "API calls from the server require an appsecret_proof argument");
        }

        var expected = expiresAt is null ? _expectedProof : Encoding.ASCII.GetBytes(AppSecretProof(token!, Credentials.MetaAppSecret));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(proof), expected)
            ? null
            : MetaError.OAuth(100, "Invalid appsecret_proof provided in the API argument");
    }

    /// <summary>
    /// Counts a budget change of an ad set at the virtual now, or refuses it with code 17 when the ad set already had
    /// <see cref="BudgetChangesPerHour"/> in the last hour (and then blocks its budget changes for an hour).
    /// </summary>
    internal MetaError? TryCountBudgetChange(SandboxAdSet adSet, bool commit)
    {
        var now = World.Clock.GetUtcNow();
        lock (_gate)
        {
            if (_budgetBlockedUntil.TryGetValue(adSet.Index, out var until) && now < until)
            {
                return BudgetLimit(until);
            }

            var changes = _budgetChanges.TryGetValue(adSet.Index, out var list) ? list : _budgetChanges[adSet.Index] = [];
            changes.RemoveAll(t => t <= now.AddHours(-1));
            if (changes.Count >= BudgetChangesPerHour)
            {
                var blocked = now.AddHours(1);
                _budgetBlockedUntil[adSet.Index] = blocked;
                return BudgetLimit(blocked);
            }

            if (commit)
            {
                changes.Add(now);
            }

            return null;
        }
    }

    private static MetaError BudgetLimit(DateTimeOffset until) => MetaError.OAuth(
        17,
        "(#17) User request limit reached",
        subcode: 2446079,
        userTitle: "Too many budget changes",
        userMessage: string.Create(
            CultureInfo.InvariantCulture,
            $"This ad set's budget was changed {BudgetChangesPerHour} times within an hour. Budget changes are blocked until {until:yyyy-MM-dd'T'HH:mm:ss'Z'}."));
}

/// <summary>An insights query's rows, or the error it is answered with, as <see cref="SandboxWorld.Derived"/> keeps them.</summary>
internal sealed record BuiltRows((IReadOnlyList<System.Text.Json.Nodes.JsonNode>? Rows, MetaError? Error) Result);
