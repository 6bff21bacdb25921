namespace AdPilot.Core.Training;

/// <summary>
/// A value that decays with the number of steps taken, for exploration rates (epsilon) and learning rates. Linear decay
/// reaches <see cref="End"/> at <see cref="Steps"/> and stays there; exponential decay halves the distance to
/// <see cref="End"/> every <see cref="Steps"/> steps.
/// </summary>
/// <param name="Start">The value at step 0.</param>
/// <param name="End">The value decayed toward.</param>
/// <param name="Steps">Linear: steps to reach the end; exponential: the half-life in steps.</param>
/// <param name="Kind">The shape of the decay.</param>
public sealed record DecaySchedule(double Start, double End, long Steps, DecayKind Kind = DecayKind.Linear)
{
    /// <summary>The value after <paramref name="step"/> steps.</summary>
    /// <param name="step">Steps taken (0 or more).</param>
    /// <returns>The scheduled value, between <see cref="Start"/> and <see cref="End"/>.</returns>
    public double ValueAt(long step)
    {
        if (step <= 0 || Steps <= 0)
        {
            return step <= 0 ? Start : End;
        }

        return Kind switch
        {
            DecayKind.Linear => step >= Steps ? End : Start + ((End - Start) * step / Steps),
            DecayKind.Exponential => End + ((Start - End) * Math.Pow(0.5, (double)step / Steps)),
            _ => throw new InvalidOperationException($"unknown decay kind {Kind}"),
        };
    }
}
