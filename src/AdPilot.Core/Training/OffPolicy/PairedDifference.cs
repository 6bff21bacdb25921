namespace AdPilot.Core.Training.OffPolicy;

/// <summary>
/// The difference of two policies' values on the same decisions (first minus second), with the normal 95% interval of
/// the mean of the per-decision differences, so what both estimates share (the same rewards, the same reward model)
/// cancels out of the interval.
/// </summary>
/// <param name="Decisions">The decisions compared.</param>
/// <param name="Difference">The mean per-decision difference.</param>
/// <param name="StandardError">Its standard error; null with fewer than two decisions.</param>
/// <param name="Lower">The lower end of the 95% interval.</param>
/// <param name="Upper">The upper end of the 95% interval.</param>
/// <param name="Reason">Why there is no interval, when there is none.</param>
public sealed record PairedDifference(int Decisions, double? Difference, double? StandardError, double? Lower, double? Upper, string? Reason);
