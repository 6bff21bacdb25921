using System.ComponentModel.DataAnnotations;

namespace AdPilot.Web;

/// <summary>Settings of <c>adpilot serve</c>, bound from the <c>Web</c> section (<c>WEB__…</c> in the environment).</summary>
public sealed class WebOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Web";

    /// <summary>Gets or sets the address to listen on.</summary>
    /// <value>The default value is <c>http://127.0.0.1:8080</c>.</value>
    [Required]
    public string Url { get; set; } = "http://127.0.0.1:8080";

    /// <summary>
    /// Gets or sets the admin token: a bearer token for scripts (<c>Authorization: Bearer …</c>) and a password for the
    /// dashboard's sign-in. A secret: never logged.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>Gets or sets the admin password for the dashboard's sign-in, besides the token. A secret: never logged.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether this is a production start: then no default credential exists and the
    /// start is refused unless <see cref="AdminToken"/> or <see cref="AdminPassword"/> is set. Outside production (the
    /// demo) a random one-time token is made and printed when none is set.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool Production { get; set; } = true;

    /// <summary>Gets or sets the largest webhook body accepted; a larger one is answered 413 and nothing is stored.</summary>
    /// <value>The default value is 1 MiB.</value>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxWebhookBytes { get; set; } = 1024 * 1024;

    /// <summary>Checks the options.</summary>
    /// <returns>Each problem, one sentence naming its key; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return [.. results.Select(r => $"{SectionName}: {r.ErrorMessage}")];
    }

    /// <inheritdoc />
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult($"The Url '{Url}' is not an http or https address (WEB__URL).", [nameof(Url)]);
        }

        if (Production && string.IsNullOrWhiteSpace(AdminToken) && string.IsNullOrWhiteSpace(AdminPassword))
        {
            yield return new ValidationResult(
                "No AdminToken or AdminPassword is set, and production mode has no default credential: set WEB__ADMINTOKEN or WEB__ADMINPASSWORD.",
                [nameof(AdminToken)]);
        }
    }
}
