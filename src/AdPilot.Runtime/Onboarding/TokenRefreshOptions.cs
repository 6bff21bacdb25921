using System.ComponentModel.DataAnnotations;

namespace AdPilot.Runtime.Onboarding;

/// <summary>When the Meta long-lived token is refreshed. Bound from the <c>TokenRefresh</c> configuration section.</summary>
public sealed class TokenRefreshOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "TokenRefresh";

    /// <summary>Gets or sets how many days before its expiry the stored Meta token is refreshed (and, when it cannot be, an alert raised).</summary>
    /// <value>The default value is 10 days.</value>
    [Range(1, 59, ErrorMessage = "The RefreshWithinDays must be between 1 and 59 (TokenRefresh__RefreshWithinDays).")]
    public int RefreshWithinDays { get; set; } = 10;

    /// <summary>Gets or sets how often <c>adpilot run</c> looks at the token's expiry, in hours.</summary>
    /// <value>The default value is 6 hours.</value>
    [Range(1, 24, ErrorMessage = "The CheckEveryHours must be between 1 and 24 (TokenRefresh__CheckEveryHours).")]
    public int CheckEveryHours { get; set; } = 6;

    /// <summary>Every problem with the settings, each naming its key.</summary>
    /// <returns>The problems; empty when the settings are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return [.. results.Select(r => $"{SectionName}: {r.ErrorMessage}")];
    }
}
