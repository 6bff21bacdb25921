using AdPilot.Core.Domain;

namespace AdPilot.Sandbox.TikTok;

/// <summary>
/// The emulated TikTok advertisers: their ids and the ad groups dealt to each (<see cref="SandboxAccountIds.Deal"/>).
/// Every endpoint sees only the ad groups of the request's <c>advertiser_id</c>.
/// </summary>
internal sealed class TikTokAdvertisers
{
    private readonly Dictionary<string, SandboxAdSet[]> _adGroups;
    private readonly Dictionary<string, HashSet<int>> _indexes;

    public TikTokAdvertisers(SandboxWorld world, IReadOnlyList<string> ids)
    {
        var dealt = SandboxAccountIds.Deal(world, Platform.TikTok, ids.Count);
        Ids = ids;
        _adGroups = ids.Select((id, i) => (id, dealt[i])).ToDictionary(p => p.id, p => p.Item2.ToArray(), StringComparer.Ordinal);
        _indexes = _adGroups.ToDictionary(kv => kv.Key, kv => kv.Value.Select(a => a.Index).ToHashSet(), StringComparer.Ordinal);
    }

    /// <summary>The advertiser ids, the first being the one a single-account sandbox serves.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Whether <paramref name="id"/> is one of the sandbox's advertisers.</summary>
    public bool Contains(string? id) => id is not null && _adGroups.ContainsKey(id);

    /// <summary>The ad groups of an advertiser, in scenario order; empty for an unknown advertiser.</summary>
    public SandboxAdSet[] AdGroupsOf(string id) => _adGroups.GetValueOrDefault(id) ?? [];

    /// <summary>Whether the ad set of world index <paramref name="index"/> belongs to advertiser <paramref name="id"/>.</summary>
    public bool Holds(string id, int index) => _indexes.TryGetValue(id, out var set) && set.Contains(index);

    /// <summary>The refusal of an advertiser id the sandbox does not serve (missing or unknown).</summary>
    public string Unknown(string? given) => Ids.Count == 1
        ? $"advertiser_id: required; the sandbox serves advertiser {Ids[0]} only."
        : $"advertiser_id: required; the sandbox serves advertisers {string.Join(", ", Ids)}, got '{given}'.";
}
