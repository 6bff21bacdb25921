using System.ComponentModel.DataAnnotations;

namespace AdPilot.Runtime.Actuation;

/// <summary>Settings of the actuator, bound from the <c>Actuator</c> section.</summary>
public sealed class ActuatorOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Actuator";

    /// <summary>
    /// Gets or sets how long an open intent stays worth applying. At recovery, an intent older than this (counted from
    /// when it was written, or approved) that the platform does not already show is marked failed as stale instead of
    /// applied: by then the policy has decided newer hours on newer data, and a late write would undo them.
    /// </summary>
    /// <value>The default value is 2 hours: one missed cycle is recovered, two are not.</value>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan IntentTtl { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Gets or sets the fewest updates in one cycle that go through a platform's batch path, when it has one.</summary>
    /// <value>The default value is 2.</value>
    [Range(1, 1000)]
    public int MinBatchSize { get; set; } = 2;

    /// <summary>The problems of these settings, one sentence each; empty when valid.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return [.. results.Select(r => $"{SectionName}: {r.ErrorMessage}")];
    }

    /// <summary>The options, or the defaults when null, after checking them.</summary>
    /// <exception cref="ArgumentException">The options have problems; the message lists them.</exception>
    internal static ActuatorOptions Checked(ActuatorOptions? options)
    {
        options ??= new ActuatorOptions();
        var errors = options.Validate();
        return errors.Count == 0 ? options : throw new ArgumentException($"invalid actuator options: {string.Join("; ", errors)}", nameof(options));
    }
}
