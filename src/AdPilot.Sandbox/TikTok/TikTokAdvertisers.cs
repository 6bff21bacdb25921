using AdPilot.Core.Domain;

namespace AdPilot.Sandbox.TikTok;

/// <summary>
/// The emulated TikTok advertisers: their ids and the ad groups dealt to each (<see cref="SandboxAccountIds.Deal"/>),
/// with the copies the world makes since filed under their original's advertiser. Every endpoint sees only the ad groups
/// of the request's <c>advertiser_id</c>.
/// </summary>
internal sealed class TikTokAdvertisers
{
    private readonly SandboxWorld _world;

    // Read on every request without a lock; replaced whole when the world adds a copy (under the world's lock).
    private volatile Dictionary<string, int[]> _adGroups;
    private volatile Dictionary<string, HashSet<int>> _indexes;

    public TikTokAdvertisers(SandboxWorld world, IReadOnlyList<string> ids)
    {
        _world = world;
        var dealt = SandboxAccountIds.Deal(world, Platform.TikTok, ids.Count);
        Ids = ids;
        _adGroups = ids.Select((id, i) => (id, dealt[i])).ToDictionary(p => p.id, p => p.Item2.Select(a => a.Index).ToArray(), StringComparer.Ordinal);
        _indexes = _adGroups.ToDictionary(kv => kv.Key, kv => kv.Value.ToHashSet(), StringComparer.Ordinal);
        world.AdSetAdded += OnAdSetAdded;
    }

    /// <summary>The advertiser ids, the first being the one a single-account sandbox serves.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Whether <paramref name="id"/> is one of the sandbox's advertisers.</summary>
    public bool Contains(string? id) => id is not null && _adGroups.ContainsKey(id);

    /// <summary>The ad groups of an advertiser, in scenario order then the copies; empty for an unknown advertiser.</summary>
    public SandboxAdSet[] AdGroupsOf(string id)
    {
        if (!_adGroups.TryGetValue(id, out var indexes))
        {
            return [];
        }

        var adSets = _world.AdSets;
        return [.. indexes.Select(i => adSets[i])];
    }

    /// <summary>Whether the ad set of world index <paramref name="index"/> belongs to advertiser <paramref name="id"/>.</summary>
    public bool Holds(string id, int index) => _indexes.TryGetValue(id, out var set) && set.Contains(index);

    /// <summary>The advertiser's one campaign (the sandbox gives each advertiser one).</summary>
    public static string CampaignOf(string advertiserId) => "18" + advertiserId[2..];

    /// <summary>The refusal of an advertiser id the sandbox does not serve (missing or unknown).</summary>
    public string Unknown(string? given) => Ids.Count == 1
        ? $"advertiser_id: required; the sandbox serves advertiser {Ids[0]} only."
        : $"advertiser_id: required; the sandbox serves advertisers {string.Join(", ", Ids)}, got '{given}'.";

    /// <summary>Files a copy the world made under its original's advertiser (called under the world's lock).</summary>
    private void OnAdSetAdded(SandboxAdSet copy, SandboxAdSet original)
    {
        if (copy.Ref.Platform != Platform.TikTok || _indexes.FirstOrDefault(kv => kv.Value.Contains(original.Index)).Key is not { } advertiser)
        {
            return;
        }

        _adGroups = new Dictionary<string, int[]>(_adGroups, StringComparer.Ordinal) { [advertiser] = [.. _adGroups[advertiser], copy.Index] };
        _indexes = new Dictionary<string, HashSet<int>>(_indexes, StringComparer.Ordinal) { [advertiser] = [.. _indexes[advertiser], copy.Index] };
    }
}
