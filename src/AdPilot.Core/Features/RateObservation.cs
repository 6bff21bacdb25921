namespace AdPilot.Core.Features;

/// <summary>One hour's contribution to an exponentially weighted rate.</summary>
/// <param name="AgeHours">
/// How long before the as-of time the hour ended: 0 for the hour just completed, 1 for the one before, and so on.
/// </param>
/// <param name="Numerator">Events counted in the rate's numerator (clicks for CTR, purchases for CVR).</param>
/// <param name="Denominator">Events counted in its denominator (impressions for CTR, clicks for CVR).</param>
public readonly record struct RateObservation(double AgeHours, double Numerator, double Denominator);
