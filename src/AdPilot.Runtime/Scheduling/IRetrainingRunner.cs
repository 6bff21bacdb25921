namespace AdPilot.Runtime.Scheduling;

/// <summary>Runs a store's nightly retraining when its Quartz trigger fires.</summary>
public interface IRetrainingRunner
{
    /// <summary>Retrains the store on the data up to the start of the hour the fire was scheduled in.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="scheduledUtc">When the fire was scheduled for (a late or recovered fire still retrains its own night).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>A task that completes when the run is done; it fails when the run did (after logging and alerting).</returns>
    Task RunNightAsync(long storeId, DateTimeOffset scheduledUtc, CancellationToken cancellationToken);
}
