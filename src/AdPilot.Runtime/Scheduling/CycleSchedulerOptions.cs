using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace AdPilot.Runtime.Scheduling;

/// <summary>Settings of the hourly cycle scheduler, bound from the <c>Scheduler</c> section.</summary>
public sealed class CycleSchedulerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler";

    /// <summary>
    /// Gets or sets the minute past each UTC hour at which every account's cycle fires. The cycle is for the hour it was
    /// scheduled in (<see cref="AccountHour.HourUtc"/> is the scheduled fire time floored to the hour); a few minutes in
    /// gives the platforms' reports of the hour before time to settle.
    /// </summary>
    /// <value>The default value is 5.</value>
    [Range(0, 59)]
    public int MinutePastHour { get; set; } = 5;

    /// <summary>
    /// Gets or sets this worker's instance id: its Quartz instance id in a cluster and the <c>worker</c> of the ledger rows
    /// it claims. Must differ between the workers sharing one PostgreSQL.
    /// </summary>
    /// <value>The default value is null, meaning the machine name and the process id (<c>host-1234</c>).</value>
    [StringLength(100, MinimumLength = 1)]
    public string? WorkerId { get; set; }

    /// <summary>Gets or sets how often a clustered worker records in PostgreSQL that it is alive.</summary>
    /// <value>The default value is 15 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Gets or sets how long past a missed check-in the other workers wait before taking a worker for dead and recovering
    /// its jobs: a job that worker was running is run again elsewhere, for the same account-hour.
    /// </summary>
    /// <value>The default value is 15 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ClusterCheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Gets or sets how late a fire may be before Quartz treats it as misfired (all workers down, or all busy). A misfired
    /// hour fires once as soon as a worker can, for the hour it was scheduled for; hours missed beyond the first are not
    /// caught up, since each cycle reads the platforms' current state anyway.
    /// </summary>
    /// <value>The default value is 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how many accounts' cycles one worker runs at once.</summary>
    /// <value>The default value is 4.</value>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Gets the worker id in force: <see cref="WorkerId"/>, or the machine name and process id.</summary>
    public string EffectiveWorkerId =>
        string.IsNullOrWhiteSpace(WorkerId) ? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}") : WorkerId.Trim();

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
    internal static CycleSchedulerOptions Checked(CycleSchedulerOptions? options)
    {
        options ??= new CycleSchedulerOptions();
        var errors = options.Validate();
        return errors.Count == 0 ? options : throw new ArgumentException($"invalid scheduler options: {string.Join("; ", errors)}", nameof(options));
    }
}
