namespace AdPilot.Sandbox.Meta;

/// <summary>
/// One emulated Meta ad account: its node id, its one campaign, the ad sets dealt to it
/// (<see cref="SandboxAccountIds.Deal"/>) and its calls in the virtual hour, behind the usage headers.
/// </summary>
internal sealed class MetaAccount
{
    private volatile HashSet<int> _indexes;
    private volatile SandboxAdSet[] _adSets;
    private readonly Dictionary<string, int> _callsThisHour = new(StringComparer.Ordinal);
    private DateTimeOffset _usageHour;

    public MetaAccount(int number, string id, IReadOnlyList<SandboxAdSet> adSets)
    {
        Number = number;
        Id = id;
        CampaignId = "120" + Digits;
        _adSets = [.. adSets];
        _indexes = adSets.Select(a => a.Index).ToHashSet();
    }

    /// <summary>The account's index among the world's Meta accounts, 0 for the first.</summary>
    public int Number { get; }

    /// <summary>The node id, <c>act_&lt;digits&gt;</c>.</summary>
    public string Id { get; }

    /// <summary>The id without <c>act_</c>, as rows' <c>account_id</c> carries it.</summary>
    public string Digits => Id[4..];

    /// <summary>The one campaign's id.</summary>
    public string CampaignId { get; }

    /// <summary>The account's name: the first is "AdPilot sandbox", the others carry their number from 2.</summary>
    public string Name => Number == 0 ? "AdPilot sandbox" : $"AdPilot sandbox {Number + 1}";

    /// <summary>The account's ad sets, in scenario order, then the copies made since.</summary>
    public IReadOnlyList<SandboxAdSet> AdSets => _adSets;

    /// <summary>Adds a copy made by the world (called under the world's lock, so one writer at a time).</summary>
    public void Add(SandboxAdSet copy)
    {
        _indexes = [.. _indexes, copy.Index];
        _adSets = [.. _adSets, copy];
    }

    /// <summary>Whether the ad set of world index <paramref name="index"/> is this account's.</summary>
    public bool Holds(int index) => _indexes.Contains(index);

    /// <summary>Counts one call of <paramref name="useCase"/> in <paramref name="hour"/>; the caller holds the sandbox's lock.</summary>
    public Dictionary<string, int> Count(string useCase, DateTimeOffset hour)
    {
        if (hour != _usageHour)
        {
            _usageHour = hour;
            _callsThisHour.Clear();
        }

        _callsThisHour[useCase] = _callsThisHour.GetValueOrDefault(useCase) + 1;
        return new Dictionary<string, int>(_callsThisHour, StringComparer.Ordinal);
    }
}
