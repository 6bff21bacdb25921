using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation;

/// <summary>
/// The step interface of the guide's pipeline: reset gives a state per ad set; each step takes one action per ad
/// set, moves the world one hour, and returns the next states with the hour's rewards and information. The
/// simulator implements it in process; the production RealEnvironment implements it over the platforms.
/// </summary>
public interface IAdEnvironment
{
    /// <summary>Gets the ad sets, in the order of every span of states, actions and rewards.</summary>
    IReadOnlyList<AdSetDescriptor> AdSets { get; }

    /// <summary>Gets the store currency every amount is in.</summary>
    string Currency { get; }

    /// <summary>Starts an episode.</summary>
    /// <param name="cancellationToken">Cancels the reset.</param>
    /// <returns>The first states (rewards are zero).</returns>
    ValueTask<StepResult> ResetAsync(CancellationToken cancellationToken);

    /// <summary>Applies one action per ad set and advances one hour.</summary>
    /// <param name="actions">One action per ad set, in <see cref="AdSets"/> order.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>The next states and the hour's rewards and information.</returns>
    ValueTask<StepResult> StepAsync(ReadOnlyMemory<AdAction> actions, CancellationToken cancellationToken);
}
