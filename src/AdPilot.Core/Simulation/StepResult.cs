using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation;

/// <summary>
/// What an environment returns from reset and from each step: the states to act on next, and the rewards and
/// information of the hour just completed. Its buffers belong to the environment and are overwritten by its next
/// call; copy what must outlive it.
/// </summary>
public sealed class StepResult
{
    private AdEnvironmentState[] _states;
    private RewardMetrics[] _rewards;
    private AdSetHourInfo[] _info;

    /// <summary>Initializes a new instance of the <see cref="StepResult"/> class with buffers for <paramref name="adSetCount"/> ad sets.</summary>
    /// <param name="adSetCount">The number of ad sets.</param>
    public StepResult(int adSetCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(adSetCount);
        _states = new AdEnvironmentState[adSetCount];
        _rewards = new RewardMetrics[adSetCount];
        _info = new AdSetHourInfo[adSetCount];
    }

    /// <summary>
    /// Grows or shrinks the buffers to <paramref name="adSetCount"/> ad sets (an environment that adds an ad set while an
    /// episode runs); the entries of the ad sets kept are kept, a new one's are zero.
    /// </summary>
    /// <param name="adSetCount">The number of ad sets.</param>
    public void Resize(int adSetCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(adSetCount);
        Array.Resize(ref _states, adSetCount);
        Array.Resize(ref _rewards, adSetCount);
        Array.Resize(ref _info, adSetCount);
    }

    /// <summary>Gets or sets the index of the hour <see cref="States"/> describe (0 after reset).</summary>
    public int HourIndex { get; set; }

    /// <summary>Gets or sets the UTC start of the hour <see cref="States"/> describe.</summary>
    public DateTimeOffset HourStartUtc { get; set; }

    /// <summary>Gets each ad set's state at the start of the next hour.</summary>
    public ReadOnlySpan<AdEnvironmentState> States => _states;

    /// <summary>Gets each ad set's outcome over the hour just completed (zero after reset).</summary>
    public ReadOnlySpan<RewardMetrics> Rewards => _rewards;

    /// <summary>Gets each ad set's detailed report of the hour just completed.</summary>
    public ReadOnlySpan<AdSetHourInfo> Info => _info;

    /// <summary>Gets or sets the orders no ad caused that reached Shopify in the hour.</summary>
    public long OrganicOrders { get; set; }

    /// <summary>Gets or sets their revenue.</summary>
    public double OrganicRevenue { get; set; }

    /// <summary>Gets the states for an environment to fill.</summary>
    public Span<AdEnvironmentState> StatesToWrite => _states;

    /// <summary>Gets the rewards for an environment to fill.</summary>
    public Span<RewardMetrics> RewardsToWrite => _rewards;

    /// <summary>Gets the information for an environment to fill.</summary>
    public Span<AdSetHourInfo> InfoToWrite => _info;
}
