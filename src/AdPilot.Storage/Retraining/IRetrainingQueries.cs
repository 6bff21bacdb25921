namespace AdPilot.Storage.Retraining;

/// <summary>What the nightly retraining counts that the other read models do not: the policy's logged decisions over a range.</summary>
public interface IRetrainingQueries
{
    /// <summary>The decisions logged for hours in [from, to), leaving out those of the named policies (e.g. people's changes).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="from">The first hour, inclusive.</param>
    /// <param name="to">The last hour, exclusive.</param>
    /// <param name="excludedPolicies">Policy names whose entries do not count.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The count.</returns>
    Task<long> CountDecisionsAsync(long storeId, DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string> excludedPolicies, CancellationToken cancellationToken);
}
