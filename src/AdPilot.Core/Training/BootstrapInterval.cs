namespace AdPilot.Core.Training;

/// <summary>A mean with its bootstrap confidence interval.</summary>
/// <param name="Mean">The observed mean.</param>
/// <param name="Lower">The interval's lower end.</param>
/// <param name="Upper">The interval's upper end.</param>
/// <param name="Confidence">The interval's nominal coverage, e.g. 0.95.</param>
public sealed record BootstrapInterval(double Mean, double Lower, double Upper, double Confidence)
{
    /// <summary>Gets a value indicating whether the whole interval lies above zero.</summary>
    public bool ExcludesZeroFromAbove => Lower > 0;
}
