using System.ComponentModel.DataAnnotations;
using AdPilot.Core.Experiments;

namespace AdPilot.Runtime.Experiments;

/// <summary>Settings of targeting experiments through A/B copies, bound from the <c>Experiments</c> section.</summary>
public sealed class ExperimentOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Experiments";

    /// <summary>Gets or sets a value indicating whether a policy's targeting proposals become experiments (they are never applied to a running ad set either way).</summary>
    /// <value>The default value is true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the share of the original's daily budget the copy runs on during the test.</summary>
    /// <value>The default value is 0.2.</value>
    [Range(0.01, 0.5)]
    public double TestShare { get; set; } = 0.2;

    /// <summary>Gets or sets the largest daily budget a copy may have during its test, in the account currency: the cap the test never exceeds.</summary>
    /// <value>The default value is 50.</value>
    [Range(typeof(decimal), "1", "1000000")]
    public decimal MaxTestBudget { get; set; } = 50m;

    /// <summary>Gets or sets how long both arms run before the verdict, in hours, the warm-up included.</summary>
    /// <value>The default value is 216: a 48-hour warm-up, then a week compared (each weekday in both arms).</value>
    [Range(24, 24 * 60)]
    public int DurationHours { get; set; } = 216;

    /// <summary>Gets or sets the hours at the start of the test that are not compared (the copy's learning phase, the original's late orders).</summary>
    /// <value>The default value is 48.</value>
    [Range(0, 24 * 30)]
    public int WarmUpHours { get; set; } = 48;

    /// <summary>Gets or sets the hours in each paired block of the test.</summary>
    /// <value>The default value is 24.</value>
    [Range(1, 168)]
    public int BlockHours { get; set; } = 24;

    /// <summary>Gets or sets the significance level of the two-sided paired t-test.</summary>
    /// <value>The default value is 0.05.</value>
    [Range(0.0001, 0.5)]
    public double Alpha { get; set; } = 0.05;

    /// <summary>Gets or sets the fewest blocks a verdict needs.</summary>
    /// <value>The default value is 3.</value>
    [Range(2, 1000)]
    public int MinBlocks { get; set; } = 3;

    /// <summary>Gets or sets how much more profit per unit of budget the copy must make than the original, as a share, to be kept.</summary>
    /// <value>The default value is 0.1.</value>
    [Range(0.0, 10.0)]
    public double MinLift { get; set; } = 0.1;

    /// <summary>Gets or sets the most experiments a store has open at once (proposed to running); more proposals wait.</summary>
    /// <value>The default value is 5.</value>
    [Range(1, 1000)]
    public int MaxOpen { get; set; } = 5;

    /// <summary>
    /// Gets or sets a value indicating whether the targeting advisor proposes experiments once a day per account: an ad set
    /// whose age band earns clearly less per unit of spend in the store's own data than another band is proposed a copy
    /// with that band (a proposal only; a person approves it, the experiment decides).
    /// </summary>
    /// <value>The default value is true.</value>
    public bool AdvisorEnabled { get; set; } = true;

    /// <summary>Gets or sets the days of rewards the advisor compares age bands on.</summary>
    /// <value>The default value is 14.</value>
    [Range(1, 90)]
    public int AdvisorLookbackDays { get; set; } = 14;

    /// <summary>Gets or sets the fewest attributed orders each of two age bands needs before the advisor compares them.</summary>
    /// <value>The default value is 20.</value>
    [Range(1, 100_000)]
    public int AdvisorMinOrders { get; set; } = 20;

    /// <summary>Gets or sets how far below the best band's profit per unit of spend an ad set's band must be to be proposed a test.</summary>
    /// <value>The default value is 0.3 (30% below).</value>
    [Range(0.01, 0.99)]
    public double AdvisorMinGap { get; set; } = 0.3;

    /// <summary>Gets the test's settings.</summary>
    public ExperimentTestOptions Test => new() { BlockHours = BlockHours, WarmUpHours = WarmUpHours, Alpha = Alpha, MinBlocks = MinBlocks, MinLift = MinLift };

    /// <summary>The problems of these settings, one sentence each; empty when valid.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        var errors = results.Select(r => $"{SectionName}: {r.ErrorMessage}").ToList();
        if (WarmUpHours + (BlockHours * MinBlocks) > DurationHours)
        {
            errors.Add($"{SectionName}: DurationHours ({DurationHours}) must hold WarmUpHours ({WarmUpHours}) and at least MinBlocks ({MinBlocks}) blocks of BlockHours ({BlockHours})");
        }

        errors.AddRange(Test.Validate().Select(e => $"{SectionName}: {e}"));
        return errors;
    }
}
