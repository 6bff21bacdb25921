using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AdPilot.Sandbox.Meta;

/// <summary>
/// The emulated Meta ad account: one account and one campaign holding every Instagram ad set of the world, its
/// credentials, and the budget-change history behind Meta's "4 budget changes per ad set per hour" rule.
/// </summary>
public sealed class MetaSandbox
{
    /// <summary>How many budget changes an ad set takes per hour (api-reference §1.4).</summary>
    public const int BudgetChangesPerHour = 4;

    /// <summary>How many distinct insights queries keep their built rows.</summary>
    private const int RowCacheSize = 8;

    private readonly Lock _gate = new();
    private readonly byte[] _expectedProof;
    private readonly Dictionary<int, List<DateTimeOffset>> _budgetChanges = [];
    private readonly Dictionary<int, DateTimeOffset> _budgetBlockedUntil = [];
    private readonly Dictionary<string, int> _callsThisHour = new(StringComparer.Ordinal);
    private DateTimeOffset _usageHour;
    private readonly Dictionary<string, MetaReportRun> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxAdSet> _adSetsById;
    private readonly Dictionary<(string Query, int Hours), IReadOnlyList<System.Text.Json.Nodes.JsonNode>> _rowCache = [];
    private long _nextRun = 362_879_110_860_600;

    internal MetaSandbox(SandboxWorld world, SandboxCredentials credentials, string accountId)
    {
        World = world;
        Credentials = credentials;
        AccountId = accountId;
        CampaignId = "120" + accountId[4..];
        _expectedProof = Encoding.ASCII.GetBytes(AppSecretProof(credentials.MetaAccessToken, credentials.MetaAppSecret));
        AdSets = world.AdSets.Where(SandboxServer.IsMeta).ToArray();
        _adSetsById = AdSets.ToDictionary(a => a.Ref.ExternalId, StringComparer.Ordinal);
    }

    /// <summary>Gets the world.</summary>
    public SandboxWorld World { get; }

    /// <summary>Gets the credentials.</summary>
    public SandboxCredentials Credentials { get; }

    /// <summary>Gets the ad account's node id, <c>act_&lt;digits&gt;</c>.</summary>
    public string AccountId { get; }

    /// <summary>Gets the account id without <c>act_</c>, as rows' <c>account_id</c> carries it.</summary>
    public string AccountDigits => AccountId[4..];

    /// <summary>Gets the one campaign's id.</summary>
    public string CampaignId { get; }

    /// <summary>Gets the account's ad sets (the world's Instagram ad sets).</summary>
    public IReadOnlyList<SandboxAdSet> AdSets { get; }

    /// <summary>The <c>appsecret_proof</c> Meta expects: lowercase hex of HMAC-SHA256(key = app secret, message = token).</summary>
    /// <param name="accessToken">The access token.</param>
    /// <param name="appSecret">The app secret.</param>
    /// <returns>The proof.</returns>
    public static string AppSecretProof(string accessToken, string appSecret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), Encoding.UTF8.GetBytes(accessToken)));

    /// <summary>The development tier's hourly quota of each business use case (api-reference §1.6).</summary>
    public static int QuotaPerHour(string useCase) => useCase == "ads_insights" ? 600 : 300;

    /// <summary>
    /// Counts one authenticated call of a business use case (<c>ads_insights</c> or <c>ads_management</c>) in the
    /// virtual hour and returns each use case's share of its hourly quota so far, in percent. The sandbox reports usage;
    /// it does not yet refuse calls over quota.
    /// </summary>
    internal IReadOnlyDictionary<string, int> CountCall(string useCase)
    {
        var hour = World.Clock.GetUtcNow();
        lock (_gate)
        {
            if (hour != _usageHour)
            {
                _usageHour = hour;
                _callsThisHour.Clear();
            }

            _callsThisHour[useCase] = _callsThisHour.GetValueOrDefault(useCase) + 1;
            return _callsThisHour.ToDictionary(kv => kv.Key, kv => Math.Min(100, kv.Value * 100 / QuotaPerHour(kv.Key)), StringComparer.Ordinal);
        }
    }

    /// <summary>Keeps a new asynchronous report run over <paramref name="rows"/>.</summary>
    internal MetaReportRun AddReportRun(IReadOnlyList<System.Text.Json.Nodes.JsonNode> rows, DateOnly since, DateOnly until)
    {
        lock (_gate)
        {
            var id = (_nextRun++).ToString(CultureInfo.InvariantCulture);
            var run = new MetaReportRun(id, AccountDigits, rows, since, until, World.Clock.GetUtcNow());
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

    /// <summary>Finds one of the account's ad sets by id.</summary>
    internal SandboxAdSet? FindAdSet(string id) => _adSetsById.GetValueOrDefault(id);

    /// <summary>
    /// The insights rows of one query as last built, or builds and keeps them: rows depend only on the query and on the
    /// hours recorded so far, so the pages of one pull (and repeated pulls within a virtual hour) share one build.
    /// </summary>
    internal (IReadOnlyList<System.Text.Json.Nodes.JsonNode>? Rows, MetaError? Error) InsightRows(
        string query, Func<(IReadOnlyList<System.Text.Json.Nodes.JsonNode>? Rows, MetaError? Error)> build)
    {
        var key = (query, World.HoursElapsed);
        lock (_gate)
        {
            if (_rowCache.TryGetValue(key, out var cached))
            {
                return (cached, null);
            }
        }

        var (rows, error) = build();
        if (rows is null)
        {
            return (null, error); // errors are answered afresh each time
        }

        lock (_gate)
        {
            if (_rowCache.Count >= RowCacheSize)
            {
                _rowCache.Clear();
            }

            _rowCache[key] = rows;
        }

        return (rows, null);
    }

    /// <summary>Checks the token and its proof in constant time.</summary>
    internal MetaError? Authenticate(string? token, string? proof)
    {
        if (string.IsNullOrEmpty(token) || !CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(Credentials.MetaAccessToken)))
        {
            return string.IsNullOrEmpty(token)
                ? MetaError.OAuth(190, "An access token is required to request this resource.")
                : MetaError.OAuth(190, "Invalid OAuth access token - Cannot parse access token");
        }

        if (string.IsNullOrEmpty(proof))
        {
            return MetaError.OAuth(100, "API calls from the server require an appsecret_proof argument");
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(proof), _expectedProof)
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
