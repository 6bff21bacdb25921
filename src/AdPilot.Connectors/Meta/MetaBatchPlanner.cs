namespace AdPilot.Connectors.Meta;

/// <summary>
/// Splits ad set updates into Graph batches: at most 50 requests per batch, and never two ad sets of the same
/// campaign in one batch (api-reference.md §1.5).
/// </summary>
internal static class MetaBatchPlanner
{
    public const int MaxRequestsPerBatch = 50;

    /// <summary>Plans batches, keeping the input order within each batch.</summary>
    /// <typeparam name="T">The item.</typeparam>
    /// <param name="items">The items.</param>
    /// <param name="campaignOf">The campaign id of an item.</param>
    /// <returns>The batches; every item appears in exactly one.</returns>
    public static List<List<T>> Plan<T>(IEnumerable<T> items, Func<T, string> campaignOf)
    {
        var batches = new List<(List<T> Items, HashSet<string> Campaigns)>();
        foreach (var item in items)
        {
            var campaign = campaignOf(item);
            var batch = batches.FirstOrDefault(b => b.Items.Count < MaxRequestsPerBatch && !b.Campaigns.Contains(campaign));
            if (batch.Items is null)
            {
                batch = ([], new HashSet<string>(StringComparer.Ordinal));
                batches.Add(batch);
            }

            batch.Items.Add(item);
            batch.Campaigns.Add(campaign);
        }

        return batches.Select(b => b.Items).ToList();
    }
}
