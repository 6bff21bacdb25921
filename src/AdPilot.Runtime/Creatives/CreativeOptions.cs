using System.ComponentModel.DataAnnotations;
using AdPilot.Core.Creatives;

namespace AdPilot.Runtime.Creatives;

/// <summary>Settings of creative tagging and rotation, bound from the <c>Creatives</c> section.</summary>
public sealed class CreativeOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Creatives";

    /// <summary>
    /// Gets or sets the fewest hours between two creative rotations of one ad set. Early pilots set it higher (48 or 72) to
    /// rotate more carefully; a rotation that came too soon is logged, refused, with reason <c>creative_rotation_min_hours</c>.
    /// </summary>
    /// <value>The default value is 24: at most once a day.</value>
    [Range(1, 24 * 90)]
    public int RotationMinHours { get; set; } = 24;

    /// <summary>
    /// Gets or sets the regular expression that finds an ad's creative type in its name; its group <c>type</c> (or first
    /// group) must capture <c>ugc</c>, <c>lifestyle</c>, <c>product</c> or <c>discount</c>.
    /// </summary>
    /// <value>The default value is <see cref="CreativeNamingConvention.DefaultPattern"/> (the type as a token of its own).</value>
    public string? NamePattern { get; set; }

    /// <summary>
    /// Gets or sets the mapping file (ad id or name pattern → type) that <c>adpilot creatives tag</c> reads when no
    /// <c>--mapping</c> is given; it wins over the naming convention.
    /// </summary>
    /// <value>The default value is none.</value>
    public string? MappingFile { get; set; }

    /// <summary>The problems of these settings, one sentence each; empty when valid.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        var errors = results.Select(r => $"{SectionName}: {r.ErrorMessage}").ToList();
        try
        {
            _ = new CreativeNamingConvention(NamePattern);
        }
        catch (ArgumentException ex)
        {
            errors.Add(ex.Message);
        }

        return errors;
    }
}
